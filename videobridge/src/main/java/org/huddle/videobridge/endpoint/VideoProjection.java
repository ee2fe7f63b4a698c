package org.huddle.videobridge.endpoint;

import org.huddle.videobridge.pipeline.PacketInfo;
import org.huddle.videobridge.rtp.Bytes;
import org.huddle.videobridge.rtp.Packet;
import org.huddle.videobridge.rtp.RtpHeader;
import org.huddle.videobridge.rtp.Vp8Descriptor;

/**
 * Projects one sender's simulcast layers onto one continuous stream for one receiver, as an SFU
 * must (RFC 7667 §3.7, "Selective Forwarding Middlebox"): the receiver sees only the primary SSRC,
 * and at each layer switch (always at a key frame of the new layer) sequence numbers, timestamps,
 * VP8 picture IDs and TL0PICIDX are offset so that they continue where the previous layer left off.
 *
 * <p>The target layer is set by the allocator from any thread; everything else runs on the
 * receiver's send thread.
 */
public final class VideoProjection {
  private static final long MAX_TS_GAP = 90_000L * 5;

  private final long primarySsrc;
  private volatile int targetLayer = -1;
  private volatile int currentLayer = -1;

  private boolean haveOutput;
  private int switchSeq;
  private int seqDelta;
  private long tsDelta;
  private int picIdDelta;
  private int tl0Delta;
  private int lastOutSeq;
  private long lastOutTs;
  private int lastOutPicId = -1;
  private int lastOutTl0 = -1;
  private long lastOutNanos;

  public VideoProjection(long primarySsrc) {
    this.primarySsrc = primarySsrc;
  }

  public long primarySsrc() {
    return primarySsrc;
  }

  public int targetLayer() {
    return targetLayer;
  }

  public int currentLayer() {
    return currentLayer;
  }

  /** Sets the layer to forward, -1 for none. True when this asks for a new key frame. */
  public boolean setTargetLayer(int layer) {
    int old = targetLayer;
    targetLayer = layer;
    if (layer < 0) {
      currentLayer = -1;
    }
    return layer >= 0 && layer != old && layer != currentLayer;
  }

  /** A cheap check before the packet is copied: could this layer be forwarded? */
  public boolean wants(int layer) {
    int t = targetLayer;
    return t >= 0 && (layer == t || layer == currentLayer);
  }

  /** What {@link #project} decided. */
  public enum Decision {
    FORWARD,
    DROP,
    /** Dropped, and the target layer needs a key frame before it can start. */
    NEED_KEYFRAME
  }

  /** Decides on a packet and, when it is forwarded, rewrites it in place. */
  public Decision project(PacketInfo p, long nowNanos) {
    int target = targetLayer;
    if (target < 0) {
      return Decision.DROP;
    }
    Packet k = p.packet();
    byte[] b = k.buffer();
    int o = k.offset();
    int seq = RtpHeader.sequenceNumber(b, o);
    if (p.layer != currentLayer) {
      if (p.layer != target) {
        return Decision.DROP;
      }
      if (!p.keyFrame) {
        return currentLayer < 0 ? Decision.NEED_KEYFRAME : Decision.DROP;
      }
      switchTo(p, nowNanos);
    } else if (Bytes.seqDelta(seq, switchSeq) < 0) {
      return Decision.DROP; // from before the switch: its numbers would collide
    }
    rewrite(p, nowNanos);
    return Decision.FORWARD;
  }

  private void switchTo(PacketInfo p, long nowNanos) {
    byte[] b = p.packet().buffer();
    int o = p.packet().offset();
    int len = p.packet().length();
    int seq = RtpHeader.sequenceNumber(b, o);
    long ts = RtpHeader.timestamp(b, o);
    currentLayer = p.layer;
    switchSeq = seq;
    if (!haveOutput) {
      seqDelta = 0;
      tsDelta = 0;
      picIdDelta = 0;
      tl0Delta = 0;
      return;
    }
    seqDelta = (lastOutSeq + 1 - seq) & 0xffff;
    long elapsedUnits =
        Math.max(1, Math.min(MAX_TS_GAP, (nowNanos - lastOutNanos) * 90 / 1_000_000));
    tsDelta = (lastOutTs + elapsedUnits - ts) & 0xffffffffL;
    if (p.vp8) {
      int payload = o + RtpHeader.headerLength(b, o, len);
      int payloadLen = RtpHeader.payloadLength(b, o, len);
      int pid = Vp8Descriptor.pictureId(b, payload, payloadLen);
      if (pid >= 0 && lastOutPicId >= 0) {
        picIdDelta = lastOutPicId + 1 - pid;
      }
      int tl0 = Vp8Descriptor.tl0PicIdx(b, payload, payloadLen);
      if (tl0 >= 0 && lastOutTl0 >= 0) {
        tl0Delta = lastOutTl0 + 1 - tl0;
      }
    }
  }

  private void rewrite(PacketInfo p, long nowNanos) {
    Packet k = p.packet();
    byte[] b = k.buffer();
    int o = k.offset();
    int len = k.length();
    int outSeq = (RtpHeader.sequenceNumber(b, o) + seqDelta) & 0xffff;
    long outTs = (RtpHeader.timestamp(b, o) + tsDelta) & 0xffffffffL;
    RtpHeader.setSequenceNumber(b, o, outSeq);
    RtpHeader.setTimestamp(b, o, outTs);
    RtpHeader.setSsrc(b, o, primarySsrc);
    if (p.vp8) {
      int payload = o + RtpHeader.headerLength(b, o, len);
      int payloadLen = RtpHeader.payloadLength(b, o, len);
      int pid = Vp8Descriptor.pictureId(b, payload, payloadLen);
      if (pid >= 0) {
        int mask = Vp8Descriptor.hasLongPictureId(b, payload, payloadLen) ? 0x7fff : 0x7f;
        int outPid = (pid + picIdDelta) & mask;
        Vp8Descriptor.setPictureId(b, payload, payloadLen, outPid);
        lastOutPicId = outPid;
      }
      int tl0 = Vp8Descriptor.tl0PicIdx(b, payload, payloadLen);
      if (tl0 >= 0) {
        int outTl0 = (tl0 + tl0Delta) & 0xff;
        Vp8Descriptor.setTl0PicIdx(b, payload, payloadLen, outTl0);
        lastOutTl0 = outTl0;
      }
    }
    if (!haveOutput || Bytes.seqNewer(outSeq, lastOutSeq)) {
      lastOutSeq = outSeq;
      lastOutTs = outTs;
      lastOutNanos = nowNanos;
    }
    haveOutput = true;
    p.ssrc = primarySsrc;
    p.sequenceNumber = outSeq;
  }
}
