package org.huddle.videobridge.conference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.huddle.rtp.testkit.MediaFactory;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.endpoint.Endpoint;
import org.huddle.videobridge.endpoint.EndpointSources;
import org.huddle.videobridge.endpoint.EndpointStreams;
import org.huddle.videobridge.endpoint.MediaFormats;
import org.huddle.videobridge.endpoint.MediaSourceDesc;
import org.huddle.videobridge.endpoint.PayloadType;
import org.huddle.videobridge.endpoint.ReceiverConstraints;
import org.huddle.videobridge.packet.Packet;
import org.huddle.videobridge.pipeline.CodecParser;
import org.huddle.videobridge.pipeline.PacketInfo;
import org.huddle.videobridge.pipeline.PipelineStats;
import org.huddle.videobridge.pipeline.RtpParser;
import org.huddle.videobridge.testkit.TestBridges;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link BandwidthAllocator} on sources sent as Jitsi clients send VP9 or AV1 SVC: a SIM group of
 * three SSRCs of which only the first carries media, with every spatial layer on it. Real endpoints
 * of a real conference; what their receive pipelines would learn is set with {@link
 * EndpointStreams}, the spatial layers and heights by running a VP9 key picture's scalability
 * structure through a {@link CodecParser}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BandwidthAllocatorSvcTest {
  static final long PLENTY = 20_000_000;
  static final MediaFormats VP8_AND_VP9 =
      formats(
          new PayloadType(MediaFactory.VP8_PT, "VP8", 90000, 1, Map.of(), List.of("nack pli")),
          new PayloadType(MediaFactory.VP9_PT, "VP9", 90000, 1, Map.of(), List.of("nack pli")));
  static final MediaFormats VP8_ONLY =
      formats(new PayloadType(MediaFactory.VP8_PT, "VP8", 90000, 1, Map.of(), List.of("nack pli")));

  Videobridge bridge;
  Conference conference;
  int endpoints;

  @BeforeAll
  void setUp() throws Exception {
    bridge = TestBridges.start("");
    conference = bridge.conferences().create("svc-allocator", "svc-allocator");
  }

  @AfterAll
  void tearDown() throws Exception {
    bridge.close();
  }

  static MediaFormats formats(PayloadType... video) {
    return new MediaFormats(
        List.of(new PayloadType(MediaFactory.OPUS_PT, "opus", 48000, 2, Map.of(), List.of())),
        List.of(video),
        Map.of());
  }

  /** A sender of one camera source on SSRCs {@code base + 1..3}, signalled as a SIM group. */
  Endpoint sender(long base) throws Exception {
    String id = "sender" + ++endpoints;
    Endpoint e = conference.createEndpoint(id);
    e.setFormats(VP8_AND_VP9);
    e.setSources(
        new EndpointSources(
            List.of(
                new MediaSourceDesc(
                    id + "-v0",
                    id,
                    true,
                    List.of(base + 1, base + 2, base + 3),
                    Map.of(),
                    "camera"))));
    return e;
  }

  Endpoint receiver(MediaFormats formats, long estimateBps) throws Exception {
    Endpoint e = conference.createEndpoint("receiver" + ++endpoints);
    e.setFormats(formats);
    e.setConstraints(new ReceiverConstraints(-1, List.of(), List.of(), -1, Map.of(), estimateBps));
    assertThat(e.bandwidthEstimateBps()).isEqualTo(estimateBps);
    return e;
  }

  static MediaSourceDesc source(Endpoint sender) {
    return sender.sources().all().get(0);
  }

  static BandwidthAllocator.Choice allocate(Endpoint receiver, Endpoint sender, long nowNanos) {
    return allocate(receiver, sender, 0, nowNanos);
  }

  static BandwidthAllocator.Choice allocate(
      Endpoint receiver, Endpoint sender, long holdNanos, long nowNanos) {
    List<BandwidthAllocator.Choice> choices =
        BandwidthAllocator.allocate(
            receiver,
            List.of(source(sender)),
            Map.of(receiver.id(), receiver, sender.id(), sender),
            List.of(),
            -1,
            holdNanos,
            nowNanos);
    assertThat(choices).hasSize(1);
    return choices.get(0);
  }

  /** The first packet of a VP9 key picture on {@code ssrc} with an SS of these layer heights. */
  static void keyPicture(Endpoint sender, long ssrc, List<Integer> heights) {
    MediaFactory.Vp9 d =
        new MediaFactory.Vp9(1, 1, 0, false, 0, false, false, true, false, false, heights);
    byte[] b = MediaFactory.vp9(ssrc, 1, 0, false, d, new byte[] {1, 2, 3});
    PipelineStats stats = new PipelineStats();
    PacketInfo p = new PacketInfo(Packet.copyOf(b, 0, b.length), 0);
    p = new RtpParser(stats, sender.formats()).process(p);
    p = new CodecParser(stats, EndpointStreams.codecs(sender)).process(p);
    assertThat(p).as("the key picture passes the parsers").isNotNull();
    assertThat(p.keyFrame).isTrue();
  }

  @Nested
  class InactiveEncodings {
    @Test
    void aGroupWhoseOtherSsrcsAreSilentOffersOnlyTheEncodingThatSends() throws Exception {
      Endpoint sender = sender(100);
      long now = System.nanoTime();
      EndpointStreams.sending(sender, 101, 1200, now);

      assertThat(BandwidthAllocator.qualities(source(sender), sender, now))
          .containsExactly(new BandwidthAllocator.Quality(0, -1, -1, 180, 200_000));
      BandwidthAllocator.Choice c = allocate(receiver(VP8_AND_VP9, PLENTY), sender, now);
      assertThat(c.layer()).as("not the silent top encoding").isZero();
      assertThat(c.spatial()).isEqualTo(-1);
    }

    @Test
    void everyEncodingThatSendsIsOfferedAndTheSilentOneIsSkipped() throws Exception {
      Endpoint sender = sender(200);
      long now = System.nanoTime();
      EndpointStreams.sending(sender, 201, 1200, now);
      EndpointStreams.sending(sender, 203, 1200, now);

      assertThat(BandwidthAllocator.qualities(source(sender), sender, now))
          .extracting(BandwidthAllocator.Quality::layer)
          .containsExactly(0, 2);
      assertThat(allocate(receiver(VP8_AND_VP9, PLENTY), sender, now).layer()).isEqualTo(2);
    }

    @Test
    void beforeAnyMediaEveryEncodingIsOffered() throws Exception {
      Endpoint sender = sender(300);
      long now = System.nanoTime();

      assertThat(BandwidthAllocator.qualities(source(sender), sender, now))
          .extracting(BandwidthAllocator.Quality::layer)
          .containsExactly(0, 1, 2);
    }

    @Test
    void whileNoEncodingSendsOnlyThoseThatEverSentAreOffered() throws Exception {
      Endpoint sender = sender(450);
      long now = System.nanoTime();
      EndpointStreams.sending(sender, 451, 1200, now - 2_000_000_000L);

      assertThat(BandwidthAllocator.qualities(source(sender), sender, now))
          .extracting(BandwidthAllocator.Quality::layer)
          .as("not the encodings that never carried anything")
          .containsExactly(0);
    }

    @Test
    void anEncodingThatStoppedOverASecondAgoCountsAsSilent() throws Exception {
      Endpoint sender = sender(400);
      long now = System.nanoTime();
      EndpointStreams.sending(sender, 401, 1200, now);
      EndpointStreams.sending(sender, 403, 1200, now - 2_000_000_000L);

      assertThat(BandwidthAllocator.qualities(source(sender), sender, now))
          .extracting(BandwidthAllocator.Quality::layer)
          .containsExactly(0);
    }
  }

  @Nested
  class SpatialLayers {
    // Not the 180/360/720 the allocator falls back to, so the heights must be the structure's.
    final List<Integer> heights = List.of(144, 288, 576);

    Endpoint svcSender(long base, long now) throws Exception {
      Endpoint sender = sender(base);
      EndpointStreams.sending(sender, base + 1, 1200, now);
      keyPicture(sender, base + 1, heights);
      return sender;
    }

    @Test
    void anSsrcWithThreeSpatialLayersOffersEachWithItsHeightFromTheStructure() throws Exception {
      long now = System.nanoTime();
      Endpoint sender = svcSender(500, now);

      assertThat(sender.spatialLayerCount(501)).isEqualTo(3);
      assertThat(BandwidthAllocator.qualities(source(sender), sender, now))
          .containsExactly(
              new BandwidthAllocator.Quality(0, 0, -1, 144, 200_000),
              new BandwidthAllocator.Quality(0, 1, -1, 288, 700_000),
              new BandwidthAllocator.Quality(0, 2, -1, 576, 2_000_000));
    }

    @Test
    void layersBelow360pAreOfferedAtEachFrameRateAndAStarvedReceiverGetsTheBaseLayer()
        throws Exception {
      long now = System.nanoTime();
      Endpoint sender = svcSender(800, now);
      EndpointStreams.temporalLayers(sender, 801, 3);

      // 144p and 288p at each frame rate; 576p, from jitsi-videobridge's preferred 360p up, only
      // at its full rate.
      assertThat(BandwidthAllocator.qualities(source(sender), sender, now))
          .containsExactly(
              new BandwidthAllocator.Quality(0, 0, 0, 144, 66_666),
              new BandwidthAllocator.Quality(0, 0, 1, 144, 133_333),
              new BandwidthAllocator.Quality(0, 0, -1, 144, 200_000),
              new BandwidthAllocator.Quality(0, 1, 0, 288, 233_333),
              new BandwidthAllocator.Quality(0, 1, 1, 288, 466_666),
              new BandwidthAllocator.Quality(0, 1, -1, 288, 700_000),
              new BandwidthAllocator.Quality(0, 2, -1, 576, 2_000_000));
      BandwidthAllocator.Choice middle = allocate(receiver(VP8_AND_VP9, 500_000), sender, now);
      assertThat(middle.spatial()).as("288p at 500 kb/s, at two thirds of its rate").isEqualTo(1);
      assertThat(middle.temporal()).isEqualTo(1);
      BandwidthAllocator.Choice starved = allocate(receiver(VP8_AND_VP9, 100_000), sender, now);
      assertThat(starved.spatial()).isZero();
      assertThat(starved.temporal()).isZero();
      BandwidthAllocator.Choice enough = allocate(receiver(VP8_AND_VP9, 210_000), sender, now);
      assertThat(enough.spatial()).isZero();
      assertThat(enough.temporal()).as("all frame rates").isEqualTo(-1);
      // As jitsi-videobridge orders layers (spatial, then temporal), 288p at a third of its rate
      // comes after 144p at its full rate.
      BandwidthAllocator.Choice next = allocate(receiver(VP8_AND_VP9, 300_000), sender, now);
      assertThat(next.spatial()).isEqualTo(1);
      assertThat(next.temporal()).isZero();
    }

    @Test
    void aLowEstimatePicksSpatialLayerZero() throws Exception {
      long now = System.nanoTime();
      Endpoint sender = svcSender(600, now);

      BandwidthAllocator.Choice c = allocate(receiver(VP8_AND_VP9, 300_000), sender, now);

      assertThat(c.layer()).isZero();
      assertThat(c.spatial()).isZero();
      assertThat(c.height()).isEqualTo(144);
    }

    @Test
    void aMiddleEstimatePicksSpatialLayerOne() throws Exception {
      long now = System.nanoTime();
      Endpoint sender = svcSender(700, now);

      BandwidthAllocator.Choice c = allocate(receiver(VP8_AND_VP9, 1_000_000), sender, now);

      assertThat(c.spatial()).isEqualTo(1);
      assertThat(c.height()).isEqualTo(288);
    }

    @Test
    void aHighEstimatePicksSpatialLayerTwo() throws Exception {
      long now = System.nanoTime();
      Endpoint sender = svcSender(800, now);

      BandwidthAllocator.Choice c = allocate(receiver(VP8_AND_VP9, PLENTY), sender, now);

      assertThat(c.layer()).isZero();
      assertThat(c.spatial()).isEqualTo(2);
      assertThat(c.height()).isEqualTo(576);
    }

    @Test
    void theReceiversHeightCapLimitsTheSpatialLayer() throws Exception {
      long now = System.nanoTime();
      Endpoint sender = svcSender(900, now);
      Endpoint receiver = receiver(VP8_AND_VP9, PLENTY);
      receiver.setConstraints(
          new ReceiverConstraints(-1, List.of(), List.of(), 300, Map.of(), PLENTY));

      BandwidthAllocator.Choice c = allocate(receiver, sender, now);

      assertThat(c.spatial()).isEqualTo(1);
      assertThat(c.height()).isEqualTo(288);
    }
  }

  @Nested
  class PayloadTypes {
    @Test
    void aReceiverThatDidNotAcceptTheSourcesPayloadTypeGetsNothingFromIt() throws Exception {
      Endpoint sender = sender(1000);
      long now = System.nanoTime();
      EndpointStreams.sending(sender, 1001, 1200, now);
      EndpointStreams.payloadType(sender, 1001, MediaFactory.VP9_PT);

      assertThat(allocate(receiver(VP8_ONLY, PLENTY), sender, now).layer()).isEqualTo(-1);
      assertThat(allocate(receiver(VP8_AND_VP9, PLENTY), sender, now).layer()).isZero();
      assertThat(allocate(receiver(MediaFormats.EMPTY, PLENTY), sender, now).layer())
          .as("a receiver that has not said what it accepts yet")
          .isZero();
    }

    @Test
    void aSourceTheReceiverCannotDecodeLeavesItsLastNSlotToTheNext() throws Exception {
      Endpoint vp9Sender = sender(1100);
      Endpoint vp8Sender = sender(1200);
      long now = System.nanoTime();
      EndpointStreams.payloadType(vp9Sender, 1101, MediaFactory.VP9_PT);
      EndpointStreams.payloadType(vp8Sender, 1201, MediaFactory.VP8_PT);
      Endpoint receiver = receiver(VP8_ONLY, PLENTY);
      receiver.setConstraints(
          new ReceiverConstraints(1, List.of(), List.of(), -1, Map.of(), PLENTY));

      List<BandwidthAllocator.Choice> choices =
          BandwidthAllocator.allocate(
              receiver,
              List.of(source(vp9Sender), source(vp8Sender)),
              Map.of(receiver.id(), receiver, vp9Sender.id(), vp9Sender, vp8Sender.id(), vp8Sender),
              List.of(vp9Sender.id(), vp8Sender.id()),
              -1,
              now);

      assertThat(choices)
          .extracting(c -> c.source().owner(), BandwidthAllocator.Choice::layer)
          .containsExactly(tuple(vp9Sender.id(), -1), tuple(vp8Sender.id(), 2));
    }
  }

  /**
   * A receiver keeps the spatial layer it was last moved to for the hold, however the estimate
   * swings meanwhile; a layer it may no longer have ends the hold at once.
   */
  @Nested
  class Hold {
    static final long HOLD = 3_000_000_000L;
    static final long SECOND = 1_000_000_000L;

    Endpoint sender;
    Endpoint receiver;
    long primary;
    long t0;

    void movedToTheTopLayer(long base) throws Exception {
      t0 = System.nanoTime();
      sender = sender(base);
      primary = base + 1;
      EndpointStreams.sending(sender, primary, 1200, t0);
      keyPicture(sender, primary, List.of(180, 360, 720));
      receiver = receiver(VP8_AND_VP9, PLENTY);
      BandwidthAllocator.Choice top = allocate(HOLD, t0);
      assertThat(top.spatial()).isEqualTo(2);
      receiver.forwarding().setTarget(primary, top.layer(), top.spatial(), top.temporal(), t0);
      // Now the estimate has room for S1 (0.7 Mb/s, assumed) but not S2 (2 Mb/s).
      constrain(-1, 1_000_000);
    }

    void constrain(int maxHeight, long estimateBps) {
      receiver.setConstraints(
          new ReceiverConstraints(-1, List.of(), List.of(), maxHeight, Map.of(), estimateBps));
    }

    BandwidthAllocator.Choice allocate(long holdNanos, long nowNanos) {
      return BandwidthAllocatorSvcTest.allocate(receiver, sender, holdNanos, nowNanos);
    }

    @Test
    void withinTheHoldTheReceiverStaysOnItsLayerAndAfterItFollowsTheEstimate() throws Exception {
      movedToTheTopLayer(900);
      EndpointStreams.sending(sender, primary, 1200, t0 + SECOND);
      assertThat(allocate(0, t0 + SECOND).spatial()).as("without a hold").isEqualTo(1);
      assertThat(allocate(HOLD, t0 + SECOND).spatial()).as("within the hold").isEqualTo(2);
      EndpointStreams.sending(sender, primary, 1200, t0 + HOLD);
      assertThat(allocate(HOLD, t0 + HOLD).spatial()).as("once it is over").isEqualTo(1);
    }

    @Test
    void aLayerTallerThanTheReceiverNowAllowsEndsTheHold() throws Exception {
      movedToTheTopLayer(1000);
      constrain(360, PLENTY);
      EndpointStreams.sending(sender, primary, 1200, t0 + SECOND);
      assertThat(allocate(HOLD, t0 + SECOND).spatial()).isEqualTo(1);
    }
  }
}
