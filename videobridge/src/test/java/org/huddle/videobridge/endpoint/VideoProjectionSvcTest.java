package org.huddle.videobridge.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.huddle.videobridge.endpoint.VideoProjection.Decision.DROP;
import static org.huddle.videobridge.endpoint.VideoProjection.Decision.FORWARD;
import static org.huddle.videobridge.endpoint.VideoProjection.Decision.NEED_KEYFRAME;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.huddle.rtp.Av1DependencyDescriptor;
import org.huddle.rtp.Av1TemplateStructure;
import org.huddle.rtp.Av1TemplateStructure.Resolution;
import org.huddle.rtp.Av1TemplateStructure.Template;
import org.huddle.rtp.Bytes;
import org.huddle.rtp.RtpHeader;
import org.huddle.rtp.VideoCodec;
import org.huddle.rtp.Vp9Descriptor;
import org.huddle.rtp.testkit.MediaFactory;
import org.huddle.videobridge.packet.Packet;
import org.huddle.videobridge.pipeline.CodecParser;
import org.huddle.videobridge.pipeline.Node;
import org.huddle.videobridge.pipeline.PacketInfo;
import org.huddle.videobridge.pipeline.PipelineStats;
import org.huddle.videobridge.pipeline.RtpParser;
import org.huddle.videobridge.pipeline.SourceResolver;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link VideoProjection} on VP9 SVC, AV1 and H.264 streams, each packet built as a browser sends
 * it and read by the receive pipeline's {@link RtpParser}, {@link SourceResolver} and {@link
 * CodecParser} first, so the codec parsing that the projection relies on is covered too.
 *
 * <p>The VP9 and AV1 senders use L3T3_KEY (K-SVC, as Chrome sends it for Jitsi): in a key picture
 * S1 and S2 refer to the layer below; in delta pictures each spatial layer refers only to itself.
 * Each layer frame is two packets.
 */
class VideoProjectionSvcTest {
  static final long PRIMARY = 0x1000;
  static final long SECOND = 0x2000;
  static final int[] TEMPORAL_PATTERN = {0, 2, 1, 2};

  /** What the codec parser tells the sending endpoint, kept as the endpoint keeps it. */
  static final class RecordingSender implements CodecParser.Sender {
    final Map<String, Integer> heights = new HashMap<>();
    final Map<Long, Integer> spatialLayers = new HashMap<>();
    final Map<Long, Av1TemplateStructure> structures = new HashMap<>();
    final List<Long> keyframeRequests = new ArrayList<>();

    @Override
    public VideoCodec codecOf(int payloadType) {
      return switch (payloadType) {
        case MediaFactory.VP9_PT -> VideoCodec.VP9;
        case MediaFactory.H264_PT -> VideoCodec.H264;
        case MediaFactory.AV1_PT -> VideoCodec.AV1;
        default -> VideoCodec.NONE;
      };
    }

    @Override
    public int dependencyDescriptorId() {
      return MediaFactory.DEPENDENCY_DESCRIPTOR_ID;
    }

    @Override
    public void height(long ssrc, int spatial, int height) {
      heights.put(ssrc + "/" + spatial, height);
    }

    @Override
    public void spatialLayers(long ssrc, int count) {
      spatialLayers.put(ssrc, count);
    }

    @Override
    public Av1TemplateStructure av1Structure(long ssrc) {
      return structures.get(ssrc);
    }

    @Override
    public void av1Structure(long ssrc, Av1TemplateStructure structure) {
      structures.put(ssrc, structure);
    }

    @Override
    public void requestKeyframe(long ssrc) {
      keyframeRequests.add(ssrc);
    }
  }

  final PipelineStats stats = new PipelineStats();
  final RecordingSender sender = new RecordingSender();
  final EndpointSources sources =
      new EndpointSources(
          List.of(
              new MediaSourceDesc("s-v0", "s", true, List.of(PRIMARY, SECOND), Map.of(), null)));
  final List<Node> ingress =
      List.of(
          new RtpParser(stats, pt -> RtpParser.Kind.VIDEO),
          new SourceResolver(stats, sources),
          new CodecParser(stats, sender));

  /** The packet as the receive pipeline hands it to the conference; null when a node dropped it. */
  PacketInfo receive(byte[] b) {
    PacketInfo p = new PacketInfo(Packet.copyOf(b, 0, b.length), 0);
    for (Node n : ingress) {
      p = n.process(p);
      if (p == null) {
        return null;
      }
    }
    return p;
  }

