package org.huddle.auth.plugins.lua;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The fallback when the file system offers no watch service (or has run out of watches): compares
 * the {@code .lua} files' modification times every {@value #PERIOD_MILLIS} ms on the shared timer,
 * and hands the changed files over on the blocking executor, as {@link PluginWatcher} does.
 */
final class PluginPoller implements AutoCloseable {
  static final long PERIOD_MILLIS = 2_000;

  private final List<Path> folders;
  private final Executor blocking;
  private final Consumer<Set<Path>> onChange;
  private Map<Path, Long> seen;
  private final ScheduledFuture<?> task;

  private PluginPoller(
      List<Path> folders,
      ScheduledExecutorService timer,
      Executor blocking,
      Consumer<Set<Path>> onChange) {
    this.folders = folders;
    this.blocking = blocking;
    this.onChange = onChange;
    this.seen = snapshot();
    this.task =
        timer.scheduleWithFixedDelay(
            () -> blocking.execute(this::check),
            PERIOD_MILLIS,
            PERIOD_MILLIS,
            TimeUnit.MILLISECONDS);
  }

  static PluginPoller start(
      List<Path> folders,
      ScheduledExecutorService timer,
      Executor blocking,
      Consumer<Set<Path>> onChange) {
    return new PluginPoller(folders, timer, blocking, onChange);
  }

  private synchronized void check() {
    Map<Path, Long> now = snapshot();
    Set<Path> changed = new LinkedHashSet<>();
    now.forEach(
        (file, time) -> {
          if (!time.equals(seen.get(file))) {
            changed.add(file);
          }
        });
    seen.keySet().stream().filter(f -> !now.containsKey(f)).forEach(changed::add);
    seen = now;
    if (!changed.isEmpty()) {
      onChange.accept(changed);
    }
  }

  private Map<Path, Long> snapshot() {
    Map<Path, Long> out = new HashMap<>();
    for (Path folder : folders) {
      try (Stream<Path> files = Files.list(folder)) {
        files
            .filter(f -> f.toString().endsWith(".lua"))
            .forEach(
                f -> {
                  try {
                    out.put(
                        f.toAbsolutePath().normalize(), Files.getLastModifiedTime(f).toMillis());
                  } catch (IOException e) {
                    // Gone between listing and reading; the next round sees it as removed.
                  }
                });
      } catch (IOException e) {
        // An unreadable folder holds nothing this round.
      }
    }
    return out;
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
