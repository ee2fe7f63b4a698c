package org.huddle.bench.xmpp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the XMPP scenarios against Huddle, Prosody and ejabberd, interleaved (each scenario on every
 * server before the next scenario), and prints one table. Sizes come from {@code -Dbench.*}
 * properties; an empty value means the default written next to each one below.
 */
public final class XmppBench {
  private static final Logger log = LoggerFactory.getLogger(XmppBench.class);
  private static final int IO_TIMEOUT_MS = 30_000;

  private final List<ServerProcess> servers = new CopyOnWriteArrayList<>();
  private final Map<String, String> unavailable = new LinkedHashMap<>();

  /** metric name → server name → value. */
  private final Map<String, Map<String, Double>> results = new LinkedHashMap<>();

  private boolean recording = true;

  private XmppBench() {}

  private static String prop(String key, String def) {
    String v = System.getProperty("bench." + key);
    return v == null || v.isBlank() ? def : v.trim();
  }

  private static int intProp(String key, int def) {
    return Integer.parseInt(prop(key, Integer.toString(def)));
  }

  private static double doubleProp(String key, double def) {
    return Double.parseDouble(prop(key, Double.toString(def)));
  }

  public static void main(String[] args) throws Exception {
    XmppBench bench = new XmppBench();
    Thread hook = new Thread(bench::stopAll, "stop-servers");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      bench.run();
    } finally {
      bench.stopAll();
    }
    System.exit(0);
  }

  private void stopAll() {
    for (ServerProcess s : servers) {
      s.close();
    }
  }

  private void run() throws Exception {
    List<String> names = List.of(prop("servers", "huddle,prosody,ejabberd").split(","));
    List<String> scenarios =
        List.of(
            prop("scenarios", "warmup,login,idle,join,rooms,rooms-latency,ws,ws-latency")
                .split(","));
    Path root =
        Files.createTempDirectory(
            Path.of(prop("tmpdir", System.getProperty("java.io.tmpdir"))), "huddle-xmpp-bench-");
    Path jar = Path.of(prop("huddle.jar", "../../dist/huddle.jar")).toAbsolutePath().normalize();
    List<String> jvmArgs =
        prop("huddle.jvmArgs", "").isEmpty()
            ? List.of()
            : List.of(prop("huddle.jvmArgs", "").split(" +"));
    // Prosody and ejabberd run as their own users and must reach their directories below.
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    log.info("temp directory {}", root);
    if (!prop("huddle.aotCache", "").isEmpty() && names.contains("huddle")) {
      Path aot = Path.of(prop("huddle.aotCache", "")).toAbsolutePath();
      if (!Files.exists(aot)) {
        trainAotCache(root, jar, jvmArgs, aot);
      }
      jvmArgs = new ArrayList<>(jvmArgs);
      jvmArgs.add("-XX:AOTCache=" + aot);
    }
    for (String n : names) {
      ServerProcess s =
          switch (n.trim()) {
            case "huddle" -> new Servers.Huddle(root, jar, jvmArgs);
            case "prosody" -> new Servers.Prosody(root);
            case "ejabberd" -> new Servers.Ejabberd(root);
            default -> throw new IllegalArgumentException("unknown server " + n);
          };
      servers.add(s);
      try {
        s.start(Duration.ofSeconds(60));
      } catch (Exception e) {
        log.error("{} could not be started: {}", n, e.getMessage());
        unavailable.put(n, e.getMessage());
        s.close();
        servers.remove(s);
      }
    }
    String load = ServerProcess.capture(List.of("uptime"));
    for (String sc : scenarios) {
      for (ServerProcess s : servers) {
        s.awaitQuiet(Duration.ofSeconds(30));
        double cpu0 = s.cpuSeconds();
        double gen0 = ServerProcess.ownCpuSeconds();
        long t0 = System.nanoTime();
        log.info("scenario {} on {}", sc, s.name);
        recording = true;
        try {
          switch (sc) {
            case "warmup" -> warmup(s);
            case "login" -> login(s);
            case "idle" -> idle(s);
            case "join" -> join(s);
            case "rooms" -> rooms(s, false, "4 ", false);
            case "rooms-latency" -> rooms(s, false, "4 ", true);
            case "ws" -> rooms(s, true, "5 ", false);
            case "ws-latency" -> rooms(s, true, "5 ", true);
            case "nsflood" -> nsflood(s);
            case "light" -> light(s, "fresh");
            case "light-again" -> light(s, "again");
            default -> throw new IllegalArgumentException("unknown scenario " + sc);
          }
        } catch (Exception e) {
          log.error("scenario {} failed on {}: {}", sc, s.name, e.toString(), e);
          if (!s.process.isAlive()) {
            log.error("{} died: {}", s.name, s.logTail());
          }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (sc.equals("warmup")) {
          continue;
        }
        put(
            "  " + sc + ": server CPU s / wall s (cores used)",
            s.name,
            (s.cpuSeconds() - cpu0) / secs);
        put(
            "  " + sc + ": generator CPU s / wall s",
            s.name,
            (ServerProcess.ownCpuSeconds() - gen0) / secs);
      }
    }
    printTable(load);
  }

  private void put(String metric, String server, double value) {
    if (!recording) {
      return;
    }
    results.computeIfAbsent(metric, k -> new LinkedHashMap<>()).put(server, value);
    log.info("{} {}: {}", server, metric.strip(), String.format(Locale.ROOT, "%.3f", value));
  }

  // ---------------------------------------------------------------- warm-up (not recorded)

  /**
   * Logins and a short groupchat run, recorded nowhere: the JVM's JIT compiler needs some traffic
   * before it runs at full speed, as it would on any server that has been up for a while.
   */
  private void warmup(ServerProcess s) throws Exception {
    recording = false;
    try {
      login(s);
      rooms(s, false, "0 ", false);
    } finally {
      recording = true;
    }
  }

  // ---------------------------------------------------------------- scenario 1: login rate

  private void login(ServerProcess s) throws Exception {
    int count = intProp("login.count", 3000);
    int concurrency = intProp("login.concurrency", 50);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    double cpu0 = s.cpuSeconds();
    long t0 = System.nanoTime();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < concurrency; w++) {
        ex.submit(
            () -> {
              while (next.getAndIncrement() < count && System.nanoTime() < deadline) {
                try (XmppClient c =
                    XmppClient.login(s.c2sPort, false, ServerProcess.DOMAIN, IO_TIMEOUT_MS)) {
                  c.closeStream();
                  ok.incrementAndGet();
                } catch (IOException e) {
                  if (failed.incrementAndGet() <= 3) {
                    log.warn("{} login failed: {}", s.name, e.toString());
                  }
                }
              }
            });
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    put("1 login+bind+close per s (C=" + concurrency + ")", s.name, ok.get() / secs);
    put("1 logins per server CPU-second", s.name, ok.get() / (s.cpuSeconds() - cpu0));
    if (failed.get() > 0) {
      put("1 login failures", s.name, failed.get());
    }
  }

  // ---------------------------------------------------------------- scenario 2: idle connections

  private void idle(ServerProcess s) throws Exception {
    int count = intProp("idle.count", 10_000);
    int concurrency = intProp("idle.concurrency", 50);
    s.collectGarbage();
    Thread.sleep(2000);
    long rss0 = s.rssBytes();
    ConcurrentLinkedQueue<XmppClient> open = new ConcurrentLinkedQueue<>();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    long t0 = System.nanoTime();
    try {
      try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int w = 0; w < concurrency; w++) {
          ex.submit(
              () -> {
                while (next.getAndIncrement() < count && System.nanoTime() < deadline) {
                  try {
                    XmppClient c =
                        XmppClient.login(s.c2sPort, false, ServerProcess.DOMAIN, IO_TIMEOUT_MS);
                    open.add(c);
                    c.send("<presence/>");
                  } catch (IOException e) {
                    if (failed.incrementAndGet() <= 3) {
                      log.warn("{} idle login failed: {}", s.name, e.toString());
                    }
                  }
                }
              });
        }
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      Thread.sleep(3000);
      long rss1 = s.rssBytes();
      int n = open.size();
      put("2 idle: connections held", s.name, n);
      put("2 idle: RSS KiB per connection (lower is better)", s.name, (rss1 - rss0) / 1024.0 / n);
      if (s.collectGarbage()) {
        Thread.sleep(2000);
        put("2 idle: same after a full GC (JVM only)", s.name, (s.rssBytes() - rss0) / 1024.0 / n);
      }
      put("2 idle: RSS MiB with all connections", s.name, rss1 / 1048576.0);
      put("2 idle: logins per s while filling", s.name, n / secs);
    } finally {
      for (XmppClient c : open) {
        c.close();
      }
    }
  }

  // ---------------------------------------------------------------- scenario 3: join storm

  private void join(ServerProcess s) throws Exception {
    int n = intProp("join.occupants", 500);
    String room = "storm" + System.nanoTime() + "@" + ServerProcess.MUC;
    Occupant.Shared shared = new Occupant.Shared();
    List<Occupant> occupants = connect(s, n, false, i -> room, shared);
    try {
      Occupant first = occupants.get(0);
      CountDownLatch created = new CountDownLatch(1);
      first.expectRoster(1, created);
      first.join();
      await(created, 30, "room creation");
      first.configureInstantRoom();
      if (!first.configured.await(30, TimeUnit.SECONDS)) {
        throw new IOException("no answer to the instant room configuration");
      }
      CountDownLatch full = new CountDownLatch(n);
      for (Occupant o : occupants) {
        o.expectRoster(n, full);
      }
      long p0 = shared.presences.sum();
      double cpu0 = s.cpuSeconds();
      long t0 = System.nanoTime();
      for (Occupant o : occupants.subList(1, n)) {
        o.join();
      }
      int timeout = intProp("join.timeout", 180);
      boolean done = full.await(timeout, TimeUnit.SECONDS);
      double cpu = s.cpuSeconds() - cpu0;
      long last = occupants.stream().mapToLong(o -> o.joinedAt).max().orElse(t0);
      double secs = (last - t0) / 1e9;
      long delivered = shared.presences.sum() - p0;
      if (!done) {
        put("3 join: occupants without the full roster at the timeout", s.name, full.getCount());
      }
      put(
          "3 join: " + n + " occupants, s until the last has the full roster (lower is better)",
          s.name,
          secs);
      put("3 join: presences delivered per s", s.name, delivered / secs);
      put("3 join: presences per server CPU-second", s.name, delivered / cpu);
    } finally {
      closeAll(occupants);
    }
  }

  // ---------------------------------------------------------------- scenario 7: light load

  /**
   * A small team's server at light load (issue 18): {@code light.users} (200) anonymous users
   * arrive evenly over {@code light.seconds} (15); each logs in, joins a room of {@code light.room}
   * (5) people, sends {@code light.messages} (5) groupchat messages {@code light.gapMs} (200) ms
   * apart, waits for them to come back, and leaves. Listed first after the servers start ({@code
   * -Dbench.scenarios=light,light-again}), "light" measures a fresh JVM and "light-again" the same
   * load on the warmed one. Reports server CPU, peak RSS (sampled every 100 ms) and the join
   * transaction: from the join presence sent to the room's self-presence.
   */
  private void light(ServerProcess s, String run) throws Exception {
    int users = intProp("light.users", 200);
    int seconds = intProp("light.seconds", 15);
    int per = intProp("light.room", 5);
    int messages = intProp("light.messages", 5);
    int gapMs = intProp("light.gapMs", 200);
    String prefix = "light" + System.nanoTime() + "-";
    Occupant.Shared shared = new Occupant.Shared();
    long[] joins = new long[users];
    AtomicInteger failed = new AtomicInteger();
    AtomicLong peakRss = new AtomicLong(s.rssBytes());
    Thread sampler =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    while (!Thread.currentThread().isInterrupted()) {
                      peakRss.accumulateAndGet(s.rssBytes(), Math::max);
                      Thread.sleep(100);
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    double cpu0 = s.cpuSeconds();
    Map<String, Double> threads0 = s.cpuByThreadGroup();
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(seconds + 60L);
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < users; i++) {
        long due = t0 + (long) (i * (seconds * 1e9 / users));
        for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
          LockSupport.parkNanos(due - now);
        }
        int index = i;
        String room = prefix + (i / per) + "@" + ServerProcess.MUC;
        ex.submit(
            () -> {
              joins[index] = lightUser(s, index, room, shared, messages, gapMs, deadline);
              if (joins[index] < 0 && failed.incrementAndGet() <= 3) {
                log.warn("{}: light user {} failed", s.name, index);
              }
            });
      }
    } finally {
      sampler.interrupt();
    }
    double cpu = s.cpuSeconds() - cpu0;
    logThreadCpu(s, run, threads0);
    long[] ok = Arrays.stream(joins).filter(j -> j > 0).sorted().toArray();
    String what = "7 light (" + run + " JVM, " + users + " users over " + seconds + " s)";
    put(what + ": server CPU s (lower is better)", s.name, cpu);
    put(what + ": peak RSS MiB (lower is better)", s.name, peakRss.get() / 1048576.0);
    if (ok.length > 0) {
      put(
          what + ": join ms, mean (lower is better)",
          s.name,
          Arrays.stream(ok).average().orElse(0) / 1e6);
      put(what + ": join ms, p99 (lower is better)", s.name, pct(ok, 0.99));
    }
    if (failed.get() > 0) {
      put(what + ": users that failed", s.name, failed.get());
    }
  }

  /**
   * Makes the JDK's AOT cache (JDK 25, JEP 514/515) for {@code bench.huddle.aotCache} when it does
   * not exist: a training server (the same jar and flags, {@code -XX:AOTCacheOutput}) serves one
   * unrecorded light-load run, then ends normally, which writes the cache. The measured server then
   * starts with {@code -XX:AOTCache}, as a deployment with a cache trained at build time would.
   */
  private void trainAotCache(Path root, Path jar, List<String> jvmArgs, Path aot) throws Exception {
    List<String> args = new ArrayList<>(jvmArgs);
    args.add("-XX:AOTCacheOutput=" + aot);
    log.info("training the AOT cache {}", aot);
    boolean was = recording;
    recording = false;
    try (ServerProcess s =
        new Servers.Huddle(Files.createDirectory(root.resolve("aot")), jar, args)) {
      s.start(Duration.ofSeconds(60));
      light(s, "training");
      s.stop(Duration.ofSeconds(120));
    } finally {
      recording = was;
    }
    if (!Files.exists(aot) || Files.size(aot) == 0) {
      throw new IllegalStateException("the training server wrote no AOT cache at " + aot);
    }
    log.info("AOT cache {}: {} MiB", aot, Files.size(aot) >> 20);
  }

  /** Logs the server's CPU by thread group since {@code before}, largest first (0.02 s and up). */
  private static void logThreadCpu(ServerProcess s, String run, Map<String, Double> before) {
    StringBuilder sb = new StringBuilder();
    s.cpuByThreadGroup().entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
        .filter(e -> e.getValue() >= 0.02)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> sb.append(String.format(" %s=%.2f", e.getKey(), e.getValue())));
    log.info("{} light ({}): CPU s by thread group:{}", s.name, run, sb);
  }

  /** One light-load user; returns its join time in nanoseconds, or -1 when it failed. */
  private static long lightUser(
      ServerProcess s,
      int index,
      String room,
      Occupant.Shared shared,
      int messages,
      int gapMs,
      long deadline) {
    Occupant o = null;
    try {
      XmppClient c = XmppClient.login(s.c2sPort, false, ServerProcess.DOMAIN, IO_TIMEOUT_MS);
      c.setReadTimeout(1000);
      o = new Occupant(c, index, room, shared);
      o.startReader();
      CountDownLatch in = new CountDownLatch(1);
      o.expectRoster(1, in);
      long sent = System.nanoTime();
      o.join();
      if (!in.await(30, TimeUnit.SECONDS)) {
        return -1;
      }
      long joined = o.joinedAt - sent;
      for (int m = 0; m < messages; m++) {
        o.sendMessage(System.nanoTime());
        Thread.sleep(gapMs);
      }
      while (o.inFlight.get() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      return o.inFlight.get() > 0 ? -1 : joined;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } finally {
      if (o != null) {
        o.leave();
      }
    }
  }

  // ---------------------------------------------------------------- scenario 6: parser cost

  /** Another client's ping while attackers send namespace-heavy XML ({@link NamespaceFlood}). */
  private void nsflood(ServerProcess s) throws Exception {
    NamespaceFlood.Settings settings =
        new NamespaceFlood.Settings(
            intProp("nsflood.pingers", 4),
            intProp("nsflood.interval", 20),
            intProp("nsflood.attackers", 2),
            intProp("nsflood.declarations", 11_000),
            intProp("nsflood.seconds", 10),
            intProp("nsflood.bombs", 3000),
            IO_TIMEOUT_MS);
    new NamespaceFlood(settings, s, (metric, value) -> put(metric, s.name, value))
        .run(List.of(prop("nsflood.phases", "quiet,bomb,names,heavy").split(",")));
  }

  // ---------------------------------------------------------------- scenarios 4 and 5: rooms

  /**
   * Rooms of occupants exchanging groupchat: with {@code latency} false, closed-loop saturation;
   * with it true, a fixed offered load (by default half the lowest saturation any server reached in
   * the saturation scenario, so every server gets the same load) and its latency.
   */
  private void rooms(ServerProcess s, boolean ws, String label, boolean latency) throws Exception {
    int roomCount = intProp(ws ? "ws.rooms" : "rooms.count", 100);
    int per = intProp("rooms.occupants", 10);
    int n = roomCount * per;
    int window = intProp("rooms.window", 4);
    int seconds = label.startsWith("0") ? 5 : intProp("rooms.seconds", 10);
    String prefix = "r" + System.nanoTime() + "-";
    Occupant.Shared shared = new Occupant.Shared();
    List<Occupant> occupants =
        connect(s, n, ws, i -> prefix + (i / per) + "@" + ServerProcess.MUC, shared);
    String what = label + (ws ? "WebSocket " : "TCP ") + roomCount + "x" + per;
    try {
      // Each room's first occupant creates and configures it, then the others join.
      CountDownLatch created = new CountDownLatch(roomCount);
      for (int r = 0; r < roomCount; r++) {
        occupants.get(r * per).expectRoster(1, created);
        occupants.get(r * per).join();
      }
      await(created, 60, "room creation");
      for (int r = 0; r < roomCount; r++) {
        occupants.get(r * per).configureInstantRoom();
      }
      for (int r = 0; r < roomCount; r++) {
        if (!occupants.get(r * per).configured.await(30, TimeUnit.SECONDS)) {
          throw new IOException("no answer to the instant room configuration");
        }
      }
      CountDownLatch full = new CountDownLatch(n);
      for (Occupant o : occupants) {
        o.expectRoster(per, full);
      }
      for (int r = 0; r < roomCount; r++) {
        for (int k = 1; k < per; k++) {
          occupants.get(r * per + k).join();
        }
      }
      await(full, 120, "joins");

      if (latency) {
        latency(s, occupants, shared, what, per, seconds);
      } else {
        saturate(s, occupants, shared, what, window, seconds);
      }
    } finally {
      closeAll(occupants);
    }
  }

  private void saturate(
      ServerProcess s,
      List<Occupant> occupants,
      Occupant.Shared shared,
      String what,
      int window,
      int seconds)
      throws Exception {
    {
      // Closed loop: each occupant keeps `window` of its own messages in flight.
      shared.closedLoop = true;
      for (int w = 0; w < window; w++) {
        for (Occupant o : occupants) {
          o.sendMessage(System.nanoTime());
        }
      }
      Thread.sleep(2000);
      long d0 = shared.delivered.sum();
      double cpu0 = s.cpuSeconds();
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      long d1 = shared.delivered.sum();
      double cpu = s.cpuSeconds() - cpu0;
      double sat = (d1 - d0) / ((System.nanoTime() - t0) / 1e9);
      shared.closedLoop = false;
      drain(occupants, 20);
      put(what + ": groupchat deliveries per s at saturation (window " + window + ")", s.name, sat);
      put(what + ": deliveries per server CPU-second at saturation", s.name, (d1 - d0) / cpu);
    }
  }

  private void latency(
      ServerProcess s,
      List<Occupant> occupants,
      Occupant.Shared shared,
      String what,
      int per,
      int seconds)
      throws Exception {
    int n = occupants.size();
    {
      double rate = doubleProp("rooms.rate", 0);
      if (rate <= 0) {
        rate = Math.floor(doubleProp("rooms.rateFraction", 0.5) * minSaturation(what) / per);
      }
      log.info("{}: offered load {} messages/s ({} deliveries/s)", s.name, rate, rate * per);
      long start = System.nanoTime() + 50_000_000L;
      long end = start + seconds * 1_000_000_000L;
      shared.recordFrom = start + 1_000_000_000L;
      shared.recordUntil = end;
      double cpu0 = s.cpuSeconds();
      long sent = 0;
      long due = start;
      int cursor = 0;
      while (due < end) {
        long now = System.nanoTime();
        if (now < due) {
          LockSupport.parkNanos(Math.min(due - now, 200_000));
          continue;
        }
        // the intended send time goes in the body, so a late sender does not hide its delay
        occupants.get(cursor).sendMessage(due);
        cursor = (cursor + 1) % n;
        sent++;
        due = start + (long) (sent * 1e9 / rate);
      }
      double cores = (s.cpuSeconds() - cpu0) / ((System.nanoTime() - start) / 1e9);
      drain(occupants, 20);
      closeAll(occupants);
      long[] all =
          occupants.stream().flatMapToLong(o -> Arrays.stream(o.latencies())).sorted().toArray();
      put(what + ": offered messages per s (deliveries x" + per + ")", s.name, rate);
      if (all.length == 0) {
        throw new IOException("no latency samples");
      }
      put(what + ": latency p50 ms", s.name, pct(all, 0.50));
      put(what + ": latency p99 ms (lower is better)", s.name, pct(all, 0.99));
      put(what + ": latency p999 ms", s.name, pct(all, 0.999));
      long expected = (long) ((seconds - 1) * rate * per);
      put(what + ": latency samples / expected", s.name, all.length / (double) expected);
      put(what + ": server cores used at this load (lower is better)", s.name, cores);
    }
  }

  private double minSaturation(String what) {
    return results.entrySet().stream()
        .filter(e -> e.getKey().startsWith(what + ": groupchat deliveries"))
        .flatMap(e -> e.getValue().values().stream())
        .mapToDouble(Double::doubleValue)
        .min()
        .orElse(10_000);
  }

  private static double pct(long[] sorted, double p) {
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }

  private static void drain(List<Occupant> occupants, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (occupants.stream().allMatch(o -> o.inFlight.get() <= 0)) {
        return;
      }
      Thread.sleep(50);
    }
    log.warn(
        "{} messages still in flight after {} s",
        occupants.stream().mapToInt(o -> o.inFlight.get()).sum(),
        seconds);
  }

  private static void await(CountDownLatch latch, int seconds, String what) throws Exception {
    if (!latch.await(seconds, TimeUnit.SECONDS)) {
      throw new IOException(
          what + ": " + latch.getCount() + " still waiting after " + seconds + " s");
    }
  }

  /** Logs in n clients (50 at a time) and starts their readers. */
  private static List<Occupant> connect(
      ServerProcess s,
      int n,
      boolean ws,
      java.util.function.IntFunction<String> roomOf,
      Occupant.Shared shared)
      throws Exception {
    Occupant[] out = new Occupant[n];
    AtomicInteger next = new AtomicInteger();
    List<Exception> errors = Collections.synchronizedList(new ArrayList<>());
    int port = ws ? s.httpPort : s.c2sPort;
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < 50; w++) {
        ex.submit(
            () -> {
              for (int i = next.getAndIncrement();
                  i < n && errors.isEmpty();
                  i = next.getAndIncrement()) {
                try {
                  XmppClient c = XmppClient.login(port, ws, ServerProcess.DOMAIN, IO_TIMEOUT_MS);
                  c.setReadTimeout(1000);
                  out[i] = new Occupant(c, i, roomOf.apply(i), shared);
                } catch (IOException e) {
                  errors.add(e);
                }
              }
            });
      }
    }
    List<Occupant> list = new ArrayList<>(Stream.of(out).filter(o -> o != null).toList());
    if (!errors.isEmpty()) {
      closeAll(list);
      throw new IOException(s.name + ": login failed", errors.get(0));
    }
    list.sort(Comparator.comparingInt(o -> o.index));
    for (Occupant o : list) {
      o.startReader();
    }
    return list;
  }

  private static void closeAll(List<Occupant> occupants) {
    if (occupants.isEmpty()) {
      return;
    }
    occupants.get(0).shared.stopping = true;
    for (Occupant o : occupants) {
      o.client.close();
    }
    for (Occupant o : occupants) {
      o.close();
    }
  }

  // ---------------------------------------------------------------- the table

  private void printTable(String load) {
    List<String> names = List.of("huddle", "prosody", "ejabberd");
    StringBuilder sb = new StringBuilder();
    sb.append(
        "\n| scenario / metric | Huddle | Prosody | ejabberd | Huddle/Prosody | Huddle/ejabberd |\n");
    sb.append("|---|---:|---:|---:|---:|---:|\n");
    for (var e : results.entrySet()) {
      Map<String, Double> v = e.getValue();
      sb.append("| ").append(e.getKey().strip()).append(" |");
      for (String n : names) {
        sb.append(' ').append(fmt(v.get(n))).append(" |");
      }
      sb.append(' ').append(ratio(v.get("huddle"), v.get("prosody"))).append(" |");
      sb.append(' ').append(ratio(v.get("huddle"), v.get("ejabberd"))).append(" |\n");
    }
    sb.append("\nload before the run: ").append(load).append('\n');
    sb.append("load after the run:  ")
        .append(ServerProcess.capture(List.of("uptime")))
        .append('\n');
    for (ServerProcess s : servers) {
      sb.append(s.name).append(": ").append(s.version()).append('\n');
    }
    unavailable.forEach((n, why) -> sb.append(n).append(" not run: ").append(why).append('\n'));
    System.out.print(sb);
    System.out.flush();
  }

  private static String fmt(Double v) {
    if (v == null || v.isNaN()) {
      return "–";
    }
    double a = Math.abs(v);
    return String.format(Locale.ROOT, a >= 100 ? "%,.0f" : a >= 1 ? "%.2f" : "%.3f", v);
  }

  private static String ratio(Double a, Double b) {
    if (a == null || b == null || b == 0) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.2f", a / b);
  }
}
