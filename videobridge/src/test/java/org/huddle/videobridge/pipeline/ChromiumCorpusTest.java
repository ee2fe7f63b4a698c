package org.huddle.videobridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.huddle.rtp.Av1TemplateStructure;
import org.huddle.rtp.Bytes;
import org.huddle.rtp.RtpHeader;
import org.huddle.rtp.VideoCodec;
import org.huddle.videobridge.endpoint.VideoProjection;
import org.huddle.videobridge.packet.Packet;
import org.junit.jupiter.api.Test;

/**
 * Real packets from Chromium, kept in {@code src/test/resources/corpus/chromium/} (captured by the
 * bridge's {@code HUDDLE_JVB_CAPTURE_DIR} in the codec-meeting browser scenario), read by the codec
 * parser and projected as a receiver would get them. Payload types and the dependency descriptor's
 * id are the focus's defaults.
 */
class ChromiumCorpusTest {
  private static final Map<Integer, VideoCodec> PAYLOAD_TYPES =
      Map.of(100, VideoCodec.VP8, 101, VideoCodec.VP9, 107, VideoCodec.H264, 41, VideoCodec.AV1);

  /** What the parser told the sender side. */
  private static final class Seen implements CodecParser.Sender {
    final Map<Long, Av1TemplateStructure> structures = new HashMap<>();
    final Map<Integer, Integer> heights = new TreeMap<>();
    int spatialLayers;
    int keyframeRequests;

    @Override
    public VideoCodec codecOf(int payloadType) {
      return PAYLOAD_TYPES.getOrDefault(payloadType, VideoCodec.NONE);
    }

    @Override
    public int dependencyDescriptorId() {
      return 11;
    }

    @Override
    public void height(long ssrc, int spatial, int height) {
      heights.put(spatial, height);
    }

    @Override
    public void spatialLayers(long ssrc, int count) {
      spatialLayers = Math.max(spatialLayers, count);
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
      keyframeRequests++;
    }
  }

  private record Parsed(List<PacketInfo> packets, Seen seen, PipelineStats stats) {}

