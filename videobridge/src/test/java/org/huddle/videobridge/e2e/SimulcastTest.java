package org.huddle.videobridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.endpoint.Endpoint;
import org.huddle.videobridge.testkit.BridgeChannelClient;
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
 * A sender sends three VP8 simulcast layers as Chrome does; a receiver constrains its view with
 * {@code ReceiverVideoConstraints} over the bridge channel and must see one continuous stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulcastTest {
  Videobridge bridge;
  TestConference conference;
  TestEndpoint alice;
  TestEndpoint bob;
  MediaSender aliceMedia;
  BridgeChannelClient bobChannel;
  BridgeChannelClient aliceChannel;
  final Colibri2Requests.Sources aliceSources = Colibri2Requests.Sources.of(7000);

  @BeforeAll
  void setUp() throws Exception {
    bridge = TestBridges.start("");
    conference = new TestConference(bridge, "simulcast");
    alice = conference.join("alice", aliceSources);
    bob =
        conference.join("bob", new Colibri2Requests.Sources(8000L, List.of(8010L), List.of(8020L)));
    aliceMedia = new MediaSender(alice, aliceSources).answeringKeyframeRequests();
    bobChannel = conference.openChannel("bob");
    aliceChannel = conference.openChannel("alice");
    assertThat(bobChannel.next("ServerHello", Duration.ofSeconds(10))).isNotNull();
  }

  @AfterAll
  void tearDown() throws Exception {
    bobChannel.close();
    aliceChannel.close();
    conference.close();
    bridge.close();
  }

  private Endpoint bridgeSide(String id) {
    return bridge.conferences().byMeetingId("simulcast").endpoint(id);
  }

  private void constrain(int maxHeight) {
    bobChannel.send(
        "{\"colibriClass\":\"ReceiverVideoConstraints\",\"defaultConstraints\":{\"maxHeight\":"
            + maxHeight
            + "}}");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> bridgeSide("bob").constraints().defaultMaxHeight() == maxHeight);
  }

  private List<ReceivedRtp> video(List<ReceivedRtp> got) {
    long primary = aliceSources.simulcast().get(0);
    return got.stream()
        .filter(r -> r.payloadType() == 100)
        .peek(
            r -> {
              assertThat(r.ssrc())
                  .as("every video packet carries the primary SSRC")
                  .isEqualTo(primary);
            })
        .toList();
  }

  private static String tag(ReceivedRtp r) {
    String s = new String(r.payload(), StandardCharsets.ISO_8859_1);
    int i = s.indexOf("alice-v");
    return i < 0 ? "?" : s.substring(i, i + 8);
  }

  @Test
  void aReceiverConstrainedTo180pGetsTheLowLayerThenSwitchesUpAtAKeyFrameWithoutAGap()
      throws Exception {
    constrain(180);
    List<ReceivedRtp> got = new ArrayList<>();
    aliceMedia.send(60, 3);
    bob.rtp().drainTo(got);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              bob.rtp().drainTo(got);
              return video(got).size() >= 60;
            });
    List<ReceivedRtp> low = video(got);
    assertThat(low).hasSize(60).allMatch(r -> tag(r).equals("alice-v0"));
    assertThat(low.get(0).isKeyFrame()).isTrue();
    assertThat(low.get(0).keyFrameHeight()).isEqualTo(180);
    // The sender hears that nobody needs more than 180p of its camera.
    JsonNode senderConstraint = null;
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < until) {
      JsonNode m = aliceChannel.next("SenderSourceConstraints", Duration.ofMillis(200));
      if (m != null) {
        senderConstraint = m;
        if (m.path("maxHeight").asInt() == 180) {
          break;
        }
      }
    }
    assertThat(senderConstraint).isNotNull();
    assertThat(senderConstraint.path("sourceName").asText()).isEqualTo("alice-v0");
    assertThat(senderConstraint.path("maxHeight").asInt()).isEqualTo(180);

    constrain(720);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline
        && video(got).stream().noneMatch(r -> tag(r).equals("alice-v2"))) {
      aliceMedia.send(10, 3);
      bob.rtp().drainTo(got);
    }
    aliceMedia.send(20, 3);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              bob.rtp().drainTo(got);
              return tag(video(got).get(video(got).size() - 1)).equals("alice-v2");
            });
    List<ReceivedRtp> stream = video(got);
    int firstHigh = -1;
    for (int i = 0; i < stream.size(); i++) {
      if (tag(stream.get(i)).equals("alice-v2")) {
        firstHigh = i;
        break;
      }
    }
    assertThat(firstHigh).as("switched to the 720p layer").isPositive();
    assertThat(aliceMedia.keyframeRequests())
        .as("the bridge asked the sender for a key frame")
        .isPositive();
    ReceivedRtp switchPoint = stream.get(firstHigh);
    assertThat(switchPoint.isKeyFrame()).as("the switch happens at a key frame").isTrue();
    assertThat(switchPoint.keyFrameHeight()).isEqualTo(720);
    assertThat(stream.subList(firstHigh, stream.size())).allMatch(r -> tag(r).equals("alice-v2"));
    for (int i = 1; i < stream.size(); i++) {
      ReceivedRtp a = stream.get(i - 1);
      ReceivedRtp b = stream.get(i);
      assertThat(b.sequenceNumber())
          .as("sequence at %d", i)
          .isEqualTo((a.sequenceNumber() + 1) & 0xffff);
      assertThat(b.pictureId()).as("picture id at %d", i).isEqualTo((a.pictureId() + 1) & 0x7fff);
      assertThat(b.timestamp()).as("timestamp at %d", i).isGreaterThan(a.timestamp());
    }
  }
}
