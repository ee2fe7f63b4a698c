package org.huddle.videobridge.pipeline;

import java.util.function.IntPredicate;
import org.huddle.videobridge.rtp.Packet;
import org.huddle.videobridge.rtp.RtpHeader;
import org.huddle.videobridge.rtp.Vp8Descriptor;

/**
 * Marks VP8 key frames and reports each layer's frame height from them. Other codecs pass through
 * unmarked; VP9 and AV1 parsers would sit beside this one and set the same fields.
 */
public final class Vp8Parser extends Node {
  /** Learns layer heights. */
  @FunctionalInterface
  public interface HeightListener {
    void height(long ssrc, int height);
  }

  private final IntPredicate isVp8;
  private final HeightListener heights;

  public Vp8Parser(PipelineStats stats, IntPredicate isVp8, HeightListener heights) {
    super("vp8-parser", stats);
    this.isVp8 = isVp8;
    this.heights = heights;
  }

  @Override
  protected PacketInfo handle(PacketInfo p) {
    if (p.audio || !isVp8.test(p.payloadType)) {
      return p;
    }
    Packet k = p.packet();
    byte[] b = k.buffer();
    int o = k.offset();
    int payload = o + RtpHeader.headerLength(b, o, k.length());
    int payloadLen = RtpHeader.payloadLength(b, o, k.length());
    if (payloadLen <= 0) {
      return p; // padding-only packets carry no frame data
    }
    if (Vp8Descriptor.length(b, payload, payloadLen) < 0) {
      return drop("malformed");
    }
    p.vp8 = true;
    p.keyFrame = Vp8Descriptor.isKeyFrame(b, payload, payloadLen);
    if (p.keyFrame) {
      int h = Vp8Descriptor.keyFrameHeight(b, payload, payloadLen);
      if (h > 0) {
        heights.height(p.ssrc, h);
      }
    }
    return p;
  }
}
