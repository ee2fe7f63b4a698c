package org.huddle.rtp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.huddle.rtp.testkit.MediaFactory;

/**
 * Writes the seed corpus in {@code src/test/resources/corpus}: one valid packet of each kind the
 * bridge parses, as hex. Run by hand when a new kind is added; the files are kept in the repo.
 */
final class CorpusWriter {
  private static final List<Integer> THREE = List.of(180, 360, 720);

  private CorpusWriter() {}

  static Map<String, byte[]> seeds() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    seeds.put(
        "opus-audio-level-tcc",
        MediaFactory.audio(0x1234, 7, 960, 30, 99, new byte[] {1, 2, 3, 4}));
    seeds.put(
        "vp8-keyframe-720p",
        MediaFactory.vp8(0x5678, 100, 9000, 300, 5, true, 1280, 720, 100, new byte[] {7, 7, 7}));
    seeds.put(
        "vp8-delta",
        MediaFactory.vp8(0x5678, 101, 12000, 301, 6, false, 0, 0, 101, new byte[] {8, 8}));
    byte[] compound = new byte[200];
    int n = Rtcp.writeSenderReport(compound, 0, 0x5678, 0xe0000000L, 0x80000000L, 9000, 10, 1000);
    n +=
        Rtcp.writeReceiverReport(
            compound, n, 0x5678, List.of(new Rtcp.ReportBlock(1, 2, 3, 4, 5, 6, 7)));
    seeds.put("rtcp-sr-rr", java.util.Arrays.copyOf(compound, n));
    byte[] fb = new byte[200];
    n = RtcpFeedback.writePli(fb, 0, 1, 0x5678);
    n += RtcpFeedback.writeFir(fb, n, 1, 0x5678, 3);
    n += RtcpFeedback.writeNack(fb, n, 1, 0x5678, new int[] {100, 101, 105});
    seeds.put("rtcp-pli-fir-nack", java.util.Arrays.copyOf(fb, n));
    byte[] tcc = new byte[200];
    n = TransportCc.write(tcc, 0, 1, 0x5678, 65530, new long[] {1000, -1, 1250, 90_000, 80_000}, 1);
    seeds.put("rtcp-transport-cc", java.util.Arrays.copyOf(tcc, n));
    seeds.put(
        "vp9-key-picture-ss",
        MediaFactory.vp9(
            0x5678,
            200,
            18000,
            false,
            new MediaFactory.Vp9(400, 7, 0, false, 0, false, false, true, true, false, THREE),
            new byte[] {1, 2, 3}));
    seeds.put(
        "vp9-delta-s2",
        MediaFactory.vp9(
            0x5678,
            201,
            21000,
            true,
            new MediaFactory.Vp9(401, 7, 2, true, 2, false, true, true, true, true, List.of()),
            new byte[] {4, 5}));
    byte[] pps = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};
    seeds.put(
        "h264-stap-a-sps-pps",
        MediaFactory.h264(
            0x5678,
            300,
            30000,
            false,
            MediaFactory.h264StapA(MediaFactory.h264Sps(640, 360), pps)));
    seeds.put(
        "h264-fu-a-idr-start",
        MediaFactory.h264(
            0x5678,
            301,
            30000,
            false,
            MediaFactory.h264FuA(0x65, true, false, new byte[] {(byte) 0x88, (byte) 0x84, 0x21})));
    Av1TemplateStructure l3t3 = MediaFactory.av1L3T3Key();
    seeds.put(
        "av1-key-dd-two-byte",
        MediaFactory.av1(
            0x5678,
            400,
            40000,
            false,
            Av1DependencyDescriptor.ofTemplate(true, false, 900, l3t3, 0)
                .withStructure(l3t3)
                .write(null),
            new byte[] {0x10, 1, 2}));
    seeds.put(
        "av1-delta-dd-one-byte",
        MediaFactory.av1(
            0x5678,
            401,
            43000,
            true,
            Av1DependencyDescriptor.ofTemplate(true, true, 911, l3t3, 11).write(l3t3),
            new byte[] {0x10, 3}));
    return seeds;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "rtp/src/test/resources/corpus");
    Files.createDirectories(dir);
    for (var e : seeds().entrySet()) {
      Files.writeString(
          dir.resolve(e.getKey() + ".hex"), HexFormat.of().formatHex(e.getValue()) + "\n");
    }
  }
}
