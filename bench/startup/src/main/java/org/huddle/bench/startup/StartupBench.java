package org.huddle.bench.startup;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts {@code huddle all} from {@code dist/huddle.jar} as a child process once per configuration
 * per round (interleaved, so that the machine's load falls on all of them alike), each time with a
 * fresh data folder and free loopback ports, and measures:
 *
 * <ul>
 *   <li>ready: exec to all four roles' {@code /about/health} answering 200, in ms;
 *   <li>CPU at ready, and after the idle period (the first minute's CPU), from /proc;
 *   <li>RSS (and its anonymous and file-backed parts) after {@code bench.idle} seconds idle;
 *   <li>peak RSS while three guests are in a meeting ({@code huddle aot-train --against}: logins,
 *       the focus allocating the bridge, MUC joins, chat; signalling only, no media) for {@code
 *       bench.hold} seconds.
 * </ul>
 *
 * <p>Configurations: {@code defaults} is {@code java -jar} as before issue 18 (the JVM's own
 * flags); {@code small} is {@code scripts/lib.sh}'s flags without the start-up cache; {@code
 * small+aot} with it (trained first when missing). The flags come from lib.sh itself, so the bench
 * measures what {@code ./huddle} runs.
 *
 * <p>{@code -Dbench.split=true} measures the four roles as separate processes instead ({@link
 * SplitStack}), with the configurations {@code small}, {@code small+shared} and {@code small+own}.
 */
public final class StartupBench {
  private static final Logger LOG = LoggerFactory.getLogger(StartupBench.class);
  private static final Duration READY_WITHIN = Duration.ofSeconds(180);

  private final Path repo;
  private final Path jar;
  private final String java;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  StartupBench(Path repo) {
    this.repo = repo;
    this.jar = repo.resolve("dist/huddle.jar");
    this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(prop("bench.rounds", "3"));
    boolean split = Boolean.parseBoolean(prop("bench.split", "false"));
    List<String> configs =
        Arrays.asList(
            prop(
                    "bench.configs",
                    split ? "small,small+shared,small+own" : "defaults,small,small+aot")
                .split(","));
    int idle = Integer.parseInt(prop("bench.idle", "20"));
    int hold = Integer.parseInt(prop("bench.hold", "15"));
    StartupBench bench = new StartupBench(Path.of(prop("bench.repo", ".")).toAbsolutePath());
    if (!Files.isRegularFile(bench.jar)) {
      throw new IllegalStateException(bench.jar + " is missing: build it first (mvn package)");
    }
    if (split) {
      SplitStack stack = new SplitStack(bench);
      stack.ensureCaches(configs);
      String before = Files.readString(Path.of("/proc/loadavg")).trim();
      Map<String, List<Map<String, SplitStack.RoleRun>>> runs = new LinkedHashMap<>();
      for (int r = 1; r <= rounds; r++) {
        for (String c : configs) {
          Map<String, SplitStack.RoleRun> run = stack.run(c, idle, hold);
          LOG.info("round {} {}: {}", r, c, run);
          runs.computeIfAbsent(c, k -> new ArrayList<>()).add(run);
        }
      }
      String after = Files.readString(Path.of("/proc/loadavg")).trim();
      SplitStack.print(runs, rounds, idle, hold, before, after);
      return;
    }
    if (configs.contains("small+aot")) {
      bench.ensureCache();
    }
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
    Map<String, List<Run>> runs = new LinkedHashMap<>();
    for (int r = 1; r <= rounds; r++) {
      for (String c : configs) {
        Run run = bench.run(c, idle, hold);
        LOG.info("round {} {}: {}", r, c, run);
        runs.computeIfAbsent(c, k -> new ArrayList<>()).add(run);
      }
    }
    String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
    print(runs, rounds, idle, hold, loadBefore, loadAfter);
  }

  /** One start: the measurements, or the failure. */
  record Run(
      long readyMs,
      double cpuAtReady,
      double cpuAfterIdle,
      long rssIdleKb,
      long anonIdleKb,
      long fileIdleKb,
      long rssMeetingKb) {
    @Override
    public String toString() {
      return String.format(
          "ready %d ms, CPU %.2f s at ready, %.2f s after idle, RSS idle %d MB (anon %d, file %d),"
              + " meeting %d MB",
          readyMs,
          cpuAtReady,
          cpuAfterIdle,
          rssIdleKb / 1024,
          anonIdleKb / 1024,
          fileIdleKb / 1024,
          rssMeetingKb / 1024);
    }
  }

  /** The command line lib.sh makes for a configuration (or the plain one for defaults). */
  List<String> command(String config) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    if (config.equals("defaults")) {
      cmd.add("--enable-native-access=ALL-UNNAMED");
    } else {
      cmd.addAll(libSh(config.equals("small+aot") ? "auto" : "off", "huddle_java_flags"));
    }
    cmd.addAll(List.of("-jar", jar.toString(), "all"));
    return cmd;
  }

  Path jar() {
    return jar;
  }

  String java() {
    return java;
  }

  /** A variable of Huddle's that the bench sets itself, not taken from its own environment. */
  static boolean huddleVariable(String name) {
    return name.startsWith("HUDDLE_") || name.startsWith("JVB_") || name.startsWith("XMPP_");
  }

  /** Runs lib.sh's FUNCTION JAVA JAR ARGS... with HUDDLE_AOT=aot; its output lines. */
  List<String> libSh(String aot, String function, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "bash",
                "-c",
                ". scripts/lib.sh && " + function + " \"$@\"",
                "lib.sh",
                java,
                jar.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(repo.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().remove("HUDDLE_JAVA_OPTS");
    pb.environment().put("HUDDLE_AOT", aot);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(function + " failed: " + out);
    }
    return out.lines().filter(l -> !l.isBlank()).toList();
  }

  private void ensureCache() throws Exception {
    if (command("small+aot").stream().noneMatch(f -> f.startsWith("-XX:AOTCache="))) {
      LOG.info("training the start-up cache (huddle_aot_train) ...");
      long t0 = System.nanoTime();
      libSh("auto", "huddle_aot_train");
      LOG.info("trained in {} s", (System.nanoTime() - t0) / 1_000_000_000);
      if (command("small+aot").stream().noneMatch(f -> f.startsWith("-XX:AOTCache="))) {
        throw new IllegalStateException("no start-up cache after training (JDK older than 25?)");
      }
    }
  }

  Run run(String config, int idleSeconds, int holdSeconds) throws Exception {
    Path data = Files.createTempDirectory("huddle-bench-startup");
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String p :
        List.of(
            "XMPP_PORT",
            "PROSODY_HTTP_PORT",
            "HUDDLE_JVB_REST_PORT",
            "HUDDLE_FOCUS_HTTP_PORT",
            "HTTP_PORT")) {
      ports.put(p, freeTcpPort());
    }
    ProcessBuilder pb =
        new ProcessBuilder(command(config))
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("huddle.log").toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(StartupBench::huddleVariable);
    env.put("HUDDLE_BIND_ADDRESS", "127.0.0.1");
    env.put("HUDDLE_DATA_PATH", data.resolve("data").toString());
    ports.forEach((k, v) -> env.put(k, Integer.toString(v)));
    env.put("XMPP_COMPONENT_PORT", "0");
    env.put("JVB_PORT", Integer.toString(freeUdpPort()));
    env.put("JVB_TCP_PORT", "0");
    env.put("HUDDLE_JVB_WS_PORT", "0");
    if (!config.equals("defaults")) {
      env.put("MALLOC_ARENA_MAX", "2"); // as huddle_java_exec
    }
    List<String> health =
        ports.entrySet().stream()
            .filter(e -> !e.getKey().equals("XMPP_PORT"))
            .map(e -> "http://127.0.0.1:" + e.getValue() + "/about/health")
            .toList();
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      for (String url : health) {
        while (status(url) != 200) {
          if (!p.isAlive() || System.nanoTime() - t0 > READY_WITHIN.toNanos()) {
            throw new IllegalStateException(
                config + ": not ready; see " + data.resolve("huddle.log"));
          }
          Thread.sleep(10);
        }
      }
      long readyMs = (System.nanoTime() - t0) / 1_000_000;
      double cpuAtReady = cpu(p);
      Thread.sleep(idleSeconds * 1000L);
      double cpuAfterIdle = cpu(p);
      Map<String, Long> idle = memory(p.pid());
      long meeting = meetingPeak(p, ports.get("HTTP_PORT"), holdSeconds);
      return new Run(
          readyMs,
          cpuAtReady,
          cpuAfterIdle,
          idle.get("VmRSS"),
          idle.get("RssAnon"),
          idle.get("RssFile"),
          meeting);
    } finally {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      deleteTree(data);
    }
  }

  /** Three guests in a meeting for holdSeconds; the highest RSS seen meanwhile. */
  private long meetingPeak(Process server, int webPort, int holdSeconds) throws Exception {
    if (holdSeconds <= 0) {
      return 0;
    }
    Process guests =
        new ProcessBuilder(
                java,
                "-jar",
                jar.toString(),
                "aot-train",
                "--against",
                "http://127.0.0.1:" + webPort,
                "--hold",
                Integer.toString(holdSeconds))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long peak = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(holdSeconds + 120L);
    while (guests.isAlive() && System.nanoTime() < deadline) {
      peak = Math.max(peak, memory(server.pid()).get("VmRSS"));
      Thread.sleep(250);
    }
    if (guests.isAlive()) {
      guests.destroyForcibly();
      throw new IllegalStateException("the meeting did not end");
    }
    if (guests.exitValue() != 0) {
      throw new IllegalStateException("the meeting failed (exit " + guests.exitValue() + ")");
    }
    return Math.max(peak, memory(server.pid()).get("VmRSS"));
  }

  private int status(String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static double cpu(Process p) {
    return p.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(-1.0);
  }

  /** VmRSS, RssAnon and RssFile of a process, in kB. */
  static Map<String, Long> memory(long pid) throws IOException {
    Map<String, Long> m = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      String[] kv = line.split(":\\s+");
      if (kv.length == 2 && kv[1].endsWith(" kB")) {
        m.put(kv[0], Long.parseLong(kv[1].replace(" kB", "").trim()));
      }
    }
    return m;
  }

  private static void print(
      Map<String, List<Run>> runs,
      int rounds,
      int idle,
      int hold,
      String loadBefore,
      String loadAfter) {
    System.out.printf(
        "huddle all, %d rounds, medians; idle %d s, meeting held %d s; /proc/loadavg before: %s,"
            + " after: %s%n",
        rounds, idle, hold, loadBefore, loadAfter);
    System.out.printf(
        "%-10s %9s %10s %11s %9s %9s %9s %11s%n",
        "config",
        "ready ms",
        "CPU ready",
        "CPU +idle",
        "RSS MB",
        "anon MB",
        "file MB",
        "meeting MB");
    Run base = median(runs.values().iterator().next());
    for (Map.Entry<String, List<Run>> e : runs.entrySet()) {
      Run m = median(e.getValue());
      System.out.printf(
          "%-10s %9d %9.2fs %10.2fs %9d %9d %9d %11d%n",
          e.getKey(),
          m.readyMs,
          m.cpuAtReady,
          m.cpuAfterIdle,
          m.rssIdleKb / 1024,
          m.anonIdleKb / 1024,
          m.fileIdleKb / 1024,
          m.rssMeetingKb / 1024);
    }
    String first = runs.keySet().iterator().next();
    for (Map.Entry<String, List<Run>> e : runs.entrySet()) {
      if (e.getKey().equals(first)) {
        continue;
      }
      Run m = median(e.getValue());
      System.out.printf(
          "%s / %s: ready %.2f, CPU at ready %.2f, CPU after idle %.2f, RSS idle %.2f, RSS in the"
              + " meeting %.2f%n",
          e.getKey(),
          first,
          (double) m.readyMs / base.readyMs,
          m.cpuAtReady / base.cpuAtReady,
          m.cpuAfterIdle / base.cpuAfterIdle,
          (double) m.rssIdleKb / base.rssIdleKb,
          base.rssMeetingKb == 0 ? 0.0 : (double) m.rssMeetingKb / base.rssMeetingKb);
    }
  }

  /** Each measurement's median on its own. */
  private static Run median(List<Run> rs) {
    return new Run(
        medianLong(rs.stream().mapToLong(Run::readyMs).toArray()),
        medianDouble(rs.stream().mapToDouble(Run::cpuAtReady).toArray()),
        medianDouble(rs.stream().mapToDouble(Run::cpuAfterIdle).toArray()),
        medianLong(rs.stream().mapToLong(Run::rssIdleKb).toArray()),
        medianLong(rs.stream().mapToLong(Run::anonIdleKb).toArray()),
        medianLong(rs.stream().mapToLong(Run::fileIdleKb).toArray()),
        medianLong(rs.stream().mapToLong(Run::rssMeetingKb).toArray()));
  }

  static long medianLong(long[] v) {
    Arrays.sort(v);
    return v[v.length / 2];
  }

  static double medianDouble(double[] v) {
    Arrays.sort(v);
    return v[v.length / 2];
  }

  static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String prop(String name, String fallback) {
    String v = System.getProperty(name, "");
    return v.isBlank() ? fallback : v;
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
