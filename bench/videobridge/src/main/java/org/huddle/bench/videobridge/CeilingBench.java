package org.huddle.bench.videobridge;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.huddle.signalling.Xml;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.videobridge.testkit.TestEndpoint;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.XmlWriter;

/**
 * The bridge's own ceiling (issue 18): the same N senders x M receivers VP8 fan-out as {@link
 * VideobridgeBench}, with real signalling (Colibri2, ICE, DTLS), but with the {@link ReplayLoad}
 * generator, whose senders replay packets SRTP-protected before the run and whose receivers do not
 * decrypt. For each offered rate, a fresh bridge process and then a fresh UDP relay process get the
 * same packets; the bench prints, per rate, forwarded packets per second per core of each and
 * latency.
 *
 * <p>Arguments: {@code ceiling senders receivers seconds rate,rate,...} (rates in packets per
 * second per sender), or {@code memory conferences endpoints} for the bridge's heap per conference
 * and per endpoint.
 */
public final class CeilingBench {
  /**
   * Load before each window: -Dbench.warmup=seconds or BENCH_WARMUP (default 3). The bridge's JIT
   * is still compiling the forwarding path a few seconds in (on one core, C2 was a fifth of the
   * bridge's CPU 12 to 20 s after its start), so a steady-state figure wants 20 or more.
   */
  private static final Duration WARMUP = warmup();

  private static Duration warmup() {
    String s = VideobridgeBench.setting("bench.warmup", "BENCH_WARMUP");
    return Duration.ofSeconds(s.isEmpty() ? 3 : Long.parseLong(s));
  }

  private static final Duration CONNECT = Duration.ofSeconds(30);

  /** The SRTP authentication tag (AES_CM_128_HMAC_SHA1_80) the relay's packets are padded by. */
  private static final int SRTP_TAG = 10;

  private CeilingBench() {}

  /** One forwarder's run: the same figures as {@link VideobridgeBench}'s, and the generator's. */
  record Run(
      VideobridgeBench.Result result,
      long unmatched,
      double generatorCpuSeconds,
      double childSystemSeconds) {
    double generatorCores() {
      return generatorCpuSeconds / result.seconds();
    }
  }

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "ceiling";
    if (mode.equals("memory")) {
      memory(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      return;
    }
    VideobridgeBench.pinGenerator();
    int n = Integer.parseInt(args[1]);
    int m = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    List<Integer> rates = new ArrayList<>();
    for (String r : args[4].split(",")) {
      rates.add(Integer.parseInt(r.strip()));
    }
    System.out.printf(
        Locale.ROOT,
        "bridge ceiling: VP8, %d senders x %d receivers (fan-out %d), rates %s packets/s per"
            + " sender, %d s after %d s warm-up, %d cores; generator CPUs [%s], bridge and relay"
            + " CPUs [%s]%n",
        n,
        m,
        n - 1 + m,
        rates,
        seconds,
        WARMUP.toSeconds(),
        Runtime.getRuntime().availableProcessors(),
        VideobridgeBench.setting("bench.generatorCpus", "BENCH_GENERATOR_CPUS"),
        VideobridgeBench.setting("bench.childCpus", "BENCH_CHILD_CPUS"));
    System.out.println(
        "| rate/sender | offered in pps | load before | bridge delivered pps | delivered/expected"
            + " | bridge cores | bridge pps/core | relay cores | relay pps/core | ratio"
            + " | generator cores | p50 bridge/relay us | p99 bridge/relay us | added p50/p99 us"
            + " | unmatched |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (int rate : rates) {
      String load = loadAverage();
      Run bridge = bridge(n, m, seconds, rate);
      Run relay = relay(n, m, seconds, rate);
      VideobridgeBench.Result b = bridge.result();
      VideobridgeBench.Result r = relay.result();
      System.out.printf(
          Locale.ROOT,
          "| %d | %d | %s | %.0f | %.3f | %.2f | %.0f | %.2f | %.0f | %.2f | %.2f / %.2f"
              + " | %d / %d | %d / %d | %d / %d | %d / %d |%n",
          rate,
          (long) rate * n,
          load,
          b.pps(),
          b.expected() == 0 ? 0 : (double) b.delivered() / b.expected(),
          b.cores(),
          b.ppsPerCore(),
          r.cores(),
          r.ppsPerCore(),
          r.ppsPerCore() == 0 ? 0 : b.ppsPerCore() / r.ppsPerCore(),
          bridge.generatorCores(),
          relay.generatorCores(),
          b.p50(),
          r.p50(),
          b.p99(),
          r.p99(),
          b.p50() - r.p50(),
          b.p99() - r.p99(),
          bridge.unmatched(),
          relay.unmatched());
      System.out.printf(
          Locale.ROOT,
          "kernel share of CPU at %d/sender: bridge %.2f, relay %.2f%n",
          rate,
          b.cpuSeconds() == 0 ? 0 : bridge.childSystemSeconds() / b.cpuSeconds(),
          r.cpuSeconds() == 0 ? 0 : relay.childSystemSeconds() / r.cpuSeconds());
      System.out.flush();
    }
    System.out.println("load average after: " + loadAverage());
  }

