package org.huddle.videobridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * The bandwidth side of layer choice, end to end: the bridge starts every receiver at a low
 * estimate ({@code media.initial-bandwidth}); a receiver that allows 720p but sends no transport-cc
 * feedback (so its estimate stays where it started) gets only the low layer. Raising its estimate
 * ({@code assumedBandwidthBps}) then switches it to the 720p layer, so the constraint alone would
 * have allowed it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BandwidthLimitedSimulcastTest {
  static final long INITIAL_BPS = 150_000;

  Videobridge bridge;
  TestConference conference;
  TestEndpoint alice;
  TestEndpoint bob;
  MediaSender aliceMedia;
  BridgeChannelClient bobChannel;
  final Colibri2Requests.Sources aliceSources = Colibri2Requests.Sources.of(7000);

  @BeforeAll
  void setUp() throws Exception {
    bridge = TestBridges.start("videobridge.media.initial-bandwidth = " + INITIAL_BPS);
    conference = new TestConference(bridge, "bandwidth");
    alice = conference.join("alice", aliceSources);
    bob =
        conference.join("bob", new Colibri2Requests.Sources(8000L, List.of(8010L), List.of(8020L)));
    // Layers that cost what their height suggests: small 180p frames, large 720p ones.
    aliceMedia =
        new MediaSender(alice, aliceSources)
            .answeringKeyframeRequests()
            .withLayerBodySizes(150, 600, 1100);
    bobChannel = conference.openChannel("bob");
    assertThat(bobChannel.next("ServerHello", Duration.ofSeconds(10))).isNotNull();
  }

  @AfterAll
  void tearDown() throws Exception {
    bobChannel.close();
    conference.close();
    bridge.close();
  }

  private Endpoint bridgeSide(String id) {
    return bridge.conferences().byMeetingId("bandwidth").endpoint(id);
  }

  private List<ReceivedRtp> video(List<ReceivedRtp> got) {
    return got.stream().filter(r -> r.payloadType() == 100).toList();
  }

  private static String tag(ReceivedRtp r) {
    String s = new String(r.payload(), StandardCharsets.ISO_8859_1);
    int i = s.indexOf("alice-v");
    return i < 0 ? "?" : s.substring(i, i + 8);
  }

  @Test
  void aReceiverAllowed720pButWithALowEstimateGetsOnlyTheLowLayer() throws Exception {
    bobChannel.send(
        "{\"colibriClass\":\"ReceiverVideoConstraints\",\"defaultConstraints\":{\"maxHeight\":720}}");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> bridgeSide("bob").constraints().defaultMaxHeight() == 720);
    assertThat(bridgeSide("bob").bandwidthEstimateBps()).isEqualTo(INITIAL_BPS);

    // Enough frames to span several allocations (every second and on every change), the later
    // ones with every layer's bitrate measured over a full window.
    List<ReceivedRtp> got = new ArrayList<>();
    while (aliceMedia.rounds() < 400 || video(got).size() < 300) {
      aliceMedia.send(20, 3);
      bob.rtp().drainTo(got);
      assertThat(aliceMedia.rounds()).as("rounds sent before 300 arrived").isLessThan(4000);
    }
    List<ReceivedRtp> low = video(got);
    assertThat(low).isNotEmpty().allMatch(r -> tag(r).equals("alice-v0"), "only alice-v0");
    assertThat(low.get(0).isKeyFrame()).isTrue();
    assertThat(low.get(0).keyFrameHeight()).isEqualTo(180);
    assertThat(bridgeSide("bob").bandwidthEstimateBps())
        .as("no feedback from bob, so the estimate stays where it started")
        .isEqualTo(INITIAL_BPS);
    assertThat(bridge.conferences().byMeetingId("bandwidth").forwardedSources("bob"))
        .containsExactly("alice-v0");

    // The same receiver with room for more gets the 720p layer, at a key frame.
    bobChannel.send(
        "{\"colibriClass\":\"ReceiverVideoConstraints\",\"assumedBandwidthBps\":20000000}");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> bridgeSide("bob").bandwidthEstimateBps() == 20_000_000);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline
        && video(got).stream().noneMatch(r -> tag(r).equals("alice-v2"))) {
      aliceMedia.send(10, 3);
      bob.rtp().drainTo(got);
    }
    List<ReceivedRtp> stream = video(got);
    ReceivedRtp firstHigh =
        stream.stream().filter(r -> tag(r).equals("alice-v2")).findFirst().orElse(null);
    assertThat(firstHigh).as("switched to the 720p layer once the estimate allowed it").isNotNull();
    assertThat(firstHigh.isKeyFrame()).isTrue();
    assertThat(firstHigh.keyFrameHeight()).isEqualTo(720);
  }
}