  /** One packet a sender sent, what the receive pipeline made of it, and what it became. */
  static final class Sent {
    final int picture;
    final int sid;
    final byte[] bytes;
    PacketInfo info;
    VideoProjection.Decision decision;

    Sent(int picture, int sid, byte[] bytes) {
      this.picture = picture;
      this.sid = sid;
      this.bytes = bytes;
    }

    int inSeq() {
      return RtpHeader.sequenceNumber(bytes, 0);
    }

    int outSeq() {
      return RtpHeader.sequenceNumber(info.packet().buffer(), info.packet().offset());
    }

    boolean marker() {
      return RtpHeader.marker(info.packet().buffer(), info.packet().offset());
    }

    long outSsrc() {
      return RtpHeader.ssrc(info.packet().buffer(), info.packet().offset());
    }

    /** "picture/sid", to compare what was forwarded with what was expected. */
    String frame() {
      return picture + "/S" + sid;
    }

    int payloadOffset() {
      return info.packet().offset()
          + RtpHeader.headerLength(
              info.packet().buffer(), info.packet().offset(), info.packet().length());
    }

    int payloadLength() {
      return RtpHeader.payloadLength(
          info.packet().buffer(), info.packet().offset(), info.packet().length());
    }

    int pictureId() {
      return Vp9Descriptor.pictureId(info.packet().buffer(), payloadOffset(), payloadLength());
    }

    int tl0PicIdx() {
      return Vp9Descriptor.tl0PicIdx(info.packet().buffer(), payloadOffset(), payloadLength());
    }

    int frameNumber() {
      return Av1DependencyDescriptor.frameNumber(
          info.packet().buffer(), info.packet().offset() + info.av1DescriptorAt);
    }
  }

  /** Receives and projects each packet in order; returns those forwarded. */
  List<Sent> project(VideoProjection v, List<Sent> packets) {
    List<Sent> forwarded = new ArrayList<>();
    for (Sent s : packets) {
      s.info = receive(s.bytes);
      assertThat(s.info).as("packet %s seq %d passes the parser", s.frame(), s.inSeq()).isNotNull();
      s.decision = v.project(s.info, 0);
      if (s.decision == FORWARD) {
        forwarded.add(s);
      }
    }
    return forwarded;
  }

  static List<String> frames(List<Sent> packets) {
    return packets.stream().map(Sent::frame).distinct().toList();
  }

  /** Asserts the output sequence numbers run on without a gap, from {@code after} + 1. */
  static void assertContiguous(List<Sent> forwarded, int after) {
    int expected = after;
    for (Sent s : forwarded) {
      expected = (expected + 1) & 0xffff;
      assertThat(s.outSeq())
          .as("output number of %s (in %d)", s.frame(), s.inSeq())
          .isEqualTo(expected);
    }
  }

  static void assertContiguous(List<Sent> forwarded) {
    assertContiguous(forwarded, (forwarded.get(0).outSeq() - 1) & 0xffff);
  }

  /** A sender of VP9 spatial layers on one SSRC, two packets per layer frame. */
  static final class Vp9Sender {
    final long ssrc;
    final int layers;
    final boolean fullSvc;
    int seq;
    int pictureIdBase;
    int tl0Base;

    Vp9Sender(long ssrc, int layers, boolean fullSvc, int firstSeq) {
      this.ssrc = ssrc;
      this.layers = layers;
      this.fullSvc = fullSvc;
      this.seq = firstSeq;
      this.pictureIdBase = (int) (ssrc & 0x7fff) + 7;
      this.tl0Base = (int) (ssrc & 0xff) + 3;
    }

    /** Picture {@code i} (a key picture must have {@code i % 4 == 0}, its temporal layer 0). */
    List<Sent> picture(int i, boolean key) {
      int tid = TEMPORAL_PATTERN[i % 4];
      assertThat(!key || tid == 0).isTrue();
      List<Sent> out = new ArrayList<>();
      for (int sid = 0; sid < layers; sid++) {
        boolean top = sid == layers - 1;
        for (int k = 0; k < 2; k++) {
          boolean end = k == 1;
          MediaFactory.Vp9 d =
              new MediaFactory.Vp9(
                  (pictureIdBase + i) & 0x7fff,
                  (tl0Base + i / 4) & 0xff,
                  tid,
                  tid > 0,
                  sid,
                  sid > 0 && (key || fullSvc),
                  !key,
                  k == 0,
                  end,
                  // libwebrtc: Z unless inter-layer prediction is on for this picture, and on top
                  top || (!key && !fullSvc),
                  key && sid == 0 && k == 0
                      ? List.of(180, 360, 720).subList(3 - layers, 3)
                      : List.of());
          byte[] b =
              MediaFactory.vp9(
                  ssrc, seq, 3000L * i, top && end, d, new byte[] {(byte) i, (byte) sid, 9});
          seq = (seq + 1) & 0xffff;
          out.add(new Sent(i, sid, b));
        }
      }
      return out;
    }

