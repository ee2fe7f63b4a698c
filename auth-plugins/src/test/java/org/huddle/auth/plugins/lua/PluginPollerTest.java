package org.huddle.auth.plugins.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The polling fallback reports added, edited and removed plugin files. */
class PluginPollerTest {
  static Set<Path> union(List<Set<Path>> reports) {
    Set<Path> all = new java.util.HashSet<>();
    reports.forEach(all::addAll);
    return all;
  }

  @Test
  void reportsAddedEditedAndRemovedLuaFiles(@TempDir Path dir) throws Exception {
    Path kept = Files.writeString(dir.resolve("kept.lua"), "-- v1");
    Files.writeString(dir.resolve("gone.lua"), "-- v1");
    Files.writeString(dir.resolve("notes.txt"), "not a plugin");
    List<Set<Path>> reports = new CopyOnWriteArrayList<>();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try (PluginPoller poller =
        PluginPoller.start(
            List.of(dir), timer, Executors.newVirtualThreadPerTaskExecutor(), reports::add)) {
      Files.writeString(kept, "-- v2");
      Files.setLastModifiedTime(kept, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
      Files.delete(dir.resolve("gone.lua"));
      Path added = Files.writeString(dir.resolve("added.lua"), "-- new");
      Files.writeString(dir.resolve("notes.txt"), "still not a plugin");
      Set<Path> expected =
          Set.of(
              kept.toAbsolutePath().normalize(),
              dir.resolve("gone.lua").toAbsolutePath().normalize(),
              added.toAbsolutePath().normalize());
      await().atMost(Duration.ofSeconds(15)).until(() -> union(reports).containsAll(expected));
      assertThat(union(reports)).isEqualTo(expected);
    } finally {
      timer.shutdownNow();
    }
  }
}
