package org.huddle.web.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where shared files are kept, by key ({@code <room>/<id>/<name>}). An upload is first written
 * whole to a local spool file ({@link #spool()}), and only a complete one is handed to {@link
 * #store}: a store never holds part of a file.
 */
public interface FileStore extends AutoCloseable {
  /** A stored file, open for reading. */
  record Stored(InputStream body, long size) {}

  /** The folder uploads are written to until they are complete. */
  Path spool();

  /** Keeps a complete upload under {@code key}; {@code complete} is moved or removed. */
  void store(String key, Path complete, String contentType) throws IOException;

  /** The file under {@code key}, if there is one. */
  Optional<Stored> open(String key) throws IOException;

  /** Whether a file is kept under {@code key}. */
  boolean exists(String key) throws IOException;

  /** Removes the file under {@code key}, if there is one. */
  void delete(String key) throws IOException;

  /** At most {@code limit} keys of files stored before {@code before}. */
  List<String> olderThan(Instant before, int limit) throws IOException;

  @Override
  default void close() {}
}