  /** The 1-minute load average from /proc/loadavg. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  /** The child's CPU time in the kernel (/proc/pid/stat's stime), 0 when unreadable. */
  static double systemSeconds(Process p) {
    try {
      String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[12]) / 100.0; // field 15, in clock ticks (100 per second)
    } catch (java.io.IOException | RuntimeException e) {
      return 0;
    }
  }

  private static double ownCpuSeconds() {
    return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
  }

  /** Packets each sender needs for the warm-up, the window and a margin. */
  private static int count(int seconds, int rate) {
    return (int) ((WARMUP.toSeconds() + seconds + 3) * rate);
  }

  /** A bridge process and its line protocol ({@link BridgeProcess}). */
  private record Bridge(Process process, BufferedReader out, PrintWriter in)
      implements AutoCloseable {
    static Bridge start() throws Exception {
      Process p = VideobridgeBench.child(BridgeProcess.class, "bench-ceiling-bridge.log");
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      if (VideobridgeBench.readyLine(out) == null) {
        throw new IllegalStateException(
            "bridge did not start; see target/bench-ceiling-bridge.log");
      }
      return new Bridge(p, out, new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8));
    }

    String ask(String line) throws java.io.IOException {
      in.println(line);
      String answer = out.readLine();
      if (answer == null) {
        throw new IllegalStateException("bridge gone after " + line);
      }
      return answer;
    }

    long number(String command) throws java.io.IOException {
      return Long.parseLong(ask(command).split(" ")[1]);
    }

    /**
     * Adds a connected endpoint to {@code conference}; {@code sender} < 0 for a receiver, else the
     * sender's index, which gives its SSRCs.
     */
    TestEndpoint join(String conference, boolean create, String id, int sender) throws Exception {
      TestEndpoint e = new TestEndpoint(id);
      long base = ReplayLoad.SSRC_STEP * (sender + 1);
      Colibri2Requests.Sources s =
          sender < 0
              ? null
              : new Colibri2Requests.Sources(
                  base, List.of(ReplayLoad.ssrcOf(sender)), List.of(base + 2 * ReplayLoad.VIDEO));
      Element req =
          Colibri2Requests.createEndpoint(
              Colibri2Requests.conferenceModify(conference, create), e, s);
      String answer = ask(XmlWriter.write(req, null));
      if (!answer.startsWith("OK ")) {
        e.close();
        throw new IllegalStateException("colibri2 failed: " + answer);
      }
      e.connect(Colibri2Requests.bridgeTransport(Xml.parse(answer.substring(3)), e.id()));
      return e;
    }

    @Override
    public void close() throws InterruptedException {
      in.close();
      process.waitFor(10, TimeUnit.SECONDS);
      process.destroy();
    }
  }

  private static void awaitConnected(List<TestEndpoint> all) {
    for (TestEndpoint e : all) {
      if (!e.awaitConnected(CONNECT)) {
        throw new IllegalStateException(e.id() + " did not connect");
      }
    }
  }

  static Run bridge(int n, int m, int seconds, int rate) throws Exception {
    List<TestEndpoint> all = new ArrayList<>();
    ReplayLoad load = null;
    try (Bridge bridge = Bridge.start()) {
      for (int i = 0; i < n + m; i++) {
        boolean sender = i < n;
        all.add(bridge.join("ceiling", i == 0, (sender ? "s" : "r") + i, sender ? i : -1));
      }
      awaitConnected(all);
      List<UnaryOperator<byte[]>> protect = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        protect.add(all.get(i)::protect);
      }
      load = new ReplayLoad(n, rate, count(seconds, rate), protect);
      for (TestEndpoint e : all) {
        e.onRawRtp(load.receiver()::received);
      }
      load.start((i, b) -> all.get(i).sendUnprotected(b));
      Run run =
          measure(
              "bridge",
              load,
              n - 1 + m,
              seconds,
              () -> VideobridgeBench.cpuSeconds(bridge.process()),
              () -> systemSeconds(bridge.process()),
              () -> bridge.number("STATS"));
      bridge.ask("COUNTERS");
      // With media flowing, the retransmission caches are full: the heap per endpoint under load.
      System.out.printf(
          Locale.ROOT,
          "bridge heap after GC at %d packets/s per sender: %d KiB for %d endpoints%n",
          rate,
          bridge.number("HEAP") / 1024,
          n + m);
      return run;
    } finally {
      if (load != null) {
        load.stop();
      }
      all.forEach(TestEndpoint::close);
    }
  }

  static Run relay(int n, int m, int seconds, int rate) throws Exception {
    Process p = VideobridgeBench.child(UdpRelay.class, "bench-ceiling-relay.log");
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String ready = VideobridgeBench.readyLine(out);
    if (ready == null) {
      throw new IllegalStateException("relay did not start");
    }
    InetSocketAddress relay =
        new InetSocketAddress(
            InetAddress.getLoopbackAddress(), Integer.parseInt(ready.split(" ")[1]));
    List<DatagramSocket> sockets = new ArrayList<>();
    // The same packets as the bridge gets, as long as SRTP makes them (no crypto: the relay
    // reads nothing).
    List<UnaryOperator<byte[]>> protect = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      protect.add(b -> java.util.Arrays.copyOf(b, b.length + SRTP_TAG));
    }
    ReplayLoad load = new ReplayLoad(n, rate, count(seconds, rate), protect);
    try {
      for (int i = 0; i < n + m; i++) {
        ReplayLoad.Receiver r = load.receiver();
        VideobridgeBench.relayPeer(relay, sockets, (buf, len) -> r.received(buf, 0, len));
      }
      Thread.sleep(200);
      load.start((i, b) -> sockets.get(i).send(new DatagramPacket(b, b.length, relay)));
      return measure(
          "UDP relay",
          load,
          n - 1 + m,
          seconds,
          () -> VideobridgeBench.cpuSeconds(p),
          () -> systemSeconds(p),
          () -> 0);
    } finally {
      load.stop();
      sockets.forEach(DatagramSocket::close);
      p.getOutputStream().close();
      p.waitFor(5, TimeUnit.SECONDS);
      p.destroy();
    }
  }

  private interface Reading {
    double get() throws Exception;
  }

  private interface Counter {
    long get() throws Exception;
  }

  /** Measures one window; {@code fanOut} is how many receivers get each sent packet. */
  private static Run measure(
      String name,
      ReplayLoad load,
      int fanOut,
      int seconds,
      Reading cpu,
      Reading system,
      Counter forwarded)
      throws Exception {
    Thread.sleep(WARMUP.toMillis());
    load.reset();
    long sent0 = load.sent();
    long f0 = forwarded.get();
    double cpu0 = cpu.get();
    double sys0 = system.get();
    double gen0 = ownCpuSeconds();
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long sent1 = load.sent();
    long f1 = forwarded.get();
    double cpu1 = cpu.get();
    double sys1 = system.get();
    double gen1 = ownCpuSeconds();
    double wall = (System.nanoTime() - t0) / 1e9;
    long delivered = load.received();
    VideobridgeBench.Result result =
        new VideobridgeBench.Result(
            name,
            f1 - f0,
            delivered,
            wall,
            cpu1 - cpu0,
            load.percentile(50),
            load.percentile(99),
            (sent1 - sent0) * fanOut);
    return new Run(result, load.unmatched(), gen1 - gen0, sys1 - sys0);
  }

  /**
   * Heap per conference and per endpoint: the bridge's heap after a full collection when empty,
   * with {@code conferences} conferences of one connected endpoint each, and with {@code endpoints}
   * connected endpoints in each of them, all idle (no media).
   */
  static void memory(int conferences, int endpoints) throws Exception {
    List<TestEndpoint> all = new ArrayList<>();
    try (Bridge bridge = Bridge.start()) {
      // A first conference, kept in the baseline, loads the classes and fills the caches that any
      // conference uses, so that they are not counted as the measured conferences'.
      all.add(bridge.join("warm-up", true, "w0", 0));
      awaitConnected(all);
      long empty = bridge.number("HEAP");
      for (int c = 0; c < conferences; c++) {
        TestEndpoint e = bridge.join("c" + c, true, "c" + c + "e0", 0);
        all.add(e);
      }
      awaitConnected(all);
      long one = bridge.number("HEAP");
      for (int c = 0; c < conferences; c++) {
        for (int i = 1; i < endpoints; i++) {
          all.add(bridge.join("c" + c, false, "c" + c + "e" + i, i));
        }
      }
      awaitConnected(all);
      long full = bridge.number("HEAP");
      long perEndpoint = (full - one) / ((long) conferences * (endpoints - 1));
      long perConference = (one - empty) / conferences - perEndpoint;
      System.out.printf(
          Locale.ROOT,
          "bridge heap after GC: %d KiB with one conference of one endpoint; %d KiB with %d more"
              + " conferences of one endpoint; %d KiB with %d endpoints in each%n",
          empty / 1024,
          one / 1024,
          conferences,
          full / 1024,
          endpoints);
      System.out.printf(
          Locale.ROOT,
          "per endpoint (connected, idle): %d KiB; per conference, besides its endpoints: %d KiB;"
              + " load average %s%n",
          perEndpoint / 1024,
          perConference / 1024,
          loadAverage());
    } finally {
      all.forEach(TestEndpoint::close);
    }
  }
}