    /** Pictures {@code from} to {@code to} inclusive; those at a multiple of 8 are key pictures. */
    List<Sent> pictures(int from, int to) {
      List<Sent> out = new ArrayList<>();
      for (int i = from; i <= to; i++) {
        out.addAll(picture(i, i % 8 == 0));
      }
      return out;
    }
  }

  static List<String> expectedFrames(int from, int to, int target, boolean lowerOfDeltas) {
    List<String> out = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      for (int sid = 0; sid <= target; sid++) {
        if (sid == target || i % 8 == 0 || lowerOfDeltas) {
          out.add(i + "/S" + sid);
        }
      }
    }
    return out;
  }

  @Nested
  class Vp9Parsing {
    @Test
    void theParserMarksTheKeyPictureLayersAndReportsTheStructure() {
      List<Sent> key = new Vp9Sender(PRIMARY, 3, false, 100).picture(0, true);
      List<Sent> delta = new Vp9Sender(PRIMARY, 3, false, 106).picture(1, false);
      key.forEach(s -> s.info = receive(s.bytes));
      delta.forEach(s -> s.info = receive(s.bytes));

      assertThat(key).allMatch(s -> s.info.codec == VideoCodec.VP9);
      assertThat(key.stream().map(s -> s.info.keyFrame))
          .as("only the first packet of S0 is where a receiver can start")
          .containsExactly(true, false, false, false, false, false);
      assertThat(key.stream().map(s -> s.info.spatial)).containsExactly(0, 0, 1, 1, 2, 2);
      assertThat(key.stream().map(s -> s.info.endOfFrame))
          .containsExactly(false, true, false, true, false, true);
      assertThat(key).noneMatch(s -> s.info.predicted || s.info.interLayerDeltas);
      assertThat(delta).allMatch(s -> s.info.predicted && !s.info.keyFrame);
      assertThat(delta).noneMatch(s -> s.info.interLayerDeltas);
      assertThat(delta.stream().map(s -> s.info.temporal)).containsOnly(2);
      assertThat(sender.spatialLayers).containsEntry(PRIMARY, 3);
      assertThat(sender.heights)
          .containsEntry(PRIMARY + "/0", 180)
          .containsEntry(PRIMARY + "/1", 360)
          .containsEntry(PRIMARY + "/2", 720);
    }

    @Test
    void fullSvcDeltaPicturesAreMarkedAsPredictedAcrossLayers() {
      Vp9Sender full = new Vp9Sender(PRIMARY, 3, true, 100);
      full.picture(0, true).forEach(s -> s.info = receive(s.bytes));
      List<Sent> delta = full.picture(1, false);
      delta.forEach(s -> s.info = receive(s.bytes));
      // S0 is referenced by S1 (Z clear) and S1, S2 reference the layer below (D set).
      assertThat(delta).allMatch(s -> s.info.interLayerDeltas);
    }

    @Test
    void aTruncatedDescriptorIsDroppedAndCounted() {
      byte[] b = new Vp9Sender(PRIMARY, 3, false, 100).picture(0, true).get(0).bytes;
      // Cut inside the scalability structure.
      byte[] cut = java.util.Arrays.copyOf(b, RtpHeader.FIXED_LENGTH + 8);
      assertThat(receive(cut)).isNull();
      assertThat(stats.get("codec-parser.dropped.vp9-malformed")).isEqualTo(1);
    }
  }

  @Nested
  class Vp9KSvc {
    final Vp9Sender vp9 = new Vp9Sender(PRIMARY, 3, false, 65_520);

    @Test
    void atTheTopLayerEveryLayerOfKeyPicturesAndOnlyTheTopOfDeltaPicturesIsForwarded() {
      VideoProjection v = new VideoProjection(PRIMARY);
      assertThat(v.setTarget(0, 2)).as("the first target needs a key frame").isTrue();

      List<Sent> forwarded = project(v, vp9.pictures(0, 9));

      assertThat(frames(forwarded)).isEqualTo(expectedFrames(0, 9, 2, false));
      assertThat(forwarded).hasSize(2 * (3 + 7 + 3 + 1));
      // The input wraps past 65535; the output numbers continue with no gap where layers went.
      assertContiguous(forwarded, 65_519);
      assertThat(forwarded).allMatch(s -> s.outSsrc() == PRIMARY);
      for (Sent s : forwarded) {
        boolean lastOfTop = s.sid == 2 && s.info.endOfFrame;
        assertThat(s.marker()).as("marker of %s in %d", s.frame(), s.inSeq()).isEqualTo(lastOfTop);
      }
      assertThat(v.currentSpatial()).isEqualTo(2);
    }

    @Test
    void atTheBaseLayerOnlyS0IsForwardedWithTheMarkerAtItsEnd() {
      VideoProjection v = new VideoProjection(PRIMARY);
      v.setTarget(0, 0);

      List<Sent> forwarded = project(v, vp9.pictures(0, 9));

      assertThat(frames(forwarded)).isEqualTo(expectedFrames(0, 9, 0, false));
      assertContiguous(forwarded, 65_519);
      for (Sent s : forwarded) {
        assertThat(s.marker())
            .as("the sender marks only S2; the bridge marks the end of S0 of %s", s.frame())
            .isEqualTo(s.info.endOfFrame);
      }
    }

    @Test
    void aSwitchDownWaitsForTheNextKeyPicture() {
      VideoProjection v = new VideoProjection(PRIMARY);
      v.setTarget(0, 2);
      List<Sent> before = project(v, vp9.pictures(0, 2));

      assertThat(v.setTarget(0, 0)).as("a spatial switch needs a key picture").isTrue();
      assertThat(v.setTarget(0, 0)).as("asked once").isFalse();
      List<Sent> waiting = project(v, vp9.pictures(3, 7));
      assertThat(v.currentSpatial()).isEqualTo(2);
      List<Sent> after = project(v, vp9.pictures(8, 10));

      assertThat(frames(waiting)).isEqualTo(expectedFrames(3, 7, 2, false));
      assertThat(frames(after)).isEqualTo(expectedFrames(8, 10, 0, false));
      assertThat(v.currentSpatial()).isZero();
      List<Sent> all = new ArrayList<>(before);
      all.addAll(waiting);
      all.addAll(after);
      assertContiguous(all);
    }

    @Test
    void aSwitchUpWaitsForTheNextKeyPictureAndThenTakesItsLowerLayers() {
      VideoProjection v = new VideoProjection(PRIMARY);
      v.setTarget(0, 0);
      List<Sent> before = project(v, vp9.pictures(0, 2));

      assertThat(v.setTarget(0, 2)).as("a spatial switch needs a key picture").isTrue();
      List<Sent> waiting = project(v, vp9.pictures(3, 7));
      List<Sent> after = project(v, vp9.pictures(8, 10));

      assertThat(frames(waiting)).isEqualTo(expectedFrames(3, 7, 0, false));
      assertThat(frames(after)).isEqualTo(expectedFrames(8, 10, 2, false));
      List<Sent> all = new ArrayList<>(before);
      all.addAll(waiting);
      all.addAll(after);
      assertContiguous(all);
      for (Sent s : after) {
        assertThat(s.marker()).as("%s", s.frame()).isEqualTo(s.sid == 2 && s.info.endOfFrame);
      }
    }

    @Test
    void aLatePacketGetsTheNumberItWouldHaveHadEvenAfterDropsCloseGaps() {
      VideoProjection v = new VideoProjection(PRIMARY);
      v.setTarget(0, 2);
      project(v, vp9.pictures(0, 1));
      List<Sent> two = vp9.picture(2, false);
      List<Sent> three = vp9.picture(3, false);
      // The end of picture 2's S2 arrives after picture 3's S0 and S1, which are dropped.
      Sent late = two.get(5);
      List<Sent> order = new ArrayList<>(two.subList(0, 5));
      order.addAll(three.subList(0, 4));
      order.add(late);
      order.addAll(three.subList(4, 6));

      List<Sent> forwarded = project(v, order);

      assertThat(forwarded).extracting(Sent::frame).containsExactly("2/S2", "2/S2", "3/S2", "3/S2");
      Sent s2Start = two.get(4);
      assertThat(late.outSeq()).isEqualTo((s2Start.outSeq() + 1) & 0xffff);
      assertThat(three.get(4).outSeq()).isEqualTo((s2Start.outSeq() + 2) & 0xffff);
      assertThat(three.get(5).outSeq()).isEqualTo((s2Start.outSeq() + 3) & 0xffff);
      assertThat(late.marker()).isTrue();
    }

    @Test
    void twoSwappedPacketsKeepTheirNumbers() {
      VideoProjection v = new VideoProjection(PRIMARY);
      v.setTarget(0, 2);
      List<Sent> zero = vp9.picture(0, true);
      List<Sent> order = new ArrayList<>(zero);
      order.set(2, zero.get(3));
      order.set(3, zero.get(2));

      project(v, order);

      assertThat(order).allMatch(s -> s.decision == FORWARD);
      for (Sent s : zero) {
        assertThat((s.outSeq() - zero.get(0).outSeq()) & 0xffff)
            .as("%s in %d", s.frame(), s.inSeq())
            .isEqualTo((s.inSeq() - zero.get(0).inSeq()) & 0xffff);
      }
    }

    @Test
    void aRepeatedPacketKeepsItsNumberAndTakesNoNewOne() {
      VideoProjection v = new VideoProjection(PRIMARY);
      v.setTarget(0, 2);
      List<Sent> forwarded = project(v, vp9.pictures(0, 1));
      Sent original = forwarded.get(forwarded.size() - 2); // picture 1's S2, first packet
      assertThat(original.frame()).isEqualTo("1/S2");
      Sent repeat = new Sent(original.picture, original.sid, original.bytes);
      List<Sent> more = new ArrayList<>(List.of(repeat));
      more.addAll(vp9.picture(2, false));

      List<Sent> after = project(v, more);

      assertThat(repeat.decision == DROP || repeat.outSeq() == original.outSeq())
          .as("the repeat is dropped or keeps number %d", original.outSeq())
          .isTrue();
      after.remove(repeat);
      assertThat(after).extracting(Sent::frame).containsExactly("2/S2", "2/S2");
      assertContiguous(after, forwarded.get(forwarded.size() - 1).outSeq());
    }

    @Test
    void aRepeatOfADroppedLayerStaysDropped() {
      VideoProjection v = new VideoProjection(PRIMARY);
      v.setTarget(0, 2);
      List<Sent> sent = vp9.pictures(0, 1);
      List<Sent> forwarded = project(v, sent);
      Sent s0OfDelta = sent.get(6);
      assertThat(s0OfDelta.frame()).isEqualTo("1/S0");
      assertThat(s0OfDelta.decision).isEqualTo(DROP);

      Sent repeat = new Sent(1, 0, s0OfDelta.bytes);
      List<Sent> more = new ArrayList<>(List.of(repeat));
      more.addAll(vp9.picture(2, false));
      List<Sent> after = project(v, more);

      assertThat(repeat.decision).isEqualTo(DROP);
      assertContiguous(after, forwarded.get(forwarded.size() - 1).outSeq());
    }
  }

  @Nested
  class LongGaps {
    @Test
    void aLatePacketFromFarInsideAGapLongerThanTheHistoryGetsItsOwnNumber() {
      Vp9Sender single = new Vp9Sender(PRIMARY, 1, false, 1000);
      VideoProjection v = new VideoProjection(PRIMARY);
      v.setTarget(0, -1);
      List<Sent> first = project(v, single.pictures(0, 1));
      single.seq = 3000; // 1996 packets lost upstream
      List<Sent> after = project(v, single.pictures(2, 2));
      Sent late = new Vp9Sender(PRIMARY, 1, false, 2990).picture(3, false).get(0);

      project(v, List.of(late));

      int delta = first.get(0).outSeq() - 1000;
      assertThat(after.get(0).outSeq()).isEqualTo(3000 + delta);
      assertThat(late.decision).isEqualTo(FORWARD);
      assertThat(late.outSeq()).isEqualTo(2990 + delta);
    }
  }

  @Nested
  class Vp9FullSvc {
    final Vp9Sender vp9 = new Vp9Sender(PRIMARY, 3, true, 40_000);

    @Test
    void atTheTopLayerEveryLayerOfEveryPictureIsForwarded() {
      VideoProjection v = new VideoProjection(PRIMARY);
      v.setTarget(0, 2);

      List<Sent> sent = vp9.pictures(0, 9);
      List<Sent> forwarded = project(v, sent);

      assertThat(frames(forwarded)).isEqualTo(expectedFrames(0, 9, 2, true));
      assertThat(forwarded).hasSameSizeAs(sent);
      assertContiguous(forwarded, 39_999);
    }

    @Test
    void atTheMiddleLayerS0AndS1OfEveryPictureAreForwardedWithTheMarkerOnS1() {
      VideoProjection v = new VideoProjection(PRIMARY);
      v.setTarget(0, 1);

      List<Sent> forwarded = project(v, vp9.pictures(0, 9));

      assertThat(frames(forwarded)).isEqualTo(expectedFrames(0, 9, 1, true));
      assertContiguous(forwarded, 39_999);
      for (Sent s : forwarded) {
        assertThat(s.marker()).isEqualTo(s.sid == 1 && s.info.endOfFrame);
      }
    }
  }

  @Nested
  class Vp9EncodingSwitch {
    @Test
    void pictureIdsAndTl0PicIdxContinueOnTheNewEncoding() {
      Vp9Sender low = new Vp9Sender(PRIMARY, 1, false, 10);
      Vp9Sender high = new Vp9Sender(SECOND, 1, false, 30_000);
      VideoProjection v = new VideoProjection(PRIMARY);
      v.setTarget(0, -1);
      List<Sent> lows = project(v, low.pictures(0, 5));
      assertThat(lows).hasSize(12);
      Sent lastLow = lows.get(lows.size() - 1);

      assertThat(v.setTarget(1, -1)).isTrue();
      assertThat(project(v, high.pictures(1, 7))).as("no key picture of the new one yet").isEmpty();
      List<Sent> highs = project(v, high.pictures(8, 9));

      assertThat(highs).hasSize(4);
      assertContiguous(highs, lastLow.outSeq());
      assertThat(highs).allMatch(s -> s.outSsrc() == PRIMARY);
      assertThat(highs.get(0).pictureId()).isEqualTo(lastLow.pictureId() + 1);
      assertThat(highs.get(1).pictureId()).isEqualTo(lastLow.pictureId() + 1);
      assertThat(highs.get(2).pictureId()).isEqualTo(lastLow.pictureId() + 2);
      assertThat(highs.get(0).tl0PicIdx()).isEqualTo(lastLow.tl0PicIdx() + 1);
    }
  }

  /** An AV1 L3T3_KEY sender: per temporal unit S0, S1, S2 frames of two packets each. */
  static final class Av1Sender {
    final long ssrc;
    final Av1TemplateStructure structure;
    final int frameBase;
    int seq;

    Av1Sender(long ssrc, Av1TemplateStructure structure, int frameBase, int firstSeq) {
      this.ssrc = ssrc;
      this.structure = structure;
      this.frameBase = frameBase;
      this.seq = firstSeq;
    }

    int layers() {
      return structure.maxSpatialId() + 1;
    }

    /** The template of spatial layer {@code s} in temporal unit {@code i}, L3T3_KEY's layout. */
    int template(int i, int s, boolean key) {
      if (structure.templates().size() == 2) {
        return key ? 0 : 1; // a single-layer key/delta structure
      }
      int t = TEMPORAL_PATTERN[i % 4];
      int within = key ? 0 : t == 0 ? 1 : t == 1 ? 2 : i % 4 == 1 ? 3 : 4;
      return 5 * s + within;
    }

    List<Sent> unit(int i, boolean key) {
      List<Sent> out = new ArrayList<>();
      for (int s = 0; s < layers(); s++) {
        int frame = (frameBase + layers() * i + s) & 0xffff;
        for (int k = 0; k < 2; k++) {
          Av1DependencyDescriptor d =
              Av1DependencyDescriptor.ofTemplate(
                  k == 0, k == 1, frame, structure, template(i, s, key));
          byte[] dd =
              key && s == 0 && k == 0 ? d.withStructure(structure).write(null) : d.write(structure);
          boolean last = s == layers() - 1 && k == 1;
          out.add(
              new Sent(
                  i,
                  s,
                  MediaFactory.av1(
                      ssrc, seq, 3000L * i, last, dd, new byte[] {0x10, (byte) i, (byte) s})));
          seq = (seq + 1) & 0xffff;
        }
      }
      return out;
    }

    List<Sent> units(int from, int to) {
      List<Sent> out = new ArrayList<>();
      for (int i = from; i <= to; i++) {
        out.addAll(unit(i, i % 8 == 0));
      }
      return out;
    }
  }

  @Nested
  class Av1 {
    final Av1TemplateStructure l3t3 = MediaFactory.av1L3T3Key();
    final Av1Sender av1 = new Av1Sender(PRIMARY, l3t3, 65_000, 500);

    @Test
    void theParserKeepsTheStructureAndReportsItsLayersAndHeights() {
      List<Sent> key = av1.unit(0, true);
      List<Sent> delta = av1.unit(1, false);
      key.forEach(s -> s.info = receive(s.bytes));
      delta.forEach(s -> s.info = receive(s.bytes));

      // The structure does not fit the one-byte form: the key frame uses the two-byte one.
      assertThat(Bytes.u16(key.get(0).bytes, RtpHeader.FIXED_LENGTH)).isEqualTo(0x1000);
      assertThat(Bytes.u16(delta.get(0).bytes, RtpHeader.FIXED_LENGTH)).isEqualTo(0xBEDE);
      assertThat(key.stream().map(s -> s.info.keyFrame))
          .containsExactly(true, false, false, false, false, false);
      assertThat(key.stream().map(s -> s.info.spatial)).containsExactly(0, 0, 1, 1, 2, 2);
      assertThat(key.stream().map(s -> s.info.predicted))
          .as("S1 and S2 of the key unit refer to the layer below")
          .containsExactly(false, false, true, true, true, true);
      assertThat(delta.stream().map(s -> s.info.temporal)).containsOnly(2);
      assertThat(delta).allMatch(s -> l3t3.equals(s.info.av1Structure));
      assertThat(sender.structures.get(PRIMARY)).isEqualTo(l3t3);
      assertThat(sender.spatialLayers).containsEntry(PRIMARY, 3);
      assertThat(sender.heights)
          .containsEntry(PRIMARY + "/0", 180)
          .containsEntry(PRIMARY + "/1", 360)
          .containsEntry(PRIMARY + "/2", 720);
      assertThat(key.get(3).frameNumber()).isEqualTo(65_001);
    }

    @Test
    void aDescriptorBeforeAnyStructureIsDroppedAndAsksForAKeyFrame() {
      Sent delta = av1.unit(1, false).get(0);
      assertThat(receive(delta.bytes)).isNull();
      assertThat(stats.get("codec-parser.dropped.av1-no-structure")).isEqualTo(1);
      assertThat(sender.keyframeRequests).containsExactly(PRIMARY);
    }

    @Test
    void atTheTopLayerTheKeyUnitsLowerFramesAndEveryS2FrameAreForwarded() {
      VideoProjection v = new VideoProjection(PRIMARY);
      assertThat(v.setTarget(0, 2)).isTrue();

      List<Sent> forwarded = project(v, av1.units(0, 9));

      assertThat(frames(forwarded)).isEqualTo(expectedFrames(0, 9, 2, false));
      assertContiguous(forwarded, 499);
      for (Sent s : forwarded) {
        assertThat(s.marker()).isEqualTo(s.sid == 2 && s.info.endOfFrame);
      }
    }

    @Test
    void atTheBaseLayerOnlyS0FramesAreForwarded() {
      VideoProjection v = new VideoProjection(PRIMARY);
      v.setTarget(0, 0);

      List<Sent> forwarded = project(v, av1.units(0, 9));

      assertThat(frames(forwarded)).isEqualTo(expectedFrames(0, 9, 0, false));
      assertContiguous(forwarded, 499);
      assertThat(forwarded).allMatch(s -> s.marker() == s.info.endOfFrame);
    }

    @Test
    void frameNumbersContinueAcrossAnEncodingSwitch() {
      Av1TemplateStructure l1t1 =
          new Av1TemplateStructure(
              0,
              1,
              List.of(
                  Template.of(0, 0, "S", List.of(), List.of()),
                  Template.of(0, 0, "S", List.of(1), List.of())),
              0,
              List.of(),
              List.of(new Resolution(640, 360)));
      Av1Sender low = new Av1Sender(PRIMARY, l1t1, 1000, 10);
      Av1Sender high = new Av1Sender(SECOND, l1t1, 60_000, 20_000);
      VideoProjection v = new VideoProjection(PRIMARY);
      v.setTarget(0, -1);
      List<Sent> lows = project(v, low.units(0, 4));
      assertThat(lows).extracting(Sent::frameNumber).endsWith(1004, 1004);
      assertThat(project(v, high.units(0, 3))).as("not the target yet").isEmpty();

      assertThat(v.setTarget(1, -1)).isTrue();
      assertThat(project(v, high.units(4, 7))).as("no key frame of the new one yet").isEmpty();
      List<Sent> moreLows = project(v, low.units(5, 5));
      List<Sent> highs = project(v, high.units(8, 10));

      assertThat(moreLows).extracting(Sent::frameNumber).containsExactly(1005, 1005);
      assertThat(highs)
          .extracting(Sent::frameNumber)
          .containsExactly(1006, 1006, 1007, 1007, 1008, 1008);
      assertContiguous(highs, moreLows.get(1).outSeq());
      assertThat(sender.heights).containsEntry(SECOND + "/-1", 360);
    }
  }

  @Nested
  class H264 {
    static final byte[] PPS = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
    static final byte[] SLICE = {(byte) 0x88, (byte) 0x84, 0x21, 0x7f};

    /** Chrome's key frame: SPS and PPS in a STAP-A, then the IDR slice in three FU-As. */
    List<Sent> keyFrame(long ssrc, int seq, long ts, int height) {
      int width = height * 16 / 9;
      return List.of(
          new Sent(
              0,
              -1,
              MediaFactory.h264(
                  ssrc,
                  seq,
                  ts,
                  false,
                  MediaFactory.h264StapA(MediaFactory.h264Sps(width, height), PPS))),
          new Sent(
              0,
              -1,
              MediaFactory.h264(
                  ssrc, seq + 1, ts, false, MediaFactory.h264FuA(0x65, true, false, SLICE))),
          new Sent(
              0,
              -1,
              MediaFactory.h264(
                  ssrc, seq + 2, ts, false, MediaFactory.h264FuA(0x65, false, false, SLICE))),
          new Sent(
              0,
              -1,
              MediaFactory.h264(
                  ssrc, seq + 3, ts, true, MediaFactory.h264FuA(0x65, false, true, SLICE))));
    }

    Sent delta(long ssrc, int seq, long ts) {
      byte[] nal = {0x41, (byte) 0x9a, 0x02, 0x03};
      return new Sent(1, -1, MediaFactory.h264(ssrc, seq, ts, true, nal));
    }

    @Test
    void theParameterSetsBeforeAnIdrAreTheSwitchPointAndGiveTheHeight() {
      List<Sent> key = keyFrame(PRIMARY, 200, 9000, 360);
      key.forEach(s -> s.info = receive(s.bytes));

      assertThat(key).allMatch(s -> s.info.codec == VideoCodec.H264);
      assertThat(key.stream().map(s -> s.info.keyFrame)).containsExactly(true, true, false, false);
      assertThat(sender.heights).containsEntry(PRIMARY + "/-1", 360);
    }

    @Test
    void forwardingStartsAtTheStapAWithTheParameterSets() {
      VideoProjection v = new VideoProjection(PRIMARY);
      v.setTarget(0, -1);
      Sent before = delta(PRIMARY, 199, 6000);
      List<Sent> sent = new ArrayList<>(List.of(before));
      sent.addAll(keyFrame(PRIMARY, 200, 9000, 720));
      sent.add(delta(PRIMARY, 204, 12_000));

      List<Sent> forwarded = project(v, sent);

      assertThat(before.decision).isEqualTo(NEED_KEYFRAME);
      assertThat(forwarded).containsExactlyElementsOf(sent.subList(1, 6));
      assertContiguous(forwarded, 199);
      assertThat(sender.heights).containsEntry(PRIMARY + "/-1", 720);
    }

    @Test
    void anEncodingSwitchHappensAtTheStapASoTheReceiverGetsTheParameterSets() {
      VideoProjection v = new VideoProjection(PRIMARY);
      v.setTarget(0, -1);
      List<Sent> lows = project(v, keyFrame(PRIMARY, 10, 3000, 180));
      assertThat(v.setTarget(1, -1)).isTrue();
      List<Sent> sent = new ArrayList<>();
      sent.add(delta(SECOND, 5000, 90_000));
      sent.add(delta(PRIMARY, 14, 6000));
      sent.addAll(keyFrame(SECOND, 5001, 93_000, 720));
      sent.add(delta(PRIMARY, 15, 9000));

      List<Sent> forwarded = project(v, sent);

      assertThat(sent.get(0).decision).isEqualTo(DROP);
      assertThat(forwarded).containsExactlyElementsOf(sent.subList(1, 6));
      assertThat(sent.get(6).decision).as("the old encoding after the switch").isEqualTo(DROP);
      assertContiguous(forwarded, lows.get(3).outSeq());
      assertThat(v.currentLayer()).isEqualTo(1);
    }
  }
}
