package org.huddle.web;

import java.io.IOException;
import java.time.Clock;
import org.huddle.records.Records;
import org.huddle.web.files.FileShareHandler;
import org.huddle.web.files.FileStore;
import org.huddle.web.files.FileSweeper;
import org.huddle.web.files.FolderStore;
import org.huddle.web.files.S3Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The web role's file server: its store, the {@code /files/} handler and the sweeper. */
public final class FileShare implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FileShare.class);

  private final FileStore store;
  private final FileShareHandler handler;
  private final FileSweeper sweeper;

  private FileShare(FileStore store, FileShareHandler handler, FileSweeper sweeper) {
    this.store = store;
    this.handler = handler;
    this.sweeper = sweeper;
  }

  /**
   * Opens the store the config names (the S3 bucket when one is set, else the folder) and starts
   * the sweeper; null when the config has no secret (no file server).
   *
   * @param records where uploads are recorded, or null
   */
  public static FileShare start(FileShareConfig config, Records records) throws IOException {
    if (!config.enabled()) {
      return null;
    }
    FileStore store =
        config.s3().configured()
            ? new S3Store(config.s3(), config.path().resolve(FolderStore.SPOOL))
            : new FolderStore(config.path());
    LOG.info(
        "files: {}, kept {}",
        config.s3().configured()
            ? "S3 bucket " + config.s3().bucket() + " at " + config.s3().endpoint()
            : "folder " + config.path(),
        config.expiresAfter());
    Clock clock = Clock.systemUTC();
    FileSweeper sweeper =
        new FileSweeper(store, records, config.expiresAfter(), config.sweepBatch(), clock)
            .start(config.sweepInterval());
    return new FileShare(store, new FileShareHandler(config, store, records, clock), sweeper);
  }

  public FileShareHandler handler() {
    return handler;
  }

  public FileSweeper sweeper() {
    return sweeper;
  }

  @Override
  public void close() {
    sweeper.close();
    store.close();
  }
}
