package org.huddle.videobridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import org.huddle.rtp.Av1TemplateStructure;
import org.huddle.rtp.PacketClass;
import org.huddle.rtp.RtpHeader;
import org.huddle.rtp.VideoCodec;
import org.huddle.rtp.testkit.MediaFactory;
import org.huddle.videobridge.packet.Packet;

/**
 * Coverage-guided fuzzing of the receive path's parsing nodes (docs/fuzzing.md): one datagram, as
 * it comes off the transport after SRTP, through the classifier, the RTP parser and the codec
 * parser (VP8, VP9, H.264, the AV1 dependency descriptor). The seeds in {@code
 * ReceivePathFuzzTestInputs/} are real packets from Chromium and the hand-made corpus of {@code
 * src/test/resources/corpus}.
 *
 * <p>A node that throws drops the packet as "exception" (Node); for a parser that is a bug, since
 * bad input must be dropped and counted under its own reason. What a node passes on must make sense
 * to the nodes after it.
 */
class ReceivePathFuzzTest {
  /** The focus's payload types. */
  private static final Map<Integer, VideoCodec> VIDEO =
      Map.of(
          MediaFactory.VP8_PT,
          VideoCodec.VP8,
          MediaFactory.VP9_PT,
          VideoCodec.VP9,
          MediaFactory.H264_PT,
          VideoCodec.H264,
          MediaFactory.AV1_PT,
          VideoCodec.AV1);

  /**
   * The structure of the AV1 L3T3 key frame in the corpus, so that delta frames have one to resolve
   * their template against, as they would a few packets into a stream.
   */
  private static final Av1TemplateStructure KNOWN = MediaFactory.av1L3T3Key();

  /** What the codec parser tells the sender; every report must be a plausible picture. */
  private static final class Sender implements CodecParser.Sender {
    Av1TemplateStructure structure = KNOWN;

    @Override
    public VideoCodec codecOf(int payloadType) {
      return VIDEO.getOrDefault(payloadType, VideoCodec.NONE);
    }

    @Override
    public int dependencyDescriptorId() {
      return MediaFactory.DEPENDENCY_DESCRIPTOR_ID;
    }

    /** The codec of the packet being read, which bounds the heights it can tell. */
    VideoCodec codec = VideoCodec.NONE;

    @Override
    public void height(long ssrc, int spatial, int height) {
      // VP8 codes the height in 14 bits, VP9 in 16, AV1 as 16 bits less one; the H.264 reader
      // answers any size up to Integer.MAX_VALUE (an SPS codes it in Exp-Golomb macroblocks).
      int max =
          switch (codec) {
            case VP8 -> (1 << 14) - 1;
            case VP9 -> (1 << 16) - 1;
            case AV1 -> 1 << 16;
            default -> Integer.MAX_VALUE;
          };
      assertThat(height).as("%s frame height", codec).isBetween(1, max);
      assertThat(spatial).as("spatial layer of a height").isBetween(-1, 7);
    }

    @Override
    public void spatialLayers(long ssrc, int count) {
      assertThat(count).as("spatial layers").isBetween(1, 8);
    }

    @Override
    public Av1TemplateStructure av1Structure(long ssrc) {
      return structure;
    }

    @Override
    public void av1Structure(long ssrc, Av1TemplateStructure s) {
      structure = s;
    }

    @Override
    public void requestKeyframe(long ssrc) {}
  }

  @FuzzTest
  void aDatagramIsPassedOnConsistentOrDroppedForAReason(byte[] datagram) {
    PipelineStats stats = new PipelineStats();
    Sender sender = new Sender();
    RtpParser rtp =
        new RtpParser(
            stats,
            pt ->
                pt == MediaFactory.OPUS_PT
                    ? RtpParser.Kind.AUDIO
                    : VIDEO.containsKey(pt) ? RtpParser.Kind.VIDEO : RtpParser.Kind.UNKNOWN);
    CodecParser codec = new CodecParser(stats, sender);

    PacketInfo p = new PacketInfo(Packet.copyOf(datagram, 0, datagram.length), 0);
    p = new PacketClassifier(stats).process(p);
    assertThat(p).isNotNull();
    if (p.packetClass != PacketClass.RTP) {
      return;
    }
    if (datagram.length > 1) {
      sender.codec = sender.codecOf(RtpHeader.payloadType(datagram, 0));
    }
    PacketInfo parsed = rtp.process(p);
    PacketInfo read = parsed == null ? null : codec.process(parsed);

    assertThat(stats.get("rtp-parser.dropped.exception")).as("RTP parser threw").isZero();
    assertThat(stats.get("codec-parser.dropped.exception")).as("codec parser threw").isZero();
    if (parsed == null) {
      return;
    }
    byte[] b = parsed.packet().buffer();
    int o = parsed.packet().offset();
    int len = parsed.packet().length();
    int header = RtpHeader.headerLength(b, o, len);
    assertThat(header).isBetween(RtpHeader.FIXED_LENGTH, len);
    assertThat(header + RtpHeader.payloadLength(b, o, len)).isLessThanOrEqualTo(len);
    if (read == null) {
      assertThat(stats.get("codec-parser.dropped")).isEqualTo(1);
      return;
    }
    assertThat(read.spatial).isBetween(-1, 7);
    assertThat(read.temporal).isBetween(-1, 7);
    if (read.av1 != null) {
      // The descriptor is a header extension: inside the header, after the fixed part.
      assertThat(read.av1DescriptorAt).isBetween(RtpHeader.FIXED_LENGTH, header - 1);
      assertThat(read.av1Structure).isNotNull();
      assertThat(read.spatial).isLessThanOrEqualTo(read.av1Structure.maxSpatialId());
    }
  }
}
