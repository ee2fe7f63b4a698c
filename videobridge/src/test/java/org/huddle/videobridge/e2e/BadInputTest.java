package org.huddle.videobridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.huddle.rtp.RtpHeader;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.endpoint.Endpoint;
import org.huddle.videobridge.pipeline.PipelineStats;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.videobridge.testkit.MediaSender;
import org.huddle.videobridge.testkit.ReceivedRtp;
import org.huddle.videobridge.testkit.TestBridges;
import org.huddle.videobridge.testkit.TestConference;
import org.huddle.videobridge.testkit.TestEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An endpoint that completed ICE and DTLS sends garbage, truncated, replayed and unauthenticated
 * packets on its path. The bridge drops and counts them, forwards none, keeps its memory bounded,
 * and keeps forwarding what is valid.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  static final long SEED = 20261122L;
  Videobridge bridge;
  TestConference conference;
  TestEndpoint alice;
  TestEndpoint bob;
  MediaSender aliceMedia;
  final Colibri2Requests.Sources aliceSources =
      new Colibri2Requests.Sources(900L, List.of(910L), List.of(920L));

  @BeforeAll
  void setUp() throws Exception {
    bridge = TestBridges.start("");
    conference = new TestConference(bridge, "bad-input");
    alice = conference.join("alice", aliceSources);
    bob = conference.join("bob", null);
    // Alice answers key frame requests, as an encoder does: the bridge's side of bob may finish
    // its handshake a moment after bob's own, and then misses alice's first (key) frame.
    aliceMedia = new MediaSender(alice, aliceSources).answeringKeyframeRequests();
    // Start both streams here, so that every test, in any order, finds video flowing.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              aliceMedia.send(5, 1);
              return bob.rtp().stream().anyMatch(p -> p.ssrc() == 910L)
                  && bob.rtp().stream().anyMatch(p -> p.ssrc() == aliceSources.audioSsrc());
            });
    // Then start every test from an empty queue: wait until nothing more is in flight.
    while (bob.rtp().poll(300, java.util.concurrent.TimeUnit.MILLISECONDS) != null) {
      bob.rtp().clear();
    }
  }

  @AfterAll
  void tearDown() {
    conference.close();
    bridge.close();
  }

  byte[] random(Random r, int first, int len) {
    byte[] b = new byte[len];
    r.nextBytes(b);
    b[0] = (byte) first;
    return b;
  }

  long delta(String counter, long before) {
    return bridge.stats().get(counter) - before;
  }

  /** Datagrams from alice that reached her receive queue: accepted or dropped there. */
  long atTheQueue() {
    return bridge.stats().get("receive-queue.in") + bridge.stats().get("receive-queue.dropped");
  }

  /**
   * Sends datagrams in chunks, each seen at the receive queue before the next, so that none is lost
   * in a socket buffer on the way and the counts can be exact.
   */
  void sendPaced(List<byte[]> datagrams) {
    long before = atTheQueue();
    for (int i = 0; i < datagrams.size(); i += 32) {
      int end = Math.min(i + 32, datagrams.size());
      for (int j = i; j < end; j++) {
        alice.sendUnprotected(datagrams.get(j));
      }
      long expected = before + end;
      await()
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(2))
          .atMost(Duration.ofSeconds(10))
          .until(() -> atTheQueue() >= expected);
    }
    assertThat(atTheQueue() - before).isEqualTo(datagrams.size());
  }

  /** Waits until every datagram accepted by a receive queue has been through the pipeline. */
  void awaitDrained() {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> bridge.stats().get("receive-queue.in") == bridge.stats().get("classifier.in"));
  }

  /** Valid media from alice still reaches bob, intact. */
  void mediaStillFlows() throws Exception {
    bob.rtp().clear();
    int first = aliceMedia.rounds();
    aliceMedia.send(10, 0);
    List<ReceivedRtp> got = MediaRoutingTest.drainFor(bob, 10);
    MediaRoutingTest.assertIntactInOrder(
        MediaRoutingTest.only(got, aliceSources.audioSsrc()), "alice-a", first, 10);
  }

  @Test
  void garbageIsDroppedAndCountedNeverForwardedAndValidMediaStillFlows() throws Exception {
    bob.rtp().clear();
    PipelineStats stats = bridge.stats();
    Random r = new Random(SEED);

    for (int i = 0; i < 200; i++) {
      alice.sendUnprotected(random(r, 0x80, 12 + r.nextInt(300))); // RTP-looking, no valid tag
      alice.sendUnprotected(random(r, 0x80, 1 + r.nextInt(11))); // shorter than an RTP header
      byte[] rtcp = random(r, 0x80, 8 + 4 * r.nextInt(20));
      rtcp[1] = (byte) 200;
      alice.sendUnprotected(rtcp); // unauthenticated SRTCP
      alice.sendUnprotected(random(r, 0x41, 20)); // TURN channel range: nobody's
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(stats.get("srtp-decrypt.dropped.auth-failed")).isPositive();
              assertThat(stats.get("srtp-decrypt.dropped.malformed")).isPositive();
              assertThat(stats.get("srtcp-decrypt.dropped")).isPositive();
              assertThat(stats.get("ingress-demux.dropped.unmatched")).isPositive();
            });

    long replayedBefore = stats.get("srtp-decrypt.dropped.replayed");
    byte[] once = aliceMedia.protectedAudio(30, MediaSender.payload("replay", 0));
    alice.sendUnprotected(once);
    alice.sendUnprotected(once);
    alice.sendUnprotected(once);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> stats.get("srtp-decrypt.dropped.replayed") - replayedBefore == 2);

    int first = aliceMedia.rounds();
    aliceMedia.send(20, 1);
    List<ReceivedRtp> got = MediaRoutingTest.drainFor(bob, 41);
    List<ReceivedRtp> audio = MediaRoutingTest.only(got, aliceSources.audioSsrc());
    // The replayed packet was forwarded once (the first copy was valid), the rest are the 20 sent.
    assertThat(audio).hasSize(21);
    assertThat(audio.get(0).payload()).isEqualTo(MediaSender.payload("replay", 0));
    MediaRoutingTest.assertIntactInOrder(audio.subList(1, 21), "alice-a", first, 20);
    assertThat(got).allMatch(p -> p.ssrc() == aliceSources.audioSsrc() || p.ssrc() == 910L);
    assertThat(bob.undecryptable()).isZero();
  }

  @Test
  void packetsWithEverChangingSsrcsDoNotGrowTheSrtpState() throws Exception {
    Random r = new Random(SEED + 1);
    for (int i = 0; i < 3000; i++) {
      byte[] b = random(r, 0x80, 100);
      b[1] = 111;
      RtpHeader.setSsrc(b, 0, r.nextInt() & 0xffffffffL);
      alice.sendUnprotected(b);
    }
    Endpoint bridgeAlice = bridge.conferences().byMeetingId("bad-input").endpoint("alice");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> bridge.stats().get("srtp-decrypt.dropped.auth-failed") >= 1000);
    assertThat(bridgeAlice.transport().srtp().receiveContextCount()).isLessThanOrEqualTo(8);
  }

  @Test
  void badDtlsRecordsAreDroppedAndCountedBeforeTheDtlsStack() throws Exception {
    Random r = new Random(SEED + 3);
    List<byte[]> datagrams = new ArrayList<>();
    for (int i = 0; i < 50; i++) { // a handshake record type, but not a DTLS version
      byte[] b = random(r, 22, 13 + r.nextInt(200));
      b[1] = (byte) r.nextInt(254);
      datagrams.add(b);
    }
    for (int i = 0; i < 50; i++) { // in the DTLS range (RFC 7983) but no record type we know
      byte[] b = random(r, 26 + r.nextInt(38), 13 + r.nextInt(200));
      b[1] = (byte) 0xfe;
      datagrams.add(b);
    }
    for (int i = 0; i < 50; i++) { // shorter than a record header
      datagrams.add(random(r, 22, 1 + r.nextInt(12)));
    }
    for (int i = 0; i < 50; i++) { // a header whose length runs past the datagram
      int body = r.nextInt(200);
      byte[] b = random(r, 23, 13 + body);
      b[1] = (byte) 0xfe;
      b[2] = (byte) 0xfd;
      int declared = body + 1 + r.nextInt(100);
      b[11] = (byte) (declared >> 8);
      b[12] = (byte) declared;
      datagrams.add(b);
    }
    for (int i = 0; i < 20; i++) { // well-formed epoch-1 records that cannot authenticate
      int body = 16 + r.nextInt(200);
      byte[] b = random(r, 23, 13 + body);
      b[1] = (byte) 0xfe;
      b[2] = (byte) 0xfd;
      b[3] = 0;
      b[4] = 1;
      b[11] = (byte) (body >> 8);
      b[12] = (byte) body;
      datagrams.add(b);
    }
    long in = bridge.stats().get("dtls-validator.in");
    long out = bridge.stats().get("dtls-validator.out");
    long dropped = bridge.stats().get("dtls-validator.dropped");
    long malformed = bridge.stats().get("dtls-validator.dropped.malformed");
    long truncated = bridge.stats().get("dtls-validator.dropped.truncated");

    sendPaced(datagrams);
    awaitDrained();

    assertThat(delta("dtls-validator.in", in)).isEqualTo(220);
    assertThat(delta("dtls-validator.dropped.malformed", malformed)).isEqualTo(100);
    assertThat(delta("dtls-validator.dropped.truncated", truncated)).isEqualTo(100);
    assertThat(delta("dtls-validator.dropped", dropped)).isEqualTo(200);
    // The well-formed ones reach BouncyCastle, which discards them (they fail authentication)
    // without a count of ours, and the association carries on.
    assertThat(delta("dtls-validator.out", out)).isEqualTo(20);
    mediaStillFlows();
  }

  @Test
  void malformedStunIsDroppedAndCountedAndWellFormedStunIsIce4js() throws Exception {
    Random r = new Random(SEED + 4);
    List<byte[]> garbage = new ArrayList<>();
    for (int i = 0; i < 50; i++) { // a STUN first byte, but neither the magic cookie nor a length
      byte[] b = random(r, r.nextInt(4), 20 + r.nextInt(50)); // that matches (RFC 3489 style)
      b[2] = (byte) 0xff;
      b[4] = 0;
      garbage.add(b);
    }
    for (int i = 0; i < 50; i++) { // shorter than a STUN header
      garbage.add(random(r, r.nextInt(4), 1 + r.nextInt(19)));
    }
    long in = bridge.stats().get("stun.in");
    long malformed = bridge.stats().get("stun.dropped.malformed");

    sendPaced(garbage);
    awaitDrained();

    assertThat(delta("stun.in", in)).isEqualTo(100);
    assertThat(delta("stun.dropped.malformed", malformed)).isEqualTo(100);

    // Binding requests with the magic cookie whose attributes run past the message are malformed
    // too: counted here, never handed to ice4j.
    List<byte[]> badAttributes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      byte[] b = stunHeader(r, 24);
      b[20] = 0x00;
      b[21] = 0x06; // USERNAME
      b[22] = 0x00;
      b[23] = (byte) (21 + r.nextInt(200)); // longer than the 20 bytes left
      badAttributes.add(b);
    }
    sendPaced(badAttributes);
    awaitDrained();
    assertThat(delta("stun.in", in)).isEqualTo(120);
    assertThat(delta("stun.dropped.malformed", malformed)).isEqualTo(120);

    // Well-formed Binding requests with garbage in their attributes go to ice4j's STUN stack,
    // which discards (or answers) them: none reaches the pipeline, and ICE carries on.
    for (int i = 0; i < 20; i++) {
      byte[] b = stunHeader(r, 24);
      b[20] = (byte) 0x80;
      b[21] = 0x22; // SOFTWARE, 20 bytes of garbage
      b[22] = 0x00;
      b[23] = 20;
      alice.sendUnprotected(b);
    }
    // Datagrams from alice are handled in order, so once later media has arrived at bob, any of
    // the STUN messages the pipeline got would have been counted.
    mediaStillFlows();
    awaitDrained();
    assertThat(delta("stun.in", in)).isEqualTo(120);
  }

  /** A Binding request header (RFC 5389 §6) with the cookie and a body of random bytes. */
  static byte[] stunHeader(Random r, int bodyLength) {
    byte[] b = new byte[20 + bodyLength];
    r.nextBytes(b);
    b[0] = 0x00;
    b[1] = 0x01;
    b[2] = (byte) (bodyLength >> 8);
    b[3] = (byte) bodyLength;
    b[4] = 0x21;
    b[5] = 0x12;
    b[6] = (byte) 0xa4;
    b[7] = 0x42;
    return b;
  }

  @Test
  void aFloodFillsTheReceiveQueueToItsCapacityAndTheRestIsDroppedAndCounted() throws Exception {
    awaitDrained();
    int capacity = bridge.conferences().context().config().media().queueCapacity();
    // Hold every worker, so that nothing drains alice's receive queue while the flood arrives:
    // without that, whether the queue overflows depends on how fast the workers are.
    ExecutorService workers = bridge.conferences().context().workers();
    int threads = Runtime.getRuntime().availableProcessors();
    CountDownLatch started = new CountDownLatch(threads);
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < threads; i++) {
      workers.execute(
          () -> {
            started.countDown();
            try {
              release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    Random r = new Random(SEED + 2);
    List<byte[]> flood = new ArrayList<>();
    for (int i = 0; i < 2 * capacity + 100; i++) {
      flood.add(random(r, 0x80, 1200));
    }
    long accepted = bridge.stats().get("receive-queue.in");
    long dropped = bridge.stats().get("receive-queue.dropped");
    long classified = bridge.stats().get("classifier.in");
    try {
      assertThat(started.await(10, TimeUnit.SECONDS)).as("every worker held").isTrue();
      sendPaced(flood);
      assertThat(delta("receive-queue.in", accepted)).isEqualTo(capacity);
      assertThat(delta("receive-queue.dropped", dropped)).isEqualTo(capacity + 100);
      assertThat(delta("classifier.in", classified)).isZero();
    } finally {
      release.countDown();
    }
    awaitDrained();
    assertThat(delta("classifier.in", classified)).isEqualTo(capacity);
    assertThat(bridge.conferences().byMeetingId("bad-input").endpoint("alice")).isNotNull();
    assertThat(bridge.isHealthy()).isTrue();
    mediaStillFlows();
  }
}