  private static List<byte[]> corpus(String name) throws IOException {
    try (InputStream in =
        ChromiumCorpusTest.class.getResourceAsStream("/corpus/chromium/" + name)) {
      assertThat(in).as("corpus " + name).isNotNull();
      List<byte[]> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(HexFormat.of().parseHex(line.trim()));
        }
      }
      return out;
    }
  }

  private static Parsed parse(String name) throws IOException {
    PipelineStats stats = new PipelineStats();
    Seen seen = new Seen();
    CodecParser parser = new CodecParser(stats, seen);
    List<PacketInfo> out = new ArrayList<>();
    for (byte[] b : corpus(name)) {
      PacketInfo p = new PacketInfo(Packet.copyOf(b, 0, b.length), 0);
      p.ssrc = RtpHeader.ssrc(b, 0);
      p.payloadType = RtpHeader.payloadType(b, 0);
      p.sequenceNumber = RtpHeader.sequenceNumber(b, 0);
      p.primarySsrc = p.ssrc;
      p.layer = 0;
      PacketInfo r = parser.process(p);
      if (r != null) {
        out.add(r);
      }
    }
    return new Parsed(out, seen, stats);
  }

  /** Projects the packets for a receiver that wants spatial layer {@code spatial}. */
  private static List<PacketInfo> project(List<PacketInfo> packets, int spatial) {
    VideoProjection v = new VideoProjection(packets.get(0).ssrc);
    v.setTarget(0, spatial);
    List<PacketInfo> out = new ArrayList<>();
    for (PacketInfo p : packets) {
      PacketInfo c = p.copy();
      if (v.project(c, 0) == VideoProjection.Decision.FORWARD) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * The receiver's sequence numbers leave no gap: relative to the first, they fill a range. (The
   * capture holds the sender's retransmissions too, which go out again under their numbers.)
   */
  private static void assertContiguous(List<PacketInfo> forwarded) {
    int first = RtpHeader.sequenceNumber(forwarded.get(0).packet().buffer(), 0);
    TreeSet<Integer> offsets = new TreeSet<>();
    for (PacketInfo p : forwarded) {
      offsets.add(Bytes.seqDelta(RtpHeader.sequenceNumber(p.packet().buffer(), 0), first));
    }
    assertThat(offsets.last() - offsets.first() + 1)
        .as("numbers %s", offsets)
        .isEqualTo(offsets.size());
  }

  @Test
  void vp9KSvcFromChromiumHasThreeSpatialLayersAndEachReceiverGetsAGaplessStream()
      throws IOException {
    Parsed r = parse("vp9-k-svc.hex");
    assertThat(r.stats().totalDropped()).isZero();
    assertThat(r.packets()).allMatch(p -> p.codec == VideoCodec.VP9);
    assertThat(r.packets()).anyMatch(p -> p.keyFrame);
    assertThat(new TreeSet<>(r.packets().stream().map(p -> p.spatial).toList()))
        .as("spatial layers")
        .contains(0, 1, 2);
    assertThat(r.seen().spatialLayers).isEqualTo(3);
    assertThat(r.seen().heights.keySet()).contains(0, 1, 2);
    assertThat(r.seen().heights.get(0)).isLessThan(r.seen().heights.get(1));
    assertThat(r.seen().heights.get(1)).isLessThan(r.seen().heights.get(2));

    List<PacketInfo> low = project(r.packets(), 0);
    List<PacketInfo> high = project(r.packets(), 2);
    assertThat(low).isNotEmpty().allMatch(p -> p.spatial == 0);
    assertThat(high).anyMatch(p -> p.spatial == 2);
    assertThat(high)
        .as("lower layers only of key pictures")
        .allMatch(p -> p.spatial == 2 || !p.predicted);
    assertThat(high.size()).isGreaterThan(low.size()).isLessThan(r.packets().size() + 1);
    assertContiguous(low);
    assertContiguous(high);
    assertThat(low)
        .filteredOn(p -> p.endOfFrame)
        .as("the marker ends each frame of the chosen layer")
        .allMatch(p -> RtpHeader.marker(p.packet().buffer(), 0));
  }

  @Test
  void av1KSvcFromChromiumCarriesItsStructureAndDecodeTargetsPickTheFrames() throws IOException {
    Parsed r = parse("av1-k-svc.hex");
    assertThat(r.stats().totalDropped()).isZero();
    assertThat(r.packets()).allMatch(p -> p.codec == VideoCodec.AV1 && p.av1 != null);
    assertThat(r.packets()).anyMatch(p -> p.keyFrame);
    assertThat(r.seen().spatialLayers).isEqualTo(3);
    assertThat(new TreeSet<>(r.packets().stream().map(p -> p.spatial).toList()))
        .containsExactly(0, 1, 2);

    List<PacketInfo> low = project(r.packets(), 0);
    List<PacketInfo> high = project(r.packets(), 2);
    assertThat(low).isNotEmpty().allMatch(p -> p.spatial == 0);
    assertThat(high).anyMatch(p -> p.spatial == 2);
    assertThat(high.size()).isGreaterThan(low.size());
    assertContiguous(low);
    assertContiguous(high);
  }

  @Test
  void h264FromChromiumStartsWithItsParameterSetsAndTellsItsHeight() throws IOException {
    Parsed r = parse("h264-simulcast-layer.hex");
    assertThat(r.stats().totalDropped()).isZero();
    assertThat(r.packets()).allMatch(p -> p.codec == VideoCodec.H264);
    assertThat(r.packets()).anyMatch(p -> p.keyFrame);
    assertThat(r.seen().heights.get(-1)).isPositive();
    assertThat(project(r.packets(), -1)).hasSameSizeAs(r.packets());
  }

  @Test
  void vp8FromChromiumStartsWithAKeyFrameThatTellsItsHeight() throws IOException {
    Parsed r = parse("vp8-simulcast-layer.hex");
    assertThat(r.stats().totalDropped()).isZero();
    assertThat(r.packets()).allMatch(p -> p.codec == VideoCodec.VP8);
    assertThat(r.packets().get(0).keyFrame).isTrue();
    assertThat(r.seen().heights.get(-1)).isPositive();
  }
}
