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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.huddle.bench.videobridge.VideoStream.Codec;
import org.huddle.rtp.Av1DependencyDescriptor;
import org.huddle.rtp.testkit.MediaFactory;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.Xml;
import org.huddle.videobridge.testkit.BridgeChannelClient;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.videobridge.testkit.TestEndpoint;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.XmlWriter;

/**
 * Drives N senders and M receivers through a videobridge, then the same load through a plain UDP
 * relay, each in a child process, and prints forwarded packets per second per core and latency side
 * by side. Every endpoint receives every other sender's stream, so with VP8 each sent packet is
 * forwarded N - 1 + M times; with VP9 or AV1 (K-SVC, see {@link VideoStream}) a receiver gets only
 * the layers it needs, and the relay still forwards every packet to everyone.
 *
 * <p>Arguments: senders, receivers, seconds of measurement, packets per second per sender, codec
 * (VP8, VP9 or AV1), how many of the receivers ask for at most {@value #LOW_HEIGHT} lines.
 */
public final class VideobridgeBench {
  private static final int BODY = 1000;
  private static final Duration WARMUP = Duration.ofSeconds(3);
  private static final Duration KEY_INTERVAL = Duration.ofSeconds(2);
  private static final int LOW_HEIGHT = 360;
  private static final int SRTP_TAG = 10;

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
    Codec codec = Codec.of(args.length > 4 ? args[4] : "VP8");
    int low = args.length > 5 ? Integer.parseInt(args[5]) : 0;
    if (low < 0 || low > receivers) {
      throw new IllegalArgumentException("low receivers must be 0.." + receivers + ": " + low);
    }
    System.out.printf(
        Locale.ROOT,
        "videobridge bench: %s, %d senders x %d receivers (%d of them at most %d lines),"
            + " %d packets/s per sender of %d bytes, %d s after %d s warm-up, %d cores%n",
        codec,
        senders,
        receivers,
        low,
        LOW_HEIGHT,
        rate,
        BODY,
        seconds,
        WARMUP.toSeconds(),
        Runtime.getRuntime().availableProcessors());
    Result bridge = bridge(senders, receivers, low, seconds, rate, codec);
    VideoStream sample = new VideoStream(codec, 1, 4);
    sample.next(VideobridgeBench::body); // a key picture
    int size = sample.next(VideobridgeBench::body).packets().get(0).length;
    Result relay = relay(senders, receivers, seconds, rate, size + SRTP_TAG);
    print(bridge, relay);
  }

  static Process child(Class<?> main, String logName) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    File log = new File("target/" + logName);
    log.getParentFile().mkdirs();
    List<String> command = new ArrayList<>();
    // The child's CPUs (taskset -c list), so that its CPU time is not shared with the generator's
    // threads on the same core: -Dbench.childCpus=1 or BENCH_CHILD_CPUS=1 (default: unpinned).
    String cpus = setting("bench.childCpus", "BENCH_CHILD_CPUS");
    if (!cpus.isEmpty()) {
      command.addAll(List.of("taskset", "-c", cpus));
    }
    command.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED"));
    // Extra JVM options for the child, e.g. a flight recording of the bridge:
    // BENCH_CHILD_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/bridge.jfr
    // -Xlog:jfr+startup=warning"
    String extra = System.getenv().getOrDefault("BENCH_CHILD_JAVA_OPTS", "").strip();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(
        List.of(
            "-Dlogback.configurationFile=logback.xml",
            "-cp",
            System.getProperty("java.class.path"),
            main.getName()));
    return new ProcessBuilder(command).redirectError(log).start();
  }

  /** A bench setting: the system property if set and not empty, else the environment variable. */
  static String setting(String property, String env) {
    String v = System.getProperty(property, "").strip();
    return v.isEmpty() ? System.getenv().getOrDefault(env, "").strip() : v;
  }

  /**
   * Pins every thread of this process (and, by inheritance, those it starts later) to {@code cpus}
   * (a taskset -c list), when -Dbench.generatorCpus or BENCH_GENERATOR_CPUS names some.
   */
  static void pinGenerator() throws Exception {
    String cpus = setting("bench.generatorCpus", "BENCH_GENERATOR_CPUS");
    if (cpus.isEmpty()) {
      return;
    }
    Process p =
        new ProcessBuilder(
                "taskset", "-a", "-c", "-p", cpus, Long.toString(ProcessHandle.current().pid()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("taskset failed for the generator's CPUs " + cpus);
    }
  }

  /**
   * The child's READY line, skipping what the JVM itself printed first (a flight recording's
   * notice).
   */
  static String readyLine(BufferedReader out) throws java.io.IOException {
    for (int i = 0; i < 20; i++) {
      String line = out.readLine();
      if (line == null || line.startsWith("READY")) {
        return line;
      }
    }
    return null;
  }

  static double cpuSeconds(Process p) {
    return p.toHandle().info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
  }

  private static byte[] body(int spatialLayer) {
    byte[] b = new byte[BODY];
    b[0] = (byte) spatialLayer;
    ByteBuffer.wrap(b, BODY - 8, 8).putLong(System.nanoTime());
    return b;
  }

  private static void record(Latencies lat, byte[] packet, int end) {
    long sent = ByteBuffer.wrap(packet, end - 8, 8).getLong();
    lat.add((System.nanoTime() - sent) / 1000);
  }

  /**
   * Jicofo's video offer for {@code codec} on top of the test kit's Opus and VP8: its payload type
   * with the same feedback, and for AV1 the dependency descriptor extension.
   */
  private static void addCodec(Element conferenceModify, Codec codec) {
    if (codec == Codec.VP8) {
      return;
    }
    Element video =
        conferenceModify
            .elements("endpoint", WireNamespaces.COLIBRI2)
            .get(0)
            .elements("media", WireNamespaces.COLIBRI2)
            .stream()
            .filter(media -> "video".equals(media.attr("type")))
            .findFirst()
            .orElseThrow();
    Element pt =
        video
            .addChild("payload-type", WireNamespaces.RTP)
            .attr("id", codec.payloadType)
            .attr("name", codec.encodingName)
            .attr("clockrate", 90000);
    pt.addChild("rtcp-fb", WireNamespaces.RTCP_FB).attr("type", "ccm").attr("subtype", "fir");
    pt.addChild("rtcp-fb", WireNamespaces.RTCP_FB).attr("type", "nack");
    pt.addChild("rtcp-fb", WireNamespaces.RTCP_FB).attr("type", "nack").attr("subtype", "pli");
    pt.addChild("rtcp-fb", WireNamespaces.RTCP_FB).attr("type", "transport-cc");
    if (codec == Codec.AV1) {
      video
          .addChild("rtp-hdrext", WireNamespaces.RTP_HDREXT)
          .attr("id", MediaFactory.DEPENDENCY_DESCRIPTOR_ID)
          .attr("uri", Av1DependencyDescriptor.URI);
    }
  }

  static Result bridge(int n, int m, int low, int seconds, int rate, Codec codec) throws Exception {
    Process p = child(BridgeProcess.class, "bench-bridge.log");
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    PrintWriter in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
    String ready = readyLine(out);
    if (ready == null) {
      throw new IllegalStateException("bridge did not start: " + ready);
    }
    int httpPort = Integer.parseInt(ready.split(" ")[2]);
    Latencies lat = new Latencies(2_000_000);
    List<TestEndpoint> all = new ArrayList<>();
    List<TestEndpoint> sending = new ArrayList<>();
    List<VideoStream> streams = new ArrayList<>();
    List<BridgeChannelClient> channels = new ArrayList<>();
    int pictureRate = Math.max(1, rate / codec.layers());
    int keyEvery = (int) (pictureRate * KEY_INTERVAL.toSeconds());
    ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
    AtomicLongArray topLayers = new AtomicLongArray(3);
    AtomicLongArray lowLayers = new AtomicLongArray(3);
    try {
      for (int i = 0; i < n + m; i++) {
        boolean sender = i < n;
        TestEndpoint e = new TestEndpoint((sender ? "s" : "r") + i);
        Colibri2Requests.Sources s =
            sender
                ? new Colibri2Requests.Sources(
                    1000L * (i + 1), List.of(1000L * (i + 1) + 10), List.of(1000L * (i + 1) + 20))
                : null;
        Element req =
            Colibri2Requests.createEndpoint(
                Colibri2Requests.conferenceModify("bench", i == 0), e, s);
        addCodec(req, codec);
        in.println(XmlWriter.write(req, null));
        String answer = out.readLine();
        if (answer == null || !answer.startsWith("OK ")) {
          throw new IllegalStateException("colibri2 failed: " + answer);
        }
        Element transport =
            Colibri2Requests.bridgeTransport(Xml.parse(answer.substring(3)), e.id());
        e.connect(transport);
        AtomicLongArray layers = i >= n + m - low ? lowLayers : topLayers;
        e.onRtp(
            b -> {
              record(lat, b, b.length);
              if (b.length >= BODY) {
                layers.incrementAndGet(Math.min(b[b.length - BODY] & 0xff, 2));
              }
            });
        all.add(e);
        if (sender) {
          sending.add(e);
          streams.add(new VideoStream(codec, s.simulcast().get(0), keyEvery));
        } else if (i >= n + m - low) {
          channels.add(capped(transport, httpPort));
        }
      }
      for (TestEndpoint e : all) {
        if (!e.awaitConnected(Duration.ofSeconds(30))) {
          throw new IllegalStateException(e.id() + " did not connect");
        }
      }
      // Packets an uncapped and a capped receiver should get, summed over the senders.
      AtomicLong forTop = new AtomicLong();
      AtomicLong forLow = new AtomicLong();
      long maxTicks = (WARMUP.toSeconds() + seconds + 10L) * pictureRate;
      long[] ticks = {0};
      pace.scheduleAtFixedRate(
          () -> {
            if (ticks[0]++ >= maxTicks) {
              return; // a bound on the load if the main thread stalls
            }
            for (int i = 0; i < n; i++) {
              VideoStream.Picture pic = streams.get(i).next(VideobridgeBench::body);
              pic.packets().forEach(sending.get(i)::sendRtp);
              forTop.addAndGet(pic.forTop());
              forLow.addAndGet(pic.forLow());
            }
          },
          0,
          1_000_000_000L * codec.layers() / rate,
          TimeUnit.NANOSECONDS);
      Thread.sleep(WARMUP.toMillis());
      lat.reset();
      for (int l = 0; l < 3; l++) {
        topLayers.set(l, 0);
        lowLayers.set(l, 0);
      }
      long top0 = forTop.get();
      long low0 = forLow.get();
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
      long top = forTop.get() - top0;
      long lowPackets = forLow.get() - low0;
      pace.shutdownNow();
      System.out.printf(
          Locale.ROOT,
          "received per spatial layer S0/S1/S2: uncapped endpoints %d/%d/%d,"
              + " receivers capped at %d lines %d/%d/%d%n",
          topLayers.get(0),
          topLayers.get(1),
          topLayers.get(2),
          LOW_HEIGHT,
          lowLayers.get(0),
          lowLayers.get(1),
          lowLayers.get(2));
      // Each sender's packets go to the n - 1 other senders and the m receivers, all uncapped
      // but the last {@code low}.
      long expected = top * (n - 1 + m - low) + lowPackets * low;
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
      pace.shutdownNow();
      for (BridgeChannelClient c : channels) {
        c.close();
      }
      all.forEach(TestEndpoint::close);
      in.close();
      p.waitFor(10, TimeUnit.SECONDS);
      p.destroy();
    }
  }

  /** Opens a receiver's bridge channel and asks for at most {@link #LOW_HEIGHT} lines. */
  private static BridgeChannelClient capped(Element transport, int httpPort) throws Exception {
    Element ws = transport.child("web-socket", WireNamespaces.COLIBRI);
    if (ws == null) {
      throw new IllegalStateException("no colibri-ws URL in " + XmlWriter.write(transport, null));
    }
    String url = ws.attr("url");
    BridgeChannelClient c = BridgeChannelClient.connect(url, httpPort);
    c.send(
        "{\"colibriClass\":\"ReceiverVideoConstraints\",\"defaultConstraints\":{\"maxHeight\":"
            + LOW_HEIGHT
            + "}}");
    return c;
  }

  static Result relay(int n, int m, int seconds, int rate, int size) throws Exception {
    Process p = child(UdpRelay.class, "bench-relay.log");
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String ready = readyLine(out);
    if (ready == null) {
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
        readers.add(
            relayPeer(
                relay,
                sockets,
                (buf, len) -> {
                  if (len > 8) {
                    record(lat, buf, len);
                  }
                }));
      }
      Thread.sleep(200);
      ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
      long maxTicks = (WARMUP.toSeconds() + seconds + 10L) * rate;
      long[] ticks = {0};
      pace.scheduleAtFixedRate(
          () -> {
            if (ticks[0]++ >= maxTicks) {
              return;
            }
            for (int i = 0; i < n; i++) {
              byte[] b = new byte[size]; // the size of the bridge's SRTP packets
              System.arraycopy(body(0), 0, b, b.length - BODY, BODY);
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

  /** Takes a datagram's bytes (valid during the call) and length. */
  interface DatagramHandler {
    void received(byte[] buf, int len);
  }

  /**
   * Opens a socket on loopback, registers it with the UDP relay (its "HELLO"), adds it to {@code
   * sockets} and starts a thread that hands {@code handler} what it receives until it is closed.
   */
  static Thread relayPeer(
      InetSocketAddress relay, List<DatagramSocket> sockets, DatagramHandler handler)
      throws java.io.IOException {
    DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    s.setReceiveBufferSize(4 << 20);
    sockets.add(s);
    byte[] hello = "HELLO".getBytes(StandardCharsets.US_ASCII);
    for (int k = 0; k < 3; k++) {
      s.send(new DatagramPacket(hello, hello.length, relay));
    }
    return Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              byte[] buf = new byte[2048];
              DatagramPacket d = new DatagramPacket(buf, buf.length);
              while (!s.isClosed()) {
                try {
                  d.setLength(buf.length);
                  s.receive(d);
                  handler.received(buf, d.getLength());
                } catch (java.io.IOException e) {
                  return;
                }
              }
            });
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
