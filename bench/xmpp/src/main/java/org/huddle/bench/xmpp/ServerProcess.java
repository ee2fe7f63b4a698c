package org.huddle.bench.xmpp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An XMPP server under test, running as a child process (with its descendants, e.g. the Erlang VM
 * under {@code su}) on 127.0.0.1 with anonymous login on {@link #DOMAIN} and MUC on {@link #MUC}.
 * Memory and CPU are read from /proc for the whole process tree.
 */
abstract class ServerProcess implements AutoCloseable {
  static final String DOMAIN = "bench.local";
  static final String MUC = "muc.bench.local";
  private static final Logger log = LoggerFactory.getLogger(ServerProcess.class);
  private static final long CLOCK_TICKS = 100;

  final String name;
  final Path dir;
  final int c2sPort = freePort();
  final int httpPort = freePort();
  Process process;

  ServerProcess(String name, Path root) throws IOException {
    this.name = name;
    this.dir = Files.createDirectory(root.resolve(name));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Writes the configuration and starts the process. */
  abstract void launch() throws Exception;

  /** The server's own version string, for the report. */
  abstract String version();

  /** Asks the server to collect garbage, where that means something (the JVM); true if done. */
  boolean collectGarbage() {
    return false;
  }

  final void start(Duration timeout) throws Exception {
    launch();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited at start: " + logTail());
      }
      if (listening(c2sPort) && listening(httpPort)) {
        // Listening is not always ready (ejabberd binds before its modules start): log in once.
        try (XmppClient c = XmppClient.login(c2sPort, false, DOMAIN, 5000)) {
          c.closeStream();
          log.info("{} is up: c2s {}, http {}, pid {}", name, c2sPort, httpPort, process.pid());
          return;
        } catch (IOException e) {
          log.debug("{} not ready: {}", name, e.toString());
        }
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(name + " did not start in " + timeout + ": " + logTail());
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The text of the server's log files (last 3000 characters), for error messages. */
  String logTail() {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(p -> p.toString().endsWith(".log")).toList()) {
        sb.append("== ").append(p).append('\n').append(Files.readString(p));
      }
    } catch (IOException | RuntimeException e) {
      sb.append("(logs unreadable: ").append(e).append(')');
    }
    return sb.length() > 3000 ? sb.substring(sb.length() - 3000) : sb.toString();
  }

  private List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    if (process != null && process.isAlive()) {
      pids.add(process.pid());
      process.descendants().forEach(p -> pids.add(p.pid()));
    }
    return pids;
  }

  /** Resident memory of the process tree, in bytes. */
  long rssBytes() {
    long kb = 0;
    for (long pid : pids()) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
          if (line.startsWith("VmRSS:")) {
            kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
          }
        }
      } catch (IOException | RuntimeException e) {
        // the process just ended
      }
    }
    return kb * 1024;
  }

  /** User + system CPU time of the process tree so far, in seconds. */
  double cpuSeconds() {
    long ticks = 0;
    for (long pid : pids()) {
      ticks += cpuTicks(Path.of("/proc", Long.toString(pid), "stat"));
    }
    return ticks / (double) CLOCK_TICKS;
  }

  /**
   * CPU seconds of the process tree by thread group: each thread's name (its 15-character {@code
   * comm}) with digits and trailing separators removed, so "C2 CompilerThre" or "G1 Conc" sum their
   * threads. Threads that ended are not counted.
   */
  Map<String, Double> cpuByThreadGroup() {
    Map<String, Double> groups = new TreeMap<>();
    for (long pid : pids()) {
      try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
        for (Path task : tasks.toList()) {
          String group;
          try {
            group = Files.readString(task.resolve("comm")).strip();
          } catch (IOException e) {
            continue; // the thread just ended
          }
          group = group.replaceAll("[#\\-_ ]*[0-9]*$", "");
          groups.merge(group, cpuTicks(task.resolve("stat")) / (double) CLOCK_TICKS, Double::sum);
        }
      } catch (IOException | RuntimeException e) {
        // the process just ended
      }
    }
    return groups;
  }

  static double ownCpuSeconds() {
    return cpuTicks(Path.of("/proc/self/stat")) / (double) CLOCK_TICKS;
  }

  private static long cpuTicks(Path stat) {
    try {
      String s = Files.readString(stat);
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      // after the command: state is field 3, utime 14, stime 15 (1-based in proc(5))
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Waits until the server uses less than 5% of a core over half a second (at most max). */
  void awaitQuiet(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    double last = cpuSeconds();
    while (System.nanoTime() < deadline) {
      Thread.sleep(500);
      double now = cpuSeconds();
      if (now - last < 0.025) {
        return;
      }
      last = now;
    }
    log.warn("{} still busy after {}", name, max);
  }

  static Process run(List<String> command, Path out, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(out.toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  static String capture(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "(timed out)";
      }
      return new String(p.getInputStream().readAllBytes()).strip();
    } catch (IOException | InterruptedException e) {
      return "(" + e + ")";
    }
  }

  static void runOrFail(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(out));
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the whole process tree: TERM, then KILL after 5 s. Safe to call more than once. */
  @Override
  public void close() {
    stop(Duration.ofSeconds(5));
  }

  /** Stops the whole process tree: TERM, then KILL after {@code grace}. */
  void stop(Duration grace) {
    if (process == null) {
      return;
    }
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.sort(Comparator.comparingLong(ProcessHandle::pid).reversed());
    tree.add(process.toHandle());
    for (ProcessHandle h : tree) {
      h.destroy();
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle h : tree) {
      while (h.isAlive() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    for (ProcessHandle h : tree) {
      if (h.isAlive()) {
        log.warn("{}: pid {} ignored TERM, killing it", name, h.pid());
        h.destroyForcibly();
      }
    }
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
