package org.huddle.videobridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.huddle.rtp.Rtcp;
import org.huddle.rtp.RtcpFeedback;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.videobridge.testkit.MediaSender;
import org.huddle.videobridge.testkit.ReceivedRtp;
import org.huddle.videobridge.testkit.TestBridges;
import org.huddle.videobridge.testkit.TestConference;
import org.huddle.videobridge.testkit.TestEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Test endpoints (ice4j, DTLS, SRTP on loopback) join one conference through Colibri2 and check
 * what the bridge forwards them and what RTCP it sends back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaRoutingTest {
  private Videobridge bridge;

  @BeforeAll
  void startBridge() throws Exception {
    bridge = TestBridges.start("");
  }

  @AfterAll
  void stopBridge() {
    bridge.close();
  }

  /** One audio source and one video source without simulcast. */
  static Colibri2Requests.Sources single(long base) {
    return new Colibri2Requests.Sources(base, List.of(base + 10), List.of(base + 20));
  }

  /** Everything a receiver gets within 15 s, until it has {@code count} packets. */
  static List<ReceivedRtp> drainFor(TestEndpoint e, int count) throws InterruptedException {
    List<ReceivedRtp> got = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (got.size() < count && System.nanoTime() < deadline) {
      ReceivedRtp r = e.rtp().poll(200, TimeUnit.MILLISECONDS);
      if (r != null) {
        got.add(r);
      }
    }
    return got;
  }

  static List<ReceivedRtp> only(List<ReceivedRtp> got, long ssrc) {
    return got.stream().filter(r -> r.ssrc() == ssrc).toList();
  }

  /** n packets, payloads of consecutive rounds from {@code first}, sequence numbers consecutive. */
  static void assertIntactInOrder(List<ReceivedRtp> got, String tag, int first, int n) {
    assertThat(got).hasSize(n);
    for (int i = 0; i < n; i++) {
      // Audio payloads are the sent bytes; video payloads are VP8 headers, then the sent bytes.
      assertThat(got.get(i).payload()).endsWith(MediaSender.payload(tag, first + i));
      if (i > 0) {
        assertThat(got.get(i).sequenceNumber())
            .isEqualTo((got.get(i - 1).sequenceNumber() + 1) & 0xffff);
      }
    }
  }

  static List<byte[]> drained(TestEndpoint e) {
    List<byte[]> out = new ArrayList<>();
    e.rtcp().drainTo(out);
    return out;
  }

  static boolean hasType(byte[] compound, int type) {
    boolean[] found = {false};
    Rtcp.forEach(compound, 0, compound.length, (t, f, o, l) -> found[0] |= t == type);
    return found[0];
  }

  static boolean hasFeedback(byte[] compound, int type, int fmt, long mediaSsrc) {
    boolean[] found = {false};
    Rtcp.forEach(
        compound,
        0,
        compound.length,
        (t, f, o, l) -> {
          if (t == type
              && f == fmt
              && (mediaSsrc < 0 || Rtcp.mediaSsrc(compound, o) == mediaSsrc)) {
            found[0] = true;
          }
        });
    return found[0];
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class TwoEndpoints {
    TestConference conference;
    TestEndpoint alice;
    TestEndpoint bob;
    MediaSender aliceMedia;
    MediaSender bobMedia;
    final Colibri2Requests.Sources aliceSources = single(1000);
    final Colibri2Requests.Sources bobSources = single(2000);

    @BeforeAll
    void join() throws Exception {
      conference = new TestConference(bridge, "two-endpoints");
      alice = conference.join("alice", aliceSources);
      bob = conference.join("bob", bobSources);
      aliceMedia = new MediaSender(alice, aliceSources);
      bobMedia = new MediaSender(bob, bobSources);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  bridge.conferences().byMeetingId("two-endpoints").endpoints().stream()
                      .allMatch(x -> x.isConnected()));
    }

    @AfterAll
    void leave() {
      conference.close();
    }

    @Test
    void eachReceivesTheOthersAudioAndVideoIntactAndInOrder() throws Exception {
      int n = 50;
      alice.rtp().clear();
      bob.rtp().clear();
      int aliceFirst = aliceMedia.rounds();
      int bobFirst = bobMedia.rounds();
      aliceMedia.send(n, 1);
      bobMedia.send(n, 1);
      List<ReceivedRtp> bobGot = drainFor(bob, n * 2);
      assertIntactInOrder(only(bobGot, aliceSources.audioSsrc()), "alice-a", aliceFirst, n);
      assertIntactInOrder(only(bobGot, aliceSources.simulcast().get(0)), "alice-v0", aliceFirst, n);
      List<ReceivedRtp> aliceGot = drainFor(alice, n * 2);
      assertIntactInOrder(only(aliceGot, bobSources.audioSsrc()), "bob-a", bobFirst, n);
      assertIntactInOrder(only(aliceGot, bobSources.simulcast().get(0)), "bob-v0", bobFirst, n);
    }

    @Test
    void aKeyFrameRequestFromTheReceiverReachesTheSender() throws Exception {
      aliceMedia.send(5, 1);
      alice.rtcp().clear();
      byte[] pli = new byte[12];
      RtcpFeedback.writePli(pli, 0, 42, aliceSources.simulcast().get(0));
      bob.sendRtcp(pli);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  drained(alice).stream()
                      .anyMatch(
                          c ->
                              hasFeedback(
                                  c,
                                  Rtcp.PSFB,
                                  RtcpFeedback.FMT_PLI,
                                  aliceSources.simulcast().get(0))));
    }

    @Test
    void forceMutedAudioIsNotForwardedWhileVideoIs() throws Exception {
      var handler = bridge.colibri2();
      handler.handle(
          org.huddle.signalling.Xml.parse(
              "<conference-modify xmlns='jitsi:colibri2' meeting-id='two-endpoints'>"
                  + "<endpoint id='alice'><force-mute audio='true' video='false'/></endpoint>"
                  + "</conference-modify>"));
      try {
        aliceMedia.send(5, 1); // let what was in flight arrive
        bob.rtp().clear();
        aliceMedia.send(20, 1);
        List<ReceivedRtp> got = drainFor(bob, 20);
        assertThat(only(got, aliceSources.simulcast().get(0))).hasSize(20);
        assertThat(only(got, aliceSources.audioSsrc())).isEmpty();
      } finally {
        handler.handle(
            org.huddle.signalling.Xml.parse(
                "<conference-modify xmlns='jitsi:colibri2' meeting-id='two-endpoints'>"
                    + "<endpoint id='alice'><force-mute audio='false' video='false'/></endpoint>"
                    + "</conference-modify>"));
      }
      bob.rtp().clear();
      aliceMedia.send(10, 1);
      assertThat(only(drainFor(bob, 20), aliceSources.audioSsrc())).hasSize(10);
    }

    @Test
    void theBridgeAsksTheSenderToRetransmitWhatDidNotArrive() throws Exception {
      aliceMedia.send(3, 1);
      int lost = aliceMedia.loseNextVideoPacket(0);
      long ssrc = aliceSources.simulcast().get(0);
      List<byte[]> seen = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                aliceMedia.send(2, 1);
                seen.addAll(drained(alice));
                return seen.stream()
                    .anyMatch(
                        c -> {
                          boolean[] asked = {false};
                          Rtcp.forEach(
                              c,
                              0,
                              c.length,
                              (t, f, o, l) -> {
                                if (t == Rtcp.RTPFB
                                    && f == RtcpFeedback.FMT_NACK
                                    && Rtcp.mediaSsrc(c, o) == ssrc) {
                                  asked[0] |=
                                      RtcpFeedback.nackedSequenceNumbers(c, o, l).contains(lost);
                                }
                              });
                          return asked[0];
                        });
              });
    }

    @Test
    void theSenderGetsReceiverReportsAndTransportCcFeedback() {
      List<byte[]> seen = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                aliceMedia.send(5, 1);
                seen.addAll(drained(alice));
                boolean rr = seen.stream().anyMatch(c -> hasType(c, Rtcp.RR));
                boolean tcc =
                    seen.stream()
                        .anyMatch(
                            c -> hasFeedback(c, Rtcp.RTPFB, RtcpFeedback.FMT_TRANSPORT_CC, -1));
                return rr && tcc;
              });
    }

    @Test
    void theReceiverGetsSenderReportsForWhatItIsForwarded() {
      List<byte[]> seen = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                aliceMedia.send(5, 1);
                seen.addAll(drained(bob));
                return seen.stream()
                    .anyMatch(
                        c -> {
                          boolean[] sr = {false};
                          Rtcp.forEach(
                              c,
                              0,
                              c.length,
                              (t, f, o, l) ->
                                  sr[0] |=
                                      t == Rtcp.SR
                                          && Rtcp.senderSsrc(c, o) == aliceSources.audioSsrc());
                          return sr[0];
                        });
              });
    }

    @Test
    void theReceiversTransportCcFeedbackGivesItABandwidthEstimate() throws Exception {
      bob.sendTransportCcFeedback();
      var bridgeBob = bridge.conferences().byMeetingId("two-endpoints").endpoint("bob");
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (!bridgeBob.hasBandwidthFeedback() && System.nanoTime() < deadline) {
        aliceMedia.send(10, 1);
      }
      assertThat(bridgeBob.hasBandwidthFeedback()).isTrue();
      long first = bridgeBob.bandwidthEstimateBps();
      // Clean feedback raises the estimate (8% a second, GCC-like).
      deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (bridgeBob.bandwidthEstimateBps() <= first && System.nanoTime() < deadline) {
        aliceMedia.send(10, 1);
      }
      assertThat(bridgeBob.bandwidthEstimateBps()).isGreaterThan(first);
    }

    @Test
    void aNackIsAnsweredFromTheRetransmissionCacheWithRtx() throws Exception {
      bob.rtp().clear();
      aliceMedia.send(10, 1);
      List<ReceivedRtp> got = only(drainFor(bob, 20), aliceSources.simulcast().get(0));
      assertThat(got).isNotEmpty();
      ReceivedRtp lost = got.get(got.size() / 2);
      byte[] nack = new byte[16];
      int len =
          RtcpFeedback.writeNack(
              nack, 0, 42, aliceSources.simulcast().get(0), new int[] {lost.sequenceNumber()});
      bob.sendRtcp(java.util.Arrays.copyOf(nack, len));
      long rtxSsrc = aliceSources.rtx().get(0);
      ReceivedRtp rtx = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (rtx == null && System.nanoTime() < deadline) {
        ReceivedRtp r = bob.rtp().poll(200, TimeUnit.MILLISECONDS);
        if (r != null && r.ssrc() == rtxSsrc) {
          rtx = r;
        }
      }
      assertThat(rtx).as("an RTX retransmission").isNotNull();
      byte[] p = rtx.payload();
      // RFC 4588 §4: the original sequence number, then the original payload.
      assertThat(((p[0] & 0xff) << 8) | (p[1] & 0xff)).isEqualTo(lost.sequenceNumber());
      assertThat(java.util.Arrays.copyOfRange(p, 2, p.length)).isEqualTo(lost.payload());
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class ThreeEndpoints {
    TestConference conference;
    final List<TestEndpoint> endpoints = new ArrayList<>();
    final List<MediaSender> senders = new ArrayList<>();
    final List<Colibri2Requests.Sources> sources =
        List.of(single(3000), single(4000), single(5000));

    @BeforeAll
    void join() throws Exception {
      conference = new TestConference(bridge, "three-endpoints");
      String[] names = {"ann", "ben", "cat"};
      for (int i = 0; i < 3; i++) {
        TestEndpoint e = conference.join(names[i], sources.get(i));
        endpoints.add(e);
        senders.add(new MediaSender(e, sources.get(i)));
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  bridge.conferences().byMeetingId("three-endpoints").endpoints().stream()
                      .allMatch(x -> x.isConnected()));
    }

    @AfterAll
    void leave() {
      conference.close();
    }

    @Test
    void everyoneReceivesBothOthersAudioAndVideoIntactAndInOrder() throws Exception {
      int n = 40;
      int[] first = new int[3];
      for (int i = 0; i < 3; i++) {
        endpoints.get(i).rtp().clear();
        first[i] = senders.get(i).rounds();
      }
      for (int k = 0; k < n; k++) {
        for (MediaSender s : senders) {
          s.send(1, 1);
        }
      }
      for (int r = 0; r < 3; r++) {
        List<ReceivedRtp> got = drainFor(endpoints.get(r), 4 * n);
        for (int s = 0; s < 3; s++) {
          if (s == r) {
            assertThat(only(got, sources.get(s).audioSsrc())).isEmpty();
            continue;
          }
          String id = endpoints.get(s).id();
          assertIntactInOrder(only(got, sources.get(s).audioSsrc()), id + "-a", first[s], n);
          assertIntactInOrder(
              only(got, sources.get(s).simulcast().get(0)), id + "-v0", first[s], n);
        }
      }
    }
  }
}
