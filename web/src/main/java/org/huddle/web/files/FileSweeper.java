package org.huddle.web.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.huddle.records.MeetingFiles;
import org.huddle.records.Records;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes shared files after {@code expires-after}, at most {@code sweep-batch} a run: first the
 * recorded ones (the stored object goes, the row is marked deleted and stays in the meeting's
 * record), then any stored file older than that which has no row (uploaded while the records were
 * away, or with records off), then spool files an interrupted process left.
 */
public final class FileSweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FileSweeper.class);

  private final FileStore store;
  private final Records records;
  private final Duration keep;
  private final int batch;
  private final Clock clock;
  private final AtomicLong deleted = new AtomicLong();
  private ScheduledExecutorService timer;

  public FileSweeper(FileStore store, Records records, Duration keep, int batch, Clock clock) {
    this.store = store;
    this.records = records;
    this.keep = keep;
    this.batch = batch;
    this.clock = clock;
  }

  /** Sweeps every {@code interval} on a virtual thread. */
  public FileSweeper start(Duration interval) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("file-sweeper").factory());
    timer.scheduleWithFixedDelay(
        this::sweepQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Files deleted since start. */
  public long deleted() {
    return deleted.get();
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (IOException | RuntimeException e) {
      LOG.warn("file sweep failed; trying again next time: {}", e.toString());
    }
  }

  /** One run; returns how many files it deleted. */
  public int sweep() throws IOException {
    Instant now = clock.instant();
    Instant before = now.minus(keep);
    int done = 0;
    if (records != null) {
      List<MeetingFiles.StoredFile> expired = records.files().expired(before, batch);
      for (MeetingFiles.StoredFile f : expired) {
        store.delete(f.key());
        records.files().markDeleted(f.id(), now);
        done++;
      }
    }
    if (done < batch) {
      for (String key : store.olderThan(before, batch - done)) {
        if (records != null && recordedAndKept(key)) {
          continue; // its row decides, by the upload time it records
        }
        store.delete(key);
        done++;
      }
    }
    try (Stream<Path> parts = Files.list(store.spool())) {
      for (Path p : parts.toList()) {
        if (Files.getLastModifiedTime(p).toInstant().isBefore(now.minus(Duration.ofDays(1)))) {
          Files.deleteIfExists(p);
        }
      }
    }
    deleted.addAndGet(done);
    if (done > 0) {
      LOG.info("file sweep: deleted {} files older than {}", done, keep);
    }
    return done;
  }

  private boolean recordedAndKept(String key) {
    return records.files().byKey(key).map(f -> f.deletedAt() == null).orElse(false);
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
