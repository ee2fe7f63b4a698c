package org.huddle.videobridge.conference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.endpoint.Endpoint;
import org.huddle.videobridge.endpoint.EndpointSources;
import org.huddle.videobridge.endpoint.MediaSourceDesc;
import org.huddle.videobridge.endpoint.ReceiverConstraints;
import org.huddle.videobridge.testkit.TestBridges;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link BandwidthAllocator#allocate} on real endpoints of a real conference (no media flows, so
 * every layer has its usual simulcast height, 180/360/720, and its assumed bitrate, 0.2/0.7/2
 * Mb/s). The receiver's estimate is set as a receiver's {@code assumedBandwidthBps} sets it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BandwidthAllocatorTest {
  static final long L0 = BandwidthAllocator.assumedBitrate(180);
  static final long L1 = BandwidthAllocator.assumedBitrate(360);
  static final long L2 = BandwidthAllocator.assumedBitrate(720);

  Videobridge bridge;
  Conference conference;
  Endpoint receiver;
  Map<String, Endpoint> owners = new LinkedHashMap<>();
  List<MediaSourceDesc> sources;

  @BeforeAll
  void setUp() throws Exception {
    bridge = TestBridges.start("");
    conference = bridge.conferences().create("allocator", "allocator");
    receiver = conference.createEndpoint("recv");
    owners.put("recv", receiver);
    MediaSourceDesc bob = source("bob", 100);
    MediaSourceDesc carol = source("carol", 200);
    MediaSourceDesc dave = source("dave", 300);
    sources = List.of(bob, carol, dave);
    for (MediaSourceDesc s : sources) {
      Endpoint e = conference.createEndpoint(s.owner());
      e.setSources(new EndpointSources(List.of(s)));
      owners.put(s.owner(), e);
    }
    assertThat(L0).isEqualTo(200_000);
    assertThat(L1).isEqualTo(700_000);
    assertThat(L2).isEqualTo(2_000_000);
  }

  @AfterAll
  void tearDown() throws Exception {
    bridge.close();
  }

  private static MediaSourceDesc source(String owner, long ssrcBase) {
    return new MediaSourceDesc(
        owner + "-v0",
        owner,
        true,
        List.of(ssrcBase + 1, ssrcBase + 2, ssrcBase + 3),
        Map.of(),
        "camera");
  }

  /** Runs the allocator; returns source name to layer, in the order the allocator decided. */
  private Map<String, Integer> allocate(
      ReceiverConstraints constraints, List<String> speakers, int defaultLastN) {
    receiver.setConstraints(constraints);
    assertThat(receiver.bandwidthEstimateBps()).isEqualTo(constraints.assumedBandwidthBps());
    Map<String, Integer> out = new LinkedHashMap<>();
    for (BandwidthAllocator.Choice c :
        BandwidthAllocator.allocate(
            receiver, sources, owners, speakers, defaultLastN, System.nanoTime())) {
      out.put(c.source().name(), c.layer());
    }
    return out;
  }

  private Map<String, Integer> allocate(long estimateBps, List<String> speakers) {
    return allocate(constraints(estimateBps), speakers, -1);
  }

  private static ReceiverConstraints constraints(long estimateBps) {
    return new ReceiverConstraints(-1, List.of(), List.of(), -1, Map.of(), estimateBps);
  }

  private static Map<String, Integer> expected(Object... nameAndLayer) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < nameAndLayer.length; i += 2) {
      m.put((String) nameAndLayer[i], (Integer) nameAndLayer[i + 1]);
    }
    return m;
  }

  @Test
  void enoughForEveryHighLayerForwardsTheTopLayerOfEach() {
    assertThat(allocate(3 * L2, List.of()))
        .containsExactlyEntriesOf(expected("bob-v0", 2, "carol-v0", 2, "dave-v0", 2));
    assertThat(allocate(20_000_000, List.of()))
        .containsExactlyEntriesOf(expected("bob-v0", 2, "carol-v0", 2, "dave-v0", 2));
    // One bit short: the last source in priority order (by name, nobody has spoken) stays at 360p.
    assertThat(allocate(3 * L2 - 1, List.of()))
        .containsExactlyEntriesOf(expected("bob-v0", 2, "carol-v0", 2, "dave-v0", 1));
  }

  @Test
  void enoughOnlyForTheLowLayersForwardsLayerZeroOfEach() {
    assertThat(allocate(3 * L0, List.of()))
        .containsExactlyEntriesOf(expected("bob-v0", 0, "carol-v0", 0, "dave-v0", 0));
    assertThat(allocate(3 * L0 + (L1 - L0) - 1, List.of()))
        .containsExactlyEntriesOf(expected("bob-v0", 0, "carol-v0", 0, "dave-v0", 0));
    // Enough to raise one: the first in priority order is raised.
    assertThat(allocate(3 * L0 + (L1 - L0), List.of("carol")))
        .containsExactlyEntriesOf(expected("carol-v0", 1, "bob-v0", 0, "dave-v0", 0));
  }

  @Test
  void belowEvenTheLowLayersOnlyTheFirstSourceInPriorityOrderGetsLayerZero() {
    // dave spoke last, then bob; carol never spoke.
    assertThat(allocate(150_000, List.of("dave", "bob")))
        .containsExactlyEntriesOf(expected("dave-v0", 0, "bob-v0", -1, "carol-v0", -1));
    assertThat(allocate(2 * L0 - 1, List.of("dave", "bob")))
        .containsExactlyEntriesOf(expected("dave-v0", 0, "bob-v0", -1, "carol-v0", -1));
    assertThat(allocate(2 * L0, List.of("dave", "bob")))
        .containsExactlyEntriesOf(expected("dave-v0", 0, "bob-v0", 0, "carol-v0", -1));
  }

  @Test
  void anAssumedBandwidthReplacesTheEstimateUntilTheReceiverClearsItWithMinusOne()
      throws Exception {
    Endpoint fresh = conference.createEndpoint("assumes");
    long estimate = fresh.bandwidthEstimateBps();
    assertThat(estimate).as("the estimator's starting estimate").isPositive();
    fresh.setConstraints(constraints(estimate / 4));
    assertThat(fresh.bandwidthEstimateBps()).isEqualTo(estimate / 4);
    // Constraints that leave assumedBandwidthBps out keep it, as a parsed message does.
    fresh.setConstraints(fresh.constraints().withLastN(3));
    assertThat(fresh.bandwidthEstimateBps()).isEqualTo(estimate / 4);
    fresh.setConstraints(constraints(-1));
    assertThat(fresh.bandwidthEstimateBps()).isEqualTo(estimate);
  }

  @Test
  void lastNCutsThePriorityList() {
    ReceiverConstraints lastTwo =
        new ReceiverConstraints(2, List.of(), List.of(), -1, Map.of(), 20_000_000);
    assertThat(allocate(lastTwo, List.of("carol"), -1))
        .containsExactlyEntriesOf(expected("carol-v0", 2, "bob-v0", 2, "dave-v0", -1));
    // The bridge's default applies when the receiver sets none, and caps what it sets.
    assertThat(allocate(constraints(20_000_000), List.of("dave"), 1))
        .containsExactlyEntriesOf(expected("dave-v0", 2, "bob-v0", -1, "carol-v0", -1));
    assertThat(allocate(lastTwo, List.of("dave"), 1))
        .containsExactlyEntriesOf(expected("dave-v0", 2, "bob-v0", -1, "carol-v0", -1));
    // Last-N 0: no video at all.
    assertThat(allocate(constraints(20_000_000).withLastN(0), List.of(), -1))
        .containsExactlyEntriesOf(expected("bob-v0", -1, "carol-v0", -1, "dave-v0", -1));
  }

  @Test
  void perSourceMaxHeightCapsTheLayerAndZeroTurnsTheSourceOff() {
    ReceiverConstraints c =
        new ReceiverConstraints(
            -1, List.of(), List.of(), 180, Map.of("bob-v0", 360, "carol-v0", 0), 20_000_000);
    assertThat(allocate(c, List.of(), -1))
        .containsExactlyEntriesOf(expected("bob-v0", 1, "carol-v0", -1, "dave-v0", 0));
    // A cap below the lowest layer still gets the lowest layer, as jitsi-videobridge does.
    ReceiverConstraints tiny =
        new ReceiverConstraints(-1, List.of(), List.of(), 90, Map.of("dave-v0", 720), 20_000_000);
    assertThat(allocate(tiny, List.of(), -1))
        .containsExactlyEntriesOf(expected("bob-v0", 0, "carol-v0", 0, "dave-v0", 2));
    // A source turned off does not use up a last-N slot.
    ReceiverConstraints offAndLastOne =
        new ReceiverConstraints(1, List.of(), List.of(), -1, Map.of("bob-v0", 0), 20_000_000);
    assertThat(allocate(offAndLastOne, List.of(), -1))
        .containsExactlyEntriesOf(expected("bob-v0", -1, "carol-v0", 2, "dave-v0", -1));
  }

  @Test
  void theOnStageSourceIsRaisedFirstThenSelectedThenBySpeaker() {
    long lowsAndOneHigh = 3 * L0 + (L2 - L0);
    List<String> speakers = List.of("bob", "carol", "dave");
    assertThat(allocate(lowsAndOneHigh, speakers))
        .containsExactlyEntriesOf(expected("bob-v0", 2, "carol-v0", 0, "dave-v0", 0));
    ReceiverConstraints onStage =
        new ReceiverConstraints(
            -1, List.of("carol-v0"), List.of("dave-v0"), -1, Map.of(), lowsAndOneHigh);
    assertThat(allocate(onStage, speakers, -1))
        .containsExactlyEntriesOf(expected("dave-v0", 2, "carol-v0", 0, "bob-v0", 0));
    ReceiverConstraints selected =
        new ReceiverConstraints(-1, List.of("carol-v0"), List.of(), -1, Map.of(), lowsAndOneHigh);
    assertThat(allocate(selected, speakers, -1))
        .containsExactlyEntriesOf(expected("carol-v0", 2, "bob-v0", 0, "dave-v0", 0));
    // Below the low layers, the on-stage source is the one that gets video.
    ReceiverConstraints starved =
        new ReceiverConstraints(-1, List.of(), List.of("dave-v0"), -1, Map.of(), 150_000);
    assertThat(allocate(starved, speakers, -1))
        .containsExactlyEntriesOf(expected("dave-v0", 0, "bob-v0", -1, "carol-v0", -1));
  }
}
