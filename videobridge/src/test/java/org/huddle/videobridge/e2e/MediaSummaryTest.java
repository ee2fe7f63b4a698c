package org.huddle.videobridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.huddle.signalling.Xml;
import org.huddle.videobridge.MediaSummary;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.endpoint.Endpoint;
import org.huddle.videobridge.testkit.BridgeChannelClient;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.videobridge.testkit.MediaSender;
import org.huddle.videobridge.testkit.ReceivedRtp;
import org.huddle.videobridge.testkit.TestBridges;
import org.huddle.videobridge.testkit.TestConference;
import org.huddle.videobridge.testkit.TestEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each endpoint that leaves gets one media summary: real SRTP from test endpoints over loopback
 * UDP, packets the sender skips counted as lost, and the layer switches a receiver's constraints
 * cause, as the receiver saw them in its stream.
 */
class MediaSummaryTest {
  Videobridge bridge;
  final BlockingQueue<MediaSummary> summaries = new LinkedBlockingQueue<>();
  final Colibri2Requests.Sources aliceSources = Colibri2Requests.Sources.of(7000);
  final Colibri2Requests.Sources bobSources =
      new Colibri2Requests.Sources(8000L, List.of(8010L), List.of(8020L));

  @BeforeEach
  void start() throws Exception {
    bridge = TestBridges.start("");
    bridge.onMediaSummary(summaries::add);
  }

  @AfterEach
  void stop() {
    bridge.close();
  }

  private MediaSummary next() throws InterruptedException {
    MediaSummary s = summaries.poll(10, TimeUnit.SECONDS);
    assertThat(s).as("a media summary").isNotNull();
    return s;
  }

  private void expireEndpoint(String meetingId, String endpointId) throws Exception {
    bridge
        .colibri2()
        .handle(
            Xml.parse(
                "<conference-modify xmlns='jitsi:colibri2' meeting-id='"
                    + meetingId
                    + "'><endpoint id='"
                    + endpointId
                    + "' expire='true'/></conference-modify>"));
  }

  @Test
  void anExpiredSendersSummaryCountsWhatItSentAndThePacketsItSkippedAsLost() throws Exception {
    long before = System.nanoTime();
    try (TestConference conference = new TestConference(bridge, "m-loss")) {
      TestEndpoint alice = conference.join("alice", aliceSources);
      long joined = System.nanoTime();
      conference.join("bob", bobSources);
      MediaSender media = new MediaSender(alice, aliceSources);
      int lost = 0;
      for (int round = 0; round < 6; round++) {
        media.send(10, 3);
        media.loseNextVideoPacket(round % 3); // a gap in the middle of a layer's stream
        lost++;
      }
      media.send(10, 3); // the last gap is followed by packets, so it shows
      long sent = media.sentPackets();
      Endpoint onBridge = bridge.conferences().byMeetingId("m-loss").endpoint("alice");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> onBridge.mediaTotals(System.nanoTime()).packetsReceived() == sent);

      long expiring = System.nanoTime();
      expireEndpoint("m-loss", "alice");
      MediaSummary s = next();
      long after = System.nanoTime();

      assertThat(s.meetingId()).isEqualTo("m-loss");
      assertThat(s.endpointId()).isEqualTo("alice");
      assertThat(s.packetsReceived()).isEqualTo(sent);
      assertThat(s.packetsLost()).isEqualTo(lost);
      assertThat(s.bytesReceived()).isEqualTo(media.sentBytes());
      assertThat(s.stay().toNanos()).isBetween(expiring - joined, after - before);
      assertThat(s.bitrateBps())
          .isEqualTo((long) (s.bytesReceived() * 8 * 1e9 / s.stay().toNanos()));
      assertThat(s.layerSwitches()).as("alice received no video").isZero();
      assertThat(summaries).as("one summary per endpoint").isEmpty();
    }
  }

  @Test
  void theEndOfAConferenceSummarisesEveryEndpointOnce() throws Exception {
    try (TestConference conference = new TestConference(bridge, "m-end")) {
      conference.join("alice", aliceSources);
      conference.join("bob", bobSources);
      bridge
          .colibri2()
          .handle(
              Xml.parse(
                  "<conference-modify xmlns='jitsi:colibri2' meeting-id='m-end'"
                      + " expire='true'/>"));
      List<String> ids = new ArrayList<>(List.of(next().endpointId(), next().endpointId()));
      assertThat(ids).containsExactlyInAnyOrder("alice", "bob");
      assertThat(summaries.poll(500, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  @Test
  void aReceiversLayerSwitchesAreTheChangesOfLayerItGot() throws Exception {
    try (TestConference conference = new TestConference(bridge, "m-switch")) {
      TestEndpoint alice = conference.join("alice", aliceSources);
      TestEndpoint bob = conference.join("bob", bobSources);
      MediaSender media = new MediaSender(alice, aliceSources).answeringKeyframeRequests();
      try (BridgeChannelClient channel = conference.openChannel("bob")) {
        assertThat(channel.next("ServerHello", Duration.ofSeconds(10))).isNotNull();
        List<ReceivedRtp> got = new ArrayList<>();
        for (int height : new int[] {180, 720, 180}) {
          channel.send(
              "{\"colibriClass\":\"ReceiverVideoConstraints\",\"defaultConstraints\":"
                  + "{\"maxHeight\":"
                  + height
                  + "}}");
          Endpoint onBridge = bridge.conferences().byMeetingId("m-switch").endpoint("bob");
          await().until(() -> onBridge.constraints().defaultMaxHeight() == height);
          String wanted = height == 180 ? "alice-v0" : "alice-v2";
          long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
          while (System.nanoTime() < deadline && !lastTag(got).equals(wanted)) {
            media.send(10, 3);
            bob.rtp().drainTo(got);
          }
          assertThat(lastTag(got)).isEqualTo(wanted);
        }
        int seen = 0;
        List<ReceivedRtp> video = got.stream().filter(r -> r.payloadType() == 100).toList();
        for (int i = 1; i < video.size(); i++) {
          if (!tag(video.get(i)).equals(tag(video.get(i - 1)))) {
            seen++;
          }
        }
        assertThat(seen).as("up to 720p and back, maybe by way of 360p").isGreaterThanOrEqualTo(2);

        expireEndpoint("m-switch", "bob");
        MediaSummary s = next();
        assertThat(s.endpointId()).isEqualTo("bob");
        assertThat(s.layerSwitches()).isEqualTo(seen);
      }
    }
  }

  private static String lastTag(List<ReceivedRtp> got) {
    for (int i = got.size() - 1; i >= 0; i--) {
      if (got.get(i).payloadType() == 100) {
        return tag(got.get(i));
      }
    }
    return "";
  }

  private static String tag(ReceivedRtp r) {
    String s = new String(r.payload(), StandardCharsets.ISO_8859_1);
    int i = s.indexOf("alice-v");
    return i < 0 ? "?" : s.substring(i, i + 8);
  }
}
