package org.huddle.videobridge.rtp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.huddle.videobridge.testkit.MediaFactory;

/**
 * Writes the seed corpus in {@code src/test/resources/corpus}: one valid packet of each kind the
 * bridge parses, as hex. Run by hand when a new kind is added; the files are kept in the repo.
 */
final class CorpusWriter {
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
    return seeds;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "videobridge/src/test/resources/corpus");
    Files.createDirectories(dir);
    for (var e : seeds().entrySet()) {
      Files.writeString(
          dir.resolve(e.getKey() + ".hex"), HexFormat.of().formatHex(e.getValue()) + "\n");
    }
  }
}
