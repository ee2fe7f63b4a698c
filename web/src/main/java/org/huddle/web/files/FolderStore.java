package org.huddle.web.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Files in a folder, as the private-deployment seed's fsserver keeps them in its {@code
 * --directory}: {@code <folder>/<room>/<id>/<name>}. Uploads are spooled in {@code
 * <folder>/.incoming} on the same file system, so the move that publishes a complete file is
 * atomic.
 */
public final class FolderStore implements FileStore {
  /** The spool folder's name under the store's folder. */
  public static final String SPOOL = ".incoming";

  private final Path root;
  private final Path spool;

  public FolderStore(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.spool = this.root.resolve(SPOOL);
    Files.createDirectories(spool);
  }

  @Override
  public Path spool() {
    return spool;
  }

  private Path file(String key) {
    Path p = root.resolve(key).normalize();
    if (!p.startsWith(root) || p.startsWith(spool)) {
      throw new IllegalArgumentException("not a key: " + key);
    }
    return p;
  }

  @Override
  public void store(String key, Path complete, String contentType) throws IOException {
    Path target = file(key);
    Files.createDirectories(target.getParent());
    try {
      Files.move(complete, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(complete, target);
    }
  }

  @Override
  public Optional<Stored> open(String key) throws IOException {
    Path p = file(key);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    return Optional.of(new Stored(Files.newInputStream(p), Files.size(p)));
  }

  @Override
  public boolean exists(String key) {
    return Files.exists(file(key));
  }

  @Override
  public void delete(String key) throws IOException {
    Path p = file(key);
    Files.deleteIfExists(p);
    // the key's own folders (<room>/<id>) go with it when empty; the room's stays for others
    Path id = p.getParent();
    if (id != null && !id.equals(root)) {
      try {
        Files.deleteIfExists(id);
      } catch (java.nio.file.DirectoryNotEmptyException e) {
        // another file shares the folder
      }
    }
  }

  @Override
  public List<String> olderThan(Instant before, int limit) throws IOException {
    List<String> keys = new ArrayList<>();
    FileTime cut = FileTime.from(before);
    try (Stream<Path> files = Files.walk(root, 3)) {
      files
          .filter(p -> !p.startsWith(spool) && root.relativize(p).getNameCount() == 3)
          .filter(Files::isRegularFile)
          .filter(p -> modified(p).compareTo(cut) < 0)
          .limit(limit)
          .forEach(p -> keys.add(root.relativize(p).toString().replace('\\', '/')));
    }
    return keys;
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.from(Instant.MAX);
    }
  }
}
