package org.huddle.auth.plugins.lua;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the plugin folders and reports changed {@code .lua} files, so plugins reload without a
 * restart. A virtual thread waits on the file system's watch service; changes are gathered for a
 * short moment (an editor's save is often several events) and then handed over together on the
 * blocking executor.
 */
final class PluginWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PluginWatcher.class);
  static final long SETTLE_MILLIS = 150;

  private final WatchService watch;
  private final Map<WatchKey, Path> folders = new HashMap<>();
  private final ScheduledExecutorService timer;
  private final Executor blocking;
  private final Consumer<Set<Path>> onChange;
  private final Set<Path> pending = new LinkedHashSet<>();
  private final Thread thread;
  private boolean scheduled;

  private PluginWatcher(
      WatchService watch,
      ScheduledExecutorService timer,
      Executor blocking,
      Consumer<Set<Path>> onChange) {
    this.watch = watch;
    this.timer = timer;
    this.blocking = blocking;
    this.onChange = onChange;
    this.thread = Thread.ofVirtual().name("plugin-watcher").unstarted(this::run);
  }

  /** Starts watching these folders; null when there are none. */
  static PluginWatcher start(
      List<Path> dirs,
      ScheduledExecutorService timer,
      Executor blocking,
      Consumer<Set<Path>> onChange)
      throws IOException {
    if (dirs.isEmpty()) {
      return null;
    }
    PluginWatcher w =
        new PluginWatcher(FileSystems.getDefault().newWatchService(), timer, blocking, onChange);
    for (Path dir : dirs) {
      WatchKey key =
          dir.register(
              w.watch,
              StandardWatchEventKinds.ENTRY_CREATE,
              StandardWatchEventKinds.ENTRY_MODIFY,
              StandardWatchEventKinds.ENTRY_DELETE);
      w.folders.put(key, dir);
    }
    w.thread.start();
    return w;
  }

  private void run() {
    try {
      while (true) {
        WatchKey key = watch.take();
        Path dir = folders.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
          if (dir != null && event.context() instanceof Path p && p.toString().endsWith(".lua")) {
            changed(dir.resolve(p).toAbsolutePath().normalize());
          } else if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            LOG.debug("plugin folder events overflowed; rechecking every plugin");
            changed(dir);
          }
        }
        key.reset();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // Closed at shutdown.
    }
  }

  private synchronized void changed(Path file) {
    pending.add(file);
    if (!scheduled) {
      scheduled = true;
      timer.schedule(() -> blocking.execute(this::flush), SETTLE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void flush() {
    Set<Path> files;
    synchronized (this) {
      files = new LinkedHashSet<>(pending);
      pending.clear();
      scheduled = false;
    }
    try {
      onChange.accept(files);
    } catch (RuntimeException e) {
      LOG.warn("reloading plugins after a change failed", e);
    }
  }

  @Override
  public void close() {
    try {
      watch.close();
    } catch (IOException e) {
      LOG.debug("closing the plugin watcher", e);
    }
    thread.interrupt();
  }
}
