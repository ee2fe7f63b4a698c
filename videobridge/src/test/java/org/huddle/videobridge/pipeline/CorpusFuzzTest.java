package org.huddle.videobridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.huddle.rtp.Av1TemplateStructure;
import org.huddle.rtp.PacketClass;
import org.huddle.rtp.Rtcp;
import org.huddle.rtp.RtcpFeedback;
import org.huddle.rtp.TransportCc;
import org.huddle.rtp.VideoCodec;
import org.huddle.rtp.testkit.Corpus;
import org.huddle.rtp.testkit.MediaFactory;
import org.huddle.videobridge.endpoint.EndpointSources;
import org.huddle.videobridge.endpoint.MediaFormats;
import org.huddle.videobridge.endpoint.MediaSourceDesc;
import org.huddle.videobridge.endpoint.PayloadType;
import org.huddle.videobridge.packet.Packet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Mutates the RTP module's seed corpus ({@link Corpus}: bit flips, truncation, extension, length
 * fields) and feeds every mutant through the receive pipeline's parsing nodes and the RTCP readers.
 * Seeded, so a failure reproduces. Nothing may throw out of a node, and every packet must be either
 * passed on or counted as dropped.
 */
class CorpusFuzzTest {
  static byte[] mutate(byte[] seed, Random r) {
    byte[] b;
    switch (r.nextInt(5)) {
      case 0 -> b = java.util.Arrays.copyOf(seed, r.nextInt(seed.length + 1));
      case 1 -> {
        b = java.util.Arrays.copyOf(seed, seed.length + 1 + r.nextInt(40));
        for (int i = seed.length; i < b.length; i++) {
          b[i] = (byte) r.nextInt();
        }
      }
      case 2 -> {
        b = seed.clone();
        if (b.length > 3) {
          b[2 + r.nextInt(2)] = (byte) r.nextInt(); // a length or sequence field
        }
      }
      default -> {
        b = seed.clone();
        for (int k = 0, flips = 1 + r.nextInt(4); k < flips && b.length > 0; k++) {
          b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        }
      }
    }
    return b;
  }

