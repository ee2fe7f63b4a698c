package org.huddle.videobridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.testkit.TestBridges;
import org.huddle.videobridge.testkit.TestConference;
import org.huddle.videobridge.testkit.TestEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Whatever reaches the media ports from an address that no endpoint's ICE checked in from, and does
 * not open a session (a Binding request naming an endpoint), is dropped and counted, and shows on
 * /metrics as {@code huddle_videobridge_dropped_packets_total{node, reason}}, as every other drop
 * does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaPortGarbageTest {
  static final Pattern DROPPED =
      Pattern.compile(
          "huddle_videobridge_dropped_packets_total\\{node=\"([^\"]+)\",reason=\"([^\"]+)\"\\}"
              + " (\\S+)");
  final HttpClient http = HttpClient.newHttpClient();
  final Random random = new Random(20261206L);
  Videobridge bridge;
  TestConference conference;
  TestEndpoint alice;

  @BeforeAll
  void start() throws Exception {
    bridge = TestBridges.start("");
    conference = new TestConference(bridge, "garbage");
    alice = conference.join("alice", null);
  }

  @AfterAll
  void stop() {
    conference.close();
    bridge.close();
  }

  /** The dropped-packet counters on /metrics, "node.reason" to value. */
  Map<String, Long> droppedOnMetrics() throws Exception {
    String body =
        http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + bridge.privateHttpPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<String, Long> out = new HashMap<>();
    Matcher m = DROPPED.matcher(body);
    while (m.find()) {
      out.put(m.group(1) + "." + m.group(2), (long) Double.parseDouble(m.group(3)));
    }
    return out;
  }

  long metric(String nodeAndReason) throws Exception {
    return droppedOnMetrics().getOrDefault(nodeAndReason, 0L);
  }

  static byte[] bindingRequest(String username) {
    byte[] u = username.getBytes(StandardCharsets.UTF_8);
    int padded = (u.length + 3) & ~3;
    ByteBuffer b = ByteBuffer.allocate(20 + 4 + padded);
    b.putShort((short) 1).putShort((short) (4 + padded)).putInt(0x2112A442);
    b.put(new byte[12]).putShort((short) 6).putShort((short) u.length).put(u);
    return b.array();
  }

  byte[] garbage(int first, int len) {
    byte[] b = new byte[len];
    random.nextBytes(b);
    b[0] = (byte) first;
    return b;
  }

  @Test
  void udpFromAnUnknownAddressIsDroppedAndCountedOnMetricsByReason() throws Exception {
    long unknownSource = metric("udp-port.unknown-source");
    long unknownUfrag = metric("udp-port.unknown-ufrag");
    long in = bridge.stats().get("udp-port.in");
    InetSocketAddress port =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), bridge.udpPort());
    try (DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int sent = 0;
      for (int first :
          new int[] {0x80, 0x90, 22, 23, 0x41, 0x00, 0xff}) { // RTP, DTLS, TURN, STUN...
        for (int i = 0; i < 10; i++) {
          byte[] d = garbage(first, 1 + random.nextInt(400));
          stranger.send(new DatagramPacket(d, d.length, port));
          sent++;
        }
      }
      for (int i = 0; i < 20; i++) { // well-formed, but for an agent this bridge does not have
        byte[] d = bindingRequest("nobody" + i + ":peer");
        stranger.send(new DatagramPacket(d, d.length, port));
      }
      long expected = in + sent + 20;
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> bridge.stats().get("udp-port.in") >= expected);
      assertThat(metric("udp-port.unknown-source") - unknownSource).isEqualTo(sent);
      assertThat(metric("udp-port.unknown-ufrag") - unknownUfrag).isEqualTo(20);
    }
  }

  @Test
  void aTcpConnectionThatDoesNotStartWithABindingRequestForAnEndpointIsClosedAndCounted()
      throws Exception {
    long notStun = metric("tcp-port.no-binding-request");
    long unknownUfrag = metric("tcp-port.unknown-ufrag");
    for (byte[] first : new byte[][] {garbage(0x80, 100), bindingRequest("nobody:peer")}) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), bridge.tcpPort())) {
        s.setSoTimeout(5000);
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeShort(first.length);
        out.write(first);
        out.flush();
        assertThat(s.getInputStream().read()).as("the bridge closes the connection").isEqualTo(-1);
      }
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(metric("tcp-port.no-binding-request") - notStun).isEqualTo(1);
              assertThat(metric("tcp-port.unknown-ufrag") - unknownUfrag).isEqualTo(1);
            });
  }

  @Test
  void everyDropHasAReasonAndEveryReasonIsOnMetrics() throws Exception {
    for (int i = 0; i < 50; i++) { // garbage on alice's own path: counted by her pipeline
      alice.sendUnprotected(garbage(0x80, 12 + random.nextInt(200)));
      alice.sendUnprotected(garbage(0x41, 20));
      alice.sendUnprotected(garbage(0x01, 30));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> bridge.stats().get("ingress-demux.dropped.unmatched") >= 50);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Map<String, Long> stats = bridge.stats().snapshot();
              Map<String, Long> metrics = droppedOnMetrics();
              Map<String, Long> byReason = new HashMap<>();
              stats.forEach(
                  (k, v) -> {
                    String[] p = k.split("\\.", 3);
                    if (p.length == 3 && p[1].equals("dropped")) {
                      byReason.merge(p[0], v, Long::sum);
                      assertThat(metrics).as(k).containsEntry(p[0] + "." + p[2], v);
                    }
                  });
              stats.forEach(
                  (k, v) -> {
                    String[] p = k.split("\\.");
                    if (p.length == 2 && p[1].equals("dropped")) {
                      assertThat(byReason.getOrDefault(p[0], 0L))
                          .as("the reasons of %s add up to it", k)
                          .isEqualTo(v);
                    }
                  });
              assertThat(metrics).containsKeys("stun.malformed", "ingress-demux.unmatched");
            });
  }
}
