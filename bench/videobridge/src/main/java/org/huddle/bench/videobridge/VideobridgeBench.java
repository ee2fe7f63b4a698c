package org.huddle.bench.videobridge;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.huddle.videobridge.colibri2.XmlElement;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.videobridge.testkit.MediaFactory;
import org.huddle.videobridge.testkit.TestEndpoint;

/**
 * Drives N senders and M receivers through a videobridge, then the same load through a plain UDP
 * relay, each in a child process, and prints forwarded packets per second per core and latency side
 * by side. Every endpoint receives every other sender's stream, so each sent packet is forwarded N
 * - 1 + M times.
 *
 * <p>Arguments: senders, receivers, seconds of measurement, packets per second per sender.
 */
public final class VideobridgeBench {
  private static final int BODY = 1000;
  private static final Duration WARMUP = Duration.ofSeconds(3);

  private VideobridgeBench() {}

  record Result(
      String name,
      long forwarded,
      long delivered,
      double seconds,
      double cpuSeconds,
      long p50,
      long p99,
      long expected) {
    double pps() {
      return delivered / seconds;
    }

    double cores() {
      return cpuSeconds / seconds;
    }

    double ppsPerCore() {
      return cores() == 0 ? 0 : pps() / cores();
    }
  }

  public static void main(String[] args) throws Exception {
    int senders = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int receivers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    int rate = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    System.out.printf(
        Locale.ROOT,
        "videobridge bench: %d senders x %d receivers, %d packets/s per sender of %d bytes,"
            + " %d s after %d s warm-up, %d cores%n",
        senders,
        receivers,
        rate,
        BODY,
        seconds,
        WARMUP.toSeconds(),
        Runtime.getRuntime().availableProcessors());
    Result bridge = bridge(senders, receivers, seconds, rate);
    Result relay = relay(senders, receivers, seconds, rate);
    print(bridge, relay);
  }

