package org.huddle.videobridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.endpoint.Endpoint;
import org.huddle.videobridge.pipeline.PipelineStats;
import org.huddle.videobridge.rtp.RtpHeader;
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
    aliceMedia = new MediaSender(alice, aliceSources);
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

  @Test
  void garbageIsDroppedAndCountedNeverForwardedAndValidMediaStillFlows() throws Exception {
    aliceMedia.send(5, 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> bob.rtp().size() >= 10);
    bob.rtp().clear();
    PipelineStats stats = bridge.stats();
    Random r = new Random(SEED);

    for (int i = 0; i < 200; i++) {
      alice.sendUnprotected(random(r, 0x80, 12 + r.nextInt(300))); // RTP-looking, no valid tag
      alice.sendUnprotected(random(r, 0x80, 1 + r.nextInt(11))); // shorter than an RTP header
      byte[] rtcp = random(r, 0x80, 8 + 4 * r.nextInt(20));
      rtcp[1] = (byte) 200;
      alice.sendUnprotected(rtcp); // unauthenticated SRTCP
      alice.sendUnprotected(random(r, 0x16, 13 + r.nextInt(200))); // DTLS garbage
      alice.sendUnprotected(random(r, 0x41, 20)); // TURN channel range: nobody's
      alice.sendUnprotected(random(r, 0x00, 20 + r.nextInt(50))); // STUN-looking garbage
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
  void aFloodIsBoundedByTheQueueAndCounted() {
    Random r = new Random(SEED + 2);
    List<byte[]> flood = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      flood.add(random(r, 0x80, 1200));
    }
    long before = bridge.stats().get("classifier.in") + bridge.stats().get("receive-queue.dropped");
    for (int i = 0; i < 20_000; i++) {
      alice.sendUnprotected(flood.get(i % flood.size()));
    }
    // Everything that arrived was either processed or dropped at the queue, never held.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              Endpoint a = bridge.conferences().byMeetingId("bad-input").endpoint("alice");
              return a != null
                  && bridge.stats().get("classifier.in")
                          + bridge.stats().get("receive-queue.dropped")
                      > before;
            });
    assertThat(bridge.conferences().byMeetingId("bad-input").endpoint("alice")).isNotNull();
    assertThat(bridge.isHealthy()).isTrue();
  }
}
