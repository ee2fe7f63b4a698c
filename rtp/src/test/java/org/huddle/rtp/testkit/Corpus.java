package org.huddle.rtp.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The seed corpus kept in this module's {@code src/test/resources/corpus}: one valid packet of each
 * kind the codec reads, as hex, written by {@code CorpusWriter}. Other modules read it through the
 * test-jar: the bridge mutates it through its receive pipeline.
 */
public final class Corpus {
  /** The seeds, in the order the writer writes them. */
  public static final List<String> SEEDS =
      List.of(
          "opus-audio-level-tcc",
          "vp8-keyframe-720p",
          "vp8-delta",
          "rtcp-sr-rr",
          "rtcp-pli-fir-nack",
          "rtcp-transport-cc",
          "vp9-key-picture-ss",
          "vp9-delta-s2",
          "h264-stap-a-sps-pps",
          "h264-fu-a-idr-start",
          "av1-key-dd-two-byte",
          "av1-delta-dd-one-byte");

  private Corpus() {}

  /** Every seed's packet, in {@link #SEEDS}' order. */
  public static List<byte[]> seeds() {
    List<byte[]> out = new ArrayList<>();
    for (String s : SEEDS) {
      out.add(read(s + ".hex"));
    }
    return out;
  }

  /**
   * The bytes of one hex file under {@code corpus/}, e.g. {@code chromium/vp8-simulcast-layer.hex}.
   */
  public static byte[] read(String name) {
    try (InputStream in = Corpus.class.getResourceAsStream("/corpus/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no corpus file " + name);
      }
      return HexFormat.of()
          .parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