  @Nested
  class Mutants {
    @Test
    void everyMutantIsPassedOnOrCountedAsDroppedAndNothingEscapes() {
      PipelineStats stats = new PipelineStats();
      MediaFormats formats =
          new MediaFormats(
              List.of(new PayloadType(111, "opus", 48000, 2, java.util.Map.of(), List.of())),
              List.of(
                  new PayloadType(100, "VP8", 90000, 1, java.util.Map.of(), List.of("nack pli")),
                  new PayloadType(96, "rtx", 90000, 1, java.util.Map.of("apt", "100"), List.of()),
                  new PayloadType(101, "VP9", 90000, 1, java.util.Map.of(), List.of("nack pli")),
                  new PayloadType(107, "H264", 90000, 1, java.util.Map.of(), List.of("nack pli")),
                  new PayloadType(41, "AV1", 90000, 1, java.util.Map.of(), List.of("nack pli"))),
              java.util.Map.of(
                  MediaFormats.AUDIO_LEVEL,
                  1,
                  MediaFormats.TRANSPORT_CC,
                  5,
                  MediaFormats.DEPENDENCY_DESCRIPTOR,
                  MediaFactory.DEPENDENCY_DESCRIPTOR_ID));
      EndpointSources sources =
          new EndpointSources(
              List.of(
                  new MediaSourceDesc("a", "e", false, List.of(0x1234L), java.util.Map.of(), null),
                  new MediaSourceDesc(
                      "v", "e", true, List.of(0x5678L), java.util.Map.of(0x5678L, 0x9999L), null)));
      long[] routed = {0};
      Map<VideoCodec, Integer> routedByCodec = new EnumMap<>(VideoCodec.class);
      long[] rtcpSeen = {0};
      Pipeline pipeline =
          Pipeline.builder(stats)
              .node(new PacketClassifier(stats))
              .demux(
                  "fuzz-demux",
                  d ->
                      d.path(
                              "rtp",
                              p -> p.packetClass == PacketClass.RTP,
                              b ->
                                  b.node(new RtpParser(stats, formats))
                                      .node(
                                          new RtxTermination(
                                              stats,
                                              new RtxTermination.RtxMap() {
                                                @Override
                                                public long primaryOf(long rtx) {
                                                  return sources.primaryOfRtx(rtx);
                                                }

                                                @Override
                                                public int associatedPayloadType(int pt) {
                                                  return formats.associatedPayloadType(pt);
                                                }
                                              }))
                                      .node(new SourceResolver(stats, sources))
                                      .node(new AudioLevelReader(stats, () -> 1, (e, l, n) -> {}))
                                      .node(
                                          new CodecParser(
                                              stats, new FuzzCodecs(formats, new HashMap<>())))
                                      .then(
                                          p -> {
                                            routed[0]++;
                                            routedByCodec.merge(p.codec, 1, Integer::sum);
                                          }))
                          .path(
                              "rtcp",
                              p -> p.packetClass == PacketClass.RTCP,
                              b ->
                                  b.node(new RtcpValidator(stats))
                                      .then(
                                          p -> {
                                            rtcpSeen[0]++;
                                            Packet k = p.packet();
                                            Rtcp.forEach(
                                                k.buffer(),
                                                k.offset(),
                                                k.length(),
                                                (t, f, o, l) -> {
                                                  if (t == Rtcp.RTPFB && f == 1) {
                                                    RtcpFeedback.nackedSequenceNumbers(
                                                        k.buffer(), o, l);
                                                  } else if (t == Rtcp.RTPFB && f == 15) {
                                                    TransportCc.read(
                                                        k.buffer(), o, l, (s, a) -> {});
                                                  } else if (t == Rtcp.SR || t == Rtcp.RR) {
                                                    Rtcp.reportBlocks(k.buffer(), o, l);
                                                  }
                                                });
                                          })));
      List<byte[]> corpus = Corpus.seeds();
      Random r = new Random(77);
      int n = 30_000;
      for (int i = 0; i < n; i++) {
        byte[] m = mutate(corpus.get(r.nextInt(corpus.size())), r);
        pipeline.accept(new PacketInfo(Packet.copyOf(m, 0, m.length), 0));
      }
      long dropped =
          stats.get("fuzz-demux.dropped")
              + stats.get("rtp-parser.dropped")
              + stats.get("rtx-termination.dropped")
              + stats.get("source-resolver.dropped")
              + stats.get("codec-parser.dropped")
              + stats.get("rtcp-validator.dropped");
      assertThat(routed[0] + rtcpSeen[0] + dropped).isEqualTo(n);
      assertThat(stats.snapshot().keySet()).noneMatch(k -> k.endsWith(".dropped.exception"));
      assertThat(routed[0]).isPositive();
      assertThat(dropped).isPositive();
      // Mutants reach every codec's reader: some pass it, some it drops as malformed.
      assertThat(routedByCodec)
          .containsKeys(VideoCodec.VP8, VideoCodec.VP9, VideoCodec.H264, VideoCodec.AV1);
      assertThat(stats.get("codec-parser.dropped.vp9-malformed")).isPositive();
      assertThat(stats.get("codec-parser.dropped.h264-malformed")).isPositive();
      assertThat(stats.snapshot().keySet())
          .anyMatch(k -> k.startsWith("codec-parser.dropped.av1-"));
    }
  }

  /**
   * The codec parser's view of the fuzzed sender: its formats, and the AV1 structures it sent, so
   * that descriptors without one are resolved against what a mutated key frame left.
   */
  private record FuzzCodecs(
      org.huddle.videobridge.endpoint.MediaFormats formats,
      Map<Long, Av1TemplateStructure> structures)
      implements CodecParser.Sender {
    @Override
    public VideoCodec codecOf(int payloadType) {
      return formats.codecOf(payloadType);
    }

    @Override
    public int dependencyDescriptorId() {
      return formats.extensionId(
          org.huddle.videobridge.endpoint.MediaFormats.DEPENDENCY_DESCRIPTOR);
    }

    @Override
    public void height(long ssrc, int spatial, int height) {}

    @Override
    public void spatialLayers(long ssrc, int count) {}

    @Override
    public Av1TemplateStructure av1Structure(long ssrc) {
      return structures.get(ssrc);
    }

    @Override
    public void av1Structure(long ssrc, Av1TemplateStructure structure) {
      structures.put(ssrc, structure);
    }

    @Override
    public void requestKeyframe(long ssrc) {}
  }
}
