package org.huddle.bench.startup;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code -Dbench.split=true}: the four roles as separate processes, as Compose runs them (xmpp,
 * videobridge, focus, web, each started when the one before answers its health check), and each
 * role's start-up CPU, RSS after the idle period and peak RSS in a three-party meeting.
 *
 * <p>Configurations: {@code small} is lib.sh's flags without a cache; {@code small+shared} gives
 * every role the cache of {@code huddle all} ({@code dist/huddle.aot}, what {@code HUDDLE_AOT=on}
 * did before the caches were per role); {@code small+own} gives each its own ({@code
 * dist/huddle-ROLE.aot}, lib.sh's default now). Missing caches are trained first.
 */
final class SplitStack {
  private static final Logger LOG = LoggerFactory.getLogger(SplitStack.class);
  static final List<String> ROLES = List.of("xmpp", "videobridge", "focus", "web");
  private static final Duration READY_WITHIN = Duration.ofSeconds(180);
  private static final Map<String, String> HEALTH_PORT =
      Map.of(
          "xmpp", "PROSODY_HTTP_PORT",
          "videobridge", "HUDDLE_JVB_REST_PORT",
          "focus", "HUDDLE_FOCUS_HTTP_PORT",
          "web", "HTTP_PORT");

  private final StartupBench bench;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  SplitStack(StartupBench bench) {
    this.bench = bench;
  }

  /** One role's measurements in one run. */
  record RoleRun(
      long readyMs,
      double cpuAtReady,
      double cpuAfterIdle,
      long rssIdleKb,
      long anonIdleKb,
      long fileIdleKb,
      long rssMeetingKb) {}

  /** The flags of a role in a configuration, from lib.sh. */
  List<String> flags(String config, String role) throws Exception {
    return switch (config) {
      case "small" -> bench.libSh("off", "huddle_java_flags", role);
      case "small+own" -> bench.libSh("auto", "huddle_java_flags", role);
      case "small+shared" -> {
        List<String> f = new ArrayList<>(bench.libSh("off", "huddle_java_flags", role));
        f.add(sharedCache());
        f.add("-XX:CompileThresholdScaling=3");
        yield f;
      }
      default ->
          throw new IllegalArgumentException("split configs: small, small+shared, small+own");
    };
  }

  private String sharedCache() throws Exception {
    return bench.libSh("auto", "huddle_java_flags", "all").stream()
        .filter(f -> f.startsWith("-XX:AOTCache="))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no cache for `all`"));
  }

  /** Trains what the configurations need and is missing: all's cache, the roles' own caches. */
  void ensureCaches(List<String> configs) throws Exception {
    if (configs.contains("small+shared")
        && bench.libSh("auto", "huddle_java_flags", "all").stream()
            .noneMatch(f -> f.startsWith("-XX:AOTCache="))) {
      LOG.info("training the start-up cache of `all` ...");
      bench.libSh("auto", "huddle_aot_train", "all");
      sharedCache();
    }
    if (configs.contains("small+own")) {
      List<String> missing = new ArrayList<>();
      for (String role : ROLES) {
        if (flags("small+own", role).stream().noneMatch(f -> f.startsWith("-XX:AOTCache="))) {
          missing.add(role);
        }
      }
      if (!missing.isEmpty()) {
        LOG.info("training the start-up caches of {} ...", missing);
        long t0 = System.nanoTime();
        bench.libSh("auto", "huddle_aot_train", missing.toArray(String[]::new));
        LOG.info("trained in {} s", (System.nanoTime() - t0) / 1_000_000_000);
      }
    }
  }

  Map<String, RoleRun> run(String config, int idleSeconds, int holdSeconds) throws Exception {
    Path dir = Files.createTempDirectory("huddle-bench-split");
    Map<String, String> env = environment(dir);
    Map<String, Process> procs = new LinkedHashMap<>();
    Map<String, long[]> ready = new LinkedHashMap<>();
    Map<String, Double> cpuAtReady = new LinkedHashMap<>();
    try {
      for (String role : ROLES) {
        List<String> cmd = new ArrayList<>(List.of(bench.java()));
        cmd.addAll(flags(config, role));
        cmd.addAll(List.of("-jar", bench.jar().toString(), role));
        ProcessBuilder pb =
            new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(role + ".log").toFile());
        pb.environment().keySet().removeIf(StartupBench::huddleVariable);
        pb.environment().putAll(env);
        pb.environment().put("HUDDLE_DATA_PATH", dir.resolve(role).toString());
        long t0 = System.nanoTime();
        Process p = pb.start();
        procs.put(role, p);
        String url = "http://127.0.0.1:" + env.get(HEALTH_PORT.get(role)) + "/about/health";
        while (status(url) != 200) {
          if (!p.isAlive() || System.nanoTime() - t0 > READY_WITHIN.toNanos()) {
            throw new IllegalStateException(
                config + " " + role + ": not ready; see " + dir.resolve(role + ".log"));
          }
          Thread.sleep(10);
        }
        ready.put(role, new long[] {(System.nanoTime() - t0) / 1_000_000});
        cpuAtReady.put(role, StartupBench.cpu(p));
      }
      Thread.sleep(idleSeconds * 1000L);
      Map<String, RoleRun> runs = new LinkedHashMap<>();
      Map<String, Map<String, Long>> idle = new LinkedHashMap<>();
      Map<String, Double> cpuIdle = new LinkedHashMap<>();
      for (String role : ROLES) {
        cpuIdle.put(role, StartupBench.cpu(procs.get(role)));
        idle.put(role, StartupBench.memory(procs.get(role).pid()));
      }
      awaitOperationalBridge("http://127.0.0.1:" + env.get("HUDDLE_FOCUS_HTTP_PORT") + "/stats");
      Map<String, Long> peak = meetingPeak(procs, env.get("HTTP_PORT"), holdSeconds);
      for (String role : ROLES) {
        Map<String, Long> m = idle.get(role);
        runs.put(
            role,
            new RoleRun(
                ready.get(role)[0],
                cpuAtReady.get(role),
                cpuIdle.get(role),
                m.get("VmRSS"),
                m.get("RssAnon"),
                m.get("RssFile"),
                peak.get(role)));
      }
      return runs;
    } finally {
      List<Process> reverse = new ArrayList<>(procs.values());
      java.util.Collections.reverse(reverse);
      for (Process p : reverse) {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      StartupBench.deleteTree(dir);
    }
  }

  /** What Compose's .env gives every role: loopback, free ports, the shared secrets. */
  private static Map<String, String> environment(Path dir) throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HUDDLE_BIND_ADDRESS", "127.0.0.1");
    env.put("XMPP_SERVER", "127.0.0.1");
    for (String p :
        List.of(
            "XMPP_PORT",
            "XMPP_COMPONENT_PORT",
            "PROSODY_HTTP_PORT",
            "HUDDLE_JVB_WS_PORT",
            "HUDDLE_JVB_REST_PORT",
            "HUDDLE_FOCUS_HTTP_PORT",
            "HTTP_PORT")) {
      env.put(p, Integer.toString(StartupBench.freeTcpPort()));
    }
    env.put("JVB_PORT", Integer.toString(StartupBench.freeUdpPort()));
    env.put("JVB_TCP_PORT", "0");
    for (String s :
        List.of(
            "JVB_AUTH_PASSWORD",
            "JICOFO_AUTH_PASSWORD",
            "JICOFO_COMPONENT_SECRET",
            "HUDDLE_FILE_SHARE_SECRET")) {
      byte[] b = new byte[18];
      new SecureRandom().nextBytes(b);
      env.put(s, HexFormat.of().formatHex(b));
    }
    env.put("JVB_WS_DOMAIN", "localhost:" + env.get("HTTP_PORT"));
    env.put("XMPP_BOSH_URL_BASE", "http://127.0.0.1:" + env.get("PROSODY_HTTP_PORT"));
    env.put("HUDDLE_COLIBRI_WS_URL_BASE", "http://127.0.0.1:" + env.get("HUDDLE_JVB_WS_PORT"));
    env.put("HUDDLE_FILE_SHARE_PATH", dir.resolve("files").toString());
    env.put("MALLOC_ARENA_MAX", "2"); // as huddle_java_exec
    return env;
  }

  /** Three guests in a meeting for holdSeconds; each role's highest RSS meanwhile. */
  private Map<String, Long> meetingPeak(Map<String, Process> procs, String webPort, int hold)
      throws Exception {
    Map<String, Long> peak = new LinkedHashMap<>();
    ROLES.forEach(r -> peak.put(r, 0L));
    if (hold <= 0) {
      return peak;
    }
    Process guests =
        new ProcessBuilder(
                bench.java(),
                "-jar",
                bench.jar().toString(),
                "aot-train",
                "--against",
                "http://127.0.0.1:" + webPort,
                "--hold",
                Integer.toString(hold))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(hold + 120L);
    do {
      for (String role : ROLES) {
        peak.merge(role, StartupBench.memory(procs.get(role).pid()).get("VmRSS"), Math::max);
      }
      Thread.sleep(250);
    } while (guests.isAlive() && System.nanoTime() < deadline);
    if (guests.isAlive()) {
      guests.destroyForcibly();
      throw new IllegalStateException("the meeting did not end");
    }
    if (guests.exitValue() != 0) {
      throw new IllegalStateException("the meeting failed (exit " + guests.exitValue() + ")");
    }
    return peak;
  }

  private void awaitOperationalBridge(String stats) throws Exception {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        String body =
            http.send(
                    HttpRequest.newBuilder(URI.create(stats))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        if (body.replace(" ", "").matches("(?s).*\"operational_bridge_count\":[1-9].*")) {
          return;
        }
      } catch (java.io.IOException e) {
        // not yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the focus sees no bridge");
  }

  private int status(String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (java.io.IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Medians per configuration and role, the four roles' sums, and the ratios to the first. */
  static void print(
      Map<String, List<Map<String, RoleRun>>> runs,
      int rounds,
      int idle,
      int hold,
      String loadBefore,
      String loadAfter) {
    System.out.printf(
        "the four roles as separate processes, %d rounds, medians; idle %d s, meeting held %d s;"
            + " /proc/loadavg before: %s, after: %s%n",
        rounds, idle, hold, loadBefore, loadAfter);
    System.out.printf(
        "%-13s %-12s %9s %10s %11s %8s %8s %8s %11s%n",
        "config",
        "role",
        "ready ms",
        "CPU ready",
        "CPU +idle",
        "RSS MB",
        "anon MB",
        "file MB",
        "meeting MB");
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (Map.Entry<String, List<Map<String, RoleRun>>> e : runs.entrySet()) {
      double[] sum = new double[4];
      for (String role : ROLES) {
        List<RoleRun> rs = e.getValue().stream().map(m -> m.get(role)).toList();
        RoleRun m = median(rs);
        System.out.printf(
            "%-13s %-12s %9d %9.2fs %10.2fs %8d %8d %8d %11d%n",
            e.getKey(),
            role,
            m.readyMs,
            m.cpuAtReady,
            m.cpuAfterIdle,
            m.rssIdleKb / 1024,
            m.anonIdleKb / 1024,
            m.fileIdleKb / 1024,
            m.rssMeetingKb / 1024);
        sum[0] += m.cpuAtReady;
        sum[1] += m.cpuAfterIdle;
        sum[2] += m.rssIdleKb / 1024.0;
        sum[3] += m.rssMeetingKb / 1024.0;
      }
      System.out.printf(
          "%-13s %-12s %9s %9.2fs %10.2fs %8.0f %8s %8s %11.0f%n",
          e.getKey(), "(sum)", "", sum[0], sum[1], sum[2], "", "", sum[3]);
      sums.put(e.getKey(), sum);
    }
    String first = sums.keySet().iterator().next();
    double[] base = sums.get(first);
    sums.forEach(
        (config, s) -> {
          if (!config.equals(first)) {
            System.out.printf(
                "%s / %s (sums): CPU at ready %.2f, CPU after idle %.2f, RSS idle %.2f, RSS in the"
                    + " meeting %.2f%n",
                config,
                first,
                s[0] / base[0],
                s[1] / base[1],
                s[2] / base[2],
                base[3] == 0 ? 0.0 : s[3] / base[3]);
          }
        });
  }

  private static RoleRun median(List<RoleRun> rs) {
    return new RoleRun(
        StartupBench.medianLong(rs.stream().mapToLong(RoleRun::readyMs).toArray()),
        StartupBench.medianDouble(rs.stream().mapToDouble(RoleRun::cpuAtReady).toArray()),
        StartupBench.medianDouble(rs.stream().mapToDouble(RoleRun::cpuAfterIdle).toArray()),
        StartupBench.medianLong(rs.stream().mapToLong(RoleRun::rssIdleKb).toArray()),
        StartupBench.medianLong(rs.stream().mapToLong(RoleRun::anonIdleKb).toArray()),
        StartupBench.medianLong(rs.stream().mapToLong(RoleRun::fileIdleKb).toArray()),
        StartupBench.medianLong(rs.stream().mapToLong(RoleRun::rssMeetingKb).toArray()));
  }
}