  private static Process child(Class<?> main, String logName) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    File log = new File("target/" + logName);
    log.getParentFile().mkdirs();
    return new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-Dlogback.configurationFile=logback.xml",
            "-cp",
            System.getProperty("java.class.path"),
            main.getName())
        .redirectError(log)
        .start();
  }

  private static double cpuSeconds(Process p) {
    return p.toHandle().info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
  }

  private static byte[] body() {
    byte[] b = new byte[BODY];
    ByteBuffer.wrap(b, BODY - 8, 8).putLong(System.nanoTime());
    return b;
  }

  private static void record(Latencies lat, byte[] packet, int end) {
    long sent = ByteBuffer.wrap(packet, end - 8, 8).getLong();
    lat.add((System.nanoTime() - sent) / 1000);
  }

  static Result bridge(int n, int m, int seconds, int rate) throws Exception {
    Process p = child(BridgeProcess.class, "bench-bridge.log");
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    PrintWriter in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
    String ready = out.readLine();
    if (ready == null || !ready.startsWith("READY")) {
      throw new IllegalStateException("bridge did not start: " + ready);
    }
    Latencies lat = new Latencies(2_000_000);
    List<TestEndpoint> all = new ArrayList<>();
    List<TestEndpoint> sending = new ArrayList<>();
    List<Colibri2Requests.Sources> sources = new ArrayList<>();
    try {
      for (int i = 0; i < n + m; i++) {
        boolean sender = i < n;
        TestEndpoint e = new TestEndpoint((sender ? "s" : "r") + i);
        Colibri2Requests.Sources s =
            sender
                ? new Colibri2Requests.Sources(
                    1000L * (i + 1), List.of(1000L * (i + 1) + 10), List.of(1000L * (i + 1) + 20))
                : null;
        XmlElement req =
            Colibri2Requests.createEndpoint(
                Colibri2Requests.conferenceModify("bench", i == 0), e, s);
        in.println(req.toXml());
        String answer = out.readLine();
        if (answer == null || !answer.startsWith("OK ")) {
          throw new IllegalStateException("colibri2 failed: " + answer);
        }
        e.connect(Colibri2Requests.bridgeTransport(XmlElement.parse(answer.substring(3)), e.id()));
        e.onRtp(b -> record(lat, b, b.length));
        all.add(e);
        if (sender) {
          sending.add(e);
          sources.add(s);
        }
      }
      for (TestEndpoint e : all) {
        if (!e.awaitConnected(Duration.ofSeconds(30))) {
          throw new IllegalStateException(e.id() + " did not connect");
        }
      }
      int[] seq = new int[n];
      ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
      pace.scheduleAtFixedRate(
          () -> {
            for (int i = 0; i < n; i++) {
              int s = seq[i]++;
              sending
                  .get(i)
                  .sendRtp(
                      MediaFactory.vp8(
                          sources.get(i).simulcast().get(0),
                          s & 0xffff,
                          3000L * s,
                          s & 0x7fff,
                          s & 0xff,
                          s == 0,
                          640,
                          360,
                          s & 0xffff,
                          body()));
            }
          },
          0,
          1_000_000_000L / rate,
          TimeUnit.NANOSECONDS);
      Thread.sleep(WARMUP.toMillis());
      lat.reset();
      in.println("STATS");
      long f0 = Long.parseLong(out.readLine().split(" ")[1]);
      double cpu0 = cpuSeconds(p);
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      in.println("STATS");
      long f1 = Long.parseLong(out.readLine().split(" ")[1]);
      double cpu1 = cpuSeconds(p);
      double wall = (System.nanoTime() - t0) / 1e9;
      long delivered = lat.received();
      pace.shutdownNow();
      long expected = (long) n * rate * (n - 1 + m) * seconds;
      return new Result(
          "bridge",
          f1 - f0,
          delivered,
          wall,
          cpu1 - cpu0,
          lat.percentile(50),
          lat.percentile(99),
          expected);
    } finally {
      all.forEach(TestEndpoint::close);
      in.close();
      p.waitFor(10, TimeUnit.SECONDS);
      p.destroy();
    }
  }

  static Result relay(int n, int m, int seconds, int rate) throws Exception {
    Process p = child(UdpRelay.class, "bench-relay.log");
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String ready = out.readLine();
    if (ready == null || !ready.startsWith("READY")) {
      throw new IllegalStateException("relay did not start: " + ready);
    }
    InetSocketAddress relay =
        new InetSocketAddress(
            InetAddress.getLoopbackAddress(), Integer.parseInt(ready.split(" ")[1]));
    Latencies lat = new Latencies(2_000_000);
    List<DatagramSocket> sockets = new ArrayList<>();
    List<Thread> readers = new ArrayList<>();
    try {
      for (int i = 0; i < n + m; i++) {
        DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        s.setReceiveBufferSize(4 << 20);
        sockets.add(s);
        byte[] hello = "HELLO".getBytes(StandardCharsets.US_ASCII);
        for (int k = 0; k < 3; k++) {
          s.send(new DatagramPacket(hello, hello.length, relay));
        }
        readers.add(
            Thread.ofPlatform()
                .daemon()
                .start(
                    () -> {
                      byte[] buf = new byte[2048];
                      DatagramPacket d = new DatagramPacket(buf, buf.length);
                      while (!s.isClosed()) {
                        try {
                          d.setLength(buf.length);
                          s.receive(d);
                          if (d.getLength() > 8) {
                            record(lat, buf, d.getLength());
                          }
                        } catch (java.io.IOException e) {
                          return;
                        }
                      }
                    }));
      }
      Thread.sleep(200);
      ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
      pace.scheduleAtFixedRate(
          () -> {
            for (int i = 0; i < n; i++) {
              byte[] b = new byte[12 + 16 + 2 + BODY + 10]; // the size of the SRTP packet above
              System.arraycopy(body(), 0, b, b.length - BODY, BODY);
              try {
                sockets.get(i).send(new DatagramPacket(b, b.length, relay));
              } catch (java.io.IOException e) {
                // counted as not delivered
              }
            }
          },
          0,
          1_000_000_000L / rate,
          TimeUnit.NANOSECONDS);
      Thread.sleep(WARMUP.toMillis());
      lat.reset();
      double cpu0 = cpuSeconds(p);
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      double cpu1 = cpuSeconds(p);
      double wall = (System.nanoTime() - t0) / 1e9;
      long delivered = lat.received();
      pace.shutdownNow();
      long expected = (long) n * rate * (n - 1 + m) * seconds;
      return new Result(
          "UDP relay",
          delivered,
          delivered,
          wall,
          cpu1 - cpu0,
          lat.percentile(50),
          lat.percentile(99),
          expected);
    } finally {
      sockets.forEach(DatagramSocket::close);
      p.getOutputStream().close();
      p.waitFor(5, TimeUnit.SECONDS);
      p.destroy();
    }
  }

  private static void print(Result b, Result r) {
    String f = "| %-38s | %14s | %14s | %10s |%n";
    System.out.printf(Locale.ROOT, f, "", "bridge", "UDP relay", "ratio");
    System.out.printf(Locale.ROOT, f, "---", "---", "---", "---");
    row(f, "delivered packets/s", b.pps(), r.pps(), "%.0f");
    row(
        f,
        "delivered / expected",
        (double) b.delivered() / b.expected(),
        (double) r.delivered() / r.expected(),
        "%.3f");
    row(f, "CPU cores used by the forwarder", b.cores(), r.cores(), "%.2f");
    row(f, "forwarded packets/s per core", b.ppsPerCore(), r.ppsPerCore(), "%.0f");
    row(f, "latency p50, sender to receiver (us)", b.p50(), r.p50(), "%.0f");
    row(f, "latency p99, sender to receiver (us)", b.p99(), r.p99(), "%.0f");
    System.out.printf(
        Locale.ROOT,
        "added latency of the bridge over the relay: p50 %d us, p99 %d us%n",
        b.p50() - r.p50(),
        b.p99() - r.p99());
    System.out.printf(
        Locale.ROOT, "bridge egress counter over the window: %d packets%n", b.forwarded());
  }

  private static void row(String f, String name, double bridge, double relay, String num) {
    System.out.printf(
        Locale.ROOT,
        f,
        name,
        String.format(Locale.ROOT, num, bridge),
        String.format(Locale.ROOT, num, relay),
        relay == 0 ? "-" : String.format(Locale.ROOT, "%.2f", bridge / relay));
  }
}
