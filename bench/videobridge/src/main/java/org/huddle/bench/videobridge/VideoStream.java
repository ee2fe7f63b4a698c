package org.huddle.bench.videobridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.huddle.rtp.Av1DependencyDescriptor;
import org.huddle.rtp.Av1TemplateStructure;
import org.huddle.rtp.testkit.MediaFactory;

/**
 * One sender's video, built with the test kit's {@link MediaFactory}: VP8 as one 640x360 stream, or
 * VP9 and AV1 as Chrome's K-SVC L3T3_KEY on one SSRC (per picture an S0, S1 and S2 frame of 180,
 * 360 and 720 lines, temporal layers T0 T2 T1 T2, a key picture every {@code keyEvery} pictures).
 * Every layer frame is one packet, so a tick sends {@link Codec#layers()} packets.
 */
final class VideoStream {
  private static final int[] TEMPORAL_PATTERN = {0, 2, 1, 2};
  private static final int LAYERS = 3;

  /** The codec under test and what the bridge is told about it (Jicofo's payload types). */
  enum Codec {
    VP8(MediaFactory.VP8_PT, "VP8", 1),
    VP9(MediaFactory.VP9_PT, "VP9", LAYERS),
    AV1(MediaFactory.AV1_PT, "AV1", LAYERS);

    final int payloadType;
    final String encodingName;
    final int layers;

    Codec(int payloadType, String encodingName, int layers) {
      this.payloadType = payloadType;
      this.encodingName = encodingName;
      this.layers = layers;
    }

    int layers() {
      return layers;
    }

    static Codec of(String name) {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
  }

  /** The packets of one picture, and how many of them a top and a capped receiver should get. */
  record Picture(List<byte[]> packets, int forTop, int forLow) {}

  private static final Av1TemplateStructure L3T3_KEY = MediaFactory.av1L3T3Key();

  private final Codec codec;
  private final long ssrc;
  private final int keyEvery;
  private int picture;
  private int seq;

  /**
   * @param keyEvery pictures from one key picture to the next, rounded up to a multiple of the
   *     temporal pattern's 4 so that a key picture is a T0 one
   */
  VideoStream(Codec codec, long ssrc, int keyEvery) {
    this.codec = codec;
    this.ssrc = ssrc;
    this.keyEvery = Math.max(4, (keyEvery + 3) / 4 * 4);
  }

  /**
   * The next picture; {@code body} gives each packet's payload bytes for its spatial layer (the
   * bench marks the layer at the start and stamps the send time at the end). A receiver capped
   * below 720 lines gets S0 and S1 of a key picture and S1 of the others; an uncapped one all three
   * of a key picture and S2 of the others (K-SVC: only key pictures predict across spatial layers).
   */
  Picture next(IntFunction<byte[]> body) {
    int i = picture++;
    boolean key = i % keyEvery == 0;
    List<byte[]> out = new ArrayList<>(codec.layers());
    switch (codec) {
      case VP8 -> {
        out.add(
            MediaFactory.vp8(
                ssrc,
                nextSeq(),
                3000L * i,
                i & 0x7fff,
                i & 0xff,
                i == 0,
                640,
                360,
                i & 0xffff,
                body.apply(0)));
        return new Picture(out, 1, 1);
      }
      case VP9 -> {
        int tid = TEMPORAL_PATTERN[i % 4];
        for (int sid = 0; sid < LAYERS; sid++) {
          boolean top = sid == LAYERS - 1;
          MediaFactory.Vp9 d =
              new MediaFactory.Vp9(
                  i & 0x7fff,
                  (i / 4) & 0xff,
                  tid,
                  tid > 0,
                  sid,
                  sid > 0 && key,
                  !key,
                  true,
                  true,
                  top || !key,
                  key && sid == 0 ? List.of(180, 360, 720) : List.of());
          out.add(MediaFactory.vp9(ssrc, nextSeq(), 3000L * i, top, d, body.apply(sid)));
        }
      }
      case AV1 -> {
        int t = TEMPORAL_PATTERN[i % 4];
        int within = key ? 0 : t == 0 ? 1 : t == 1 ? 2 : i % 4 == 1 ? 3 : 4;
        for (int s = 0; s < LAYERS; s++) {
          Av1DependencyDescriptor d =
              Av1DependencyDescriptor.ofTemplate(
                  true, true, (LAYERS * i + s) & 0xffff, L3T3_KEY, 5 * s + within);
          byte[] dd = key && s == 0 ? d.withStructure(L3T3_KEY).write(null) : d.write(L3T3_KEY);
          out.add(MediaFactory.av1(ssrc, nextSeq(), 3000L * i, s == LAYERS - 1, dd, body.apply(s)));
        }
      }
    }
    return key ? new Picture(out, 3, 2) : new Picture(out, 1, 1);
  }

  private int nextSeq() {
    int s = seq;
    seq = (seq + 1) & 0xffff;
    return s;
  }
}
