package org.huddle.videobridge.endpoint;

import java.util.concurrent.atomic.LongAdder;
import org.huddle.rtp.Av1DependencyDescriptor;
import org.huddle.rtp.Bytes;
import org.huddle.rtp.RtpHeader;
import org.huddle.rtp.VideoCodec;
import org.huddle.rtp.Vp8Descriptor;
import org.huddle.rtp.Vp9Descriptor;
import org.huddle.videobridge.packet.Packet;
import org.huddle.videobridge.pipeline.PacketInfo;

/**
 * Projects one sender's layers onto one continuous stream for one receiver, as an SFU must (RFC
 * 7667 §3.7, "Selective Forwarding Middlebox"). The receiver sees only the primary SSRC, the one
 * the focus signalled to it.
 *
 * <p>Two kinds of layer are chosen. An <em>encoding</em> is one SSRC of a simulcast group; a switch
 * between encodings happens at a key frame of the new one, and sequence numbers, timestamps, VP8
 * and VP9 picture IDs, TL0PICIDX and AV1 frame numbers are offset so that they continue where the
 * previous encoding left off. A <em>spatial layer</em> is one of several resolutions that VP9 or
 * AV1 SVC carries on one SSRC; the receiver gets its chosen layer, and the lower layers of key
 * pictures that it depends on (in full SVC, every lower layer). A spatial switch also waits for a
 * key picture, because in K-SVC, as Chrome sends it for Jitsi, each layer references only itself
 * between key pictures. Packets dropped inside the stream leave no gap: later sequence numbers are
 * shifted down, and the RTP marker is set where the chosen layer's frame ends.
 *
 * <p>The target is set by the allocator from any thread; everything else runs on the receiver's
 * send thread.
 */
public final class VideoProjection {
  private static final long MAX_TS_GAP = 90_000L * 5;
  private static final int HISTORY = 1024;

  private final long primarySsrc;
  private volatile int targetLayer = -1;
  private volatile int targetSpatial = -1;
  private volatile int currentLayer = -1;
  private volatile int currentSpatial = -1;
  private volatile int targetTemporal = -1;
  private volatile long targetChangedNanos;
  private volatile int currentTemporal = -1;

  private boolean haveOutput;
  private int switchSeq;
  private int seqDelta;
  private long tsDelta;
  private int picIdDelta;
  private int tl0Delta;
  private int frameDelta;
  private int lastOutSeq;
  private long lastOutTs;
  private int lastOutPicId = -1;
  private int lastOutTl0 = -1;
  private int lastOutFrame = -1;
  private long lastOutNanos;
  private boolean interLayerDeltas;

  /**
   * Input sequence numbers since the last switch, and what each became: the output number, -2
   * dropped, or {@link #LOST} with the number kept for it should it still come.
   */
  private final int[] outSeqOf = new int[HISTORY];

  /**
   * Marks a number lost upstream in {@link #outSeqOf}, the low 16 bits being the output number it
   * would have had when the gap was seen: drops after the gap shift later numbers down, so it
   * cannot be worked out again from the current delta when it arrives late.
   */
  private static final int LOST = 0x10000;

  private int highestInSeq;

  /** The encoding of the last switch, -1 before the first. */
  private int switchedLayer = -1;

  private final LongAdder switches;

  public VideoProjection(long primarySsrc) {
    this(primarySsrc, new LongAdder());
  }

  /**
   * A projection that counts its layer switches into {@code switches}: a change of the encoding or
   * spatial layer this receiver gets of the source, once it has got some (the first layer is no
   * switch, nor is resuming the layer it had after a pause).
   */
  public VideoProjection(long primarySsrc, LongAdder switches) {
    this.primarySsrc = primarySsrc;
    this.switches = switches;
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

  public int targetSpatial() {
    return targetSpatial;
  }

  public int currentSpatial() {
    return currentSpatial;
  }

  public int currentTemporal() {
    return currentTemporal;
  }

  /** When the target encoding or spatial layer last changed (a frame-rate change is no change). */
  public long targetChangedNanos() {
    return targetChangedNanos;
  }

  /** Sets the encoding to forward, all its spatial layers; -1 for none. */
  public boolean setTargetLayer(int layer) {
    return setTarget(layer, -1);
  }

  /**
   * Sets the encoding to forward (-1 for none) and its highest spatial layer (-1: all, or none
   * there). True when this needs a key frame from the sender.
   */
  public boolean setTarget(int layer, int spatial) {
    return setTarget(layer, spatial, -1);
  }

  /**
   * As {@link #setTarget(int, int)}, with the highest temporal layer (-1: all). A temporal change
   * needs no key frame: it takes effect at the next packet of temporal layer 0, on which the higher
   * layers' frames depend.
   */
  public boolean setTarget(int layer, int spatial, int temporal) {
    return setTarget(layer, spatial, temporal, System.nanoTime());
  }

  /** As {@link #setTarget(int, int, int)}, at {@code nowNanos}. */
  public boolean setTarget(int layer, int spatial, int temporal, long nowNanos) {
    if (layer != targetLayer || spatial != targetSpatial) {
      targetChangedNanos = nowNanos;
    }
    targetTemporal = temporal;
    int oldLayer = targetLayer;
    int oldSpatial = targetSpatial;
    targetLayer = layer;
    targetSpatial = spatial;
    if (layer < 0) {
      currentLayer = -1;
      return false;
    }
    boolean newLayer = layer != oldLayer && layer != currentLayer;
    boolean newSpatial = spatial != oldSpatial && spatial != currentSpatial;
    return newLayer || newSpatial;
  }

  /**
   * Whether a switch waits for a key frame: to another encoding, or to another spatial layer. The
   * allocator asks the sender again while it does, since one request may have been rate-limited
   * away or lost.
   */
  public boolean awaitingKeyframe() {
    int t = targetLayer;
    return t >= 0 && (t != currentLayer || targetSpatial != currentSpatial);
  }

  /** A cheap check before the packet is copied: could this encoding be forwarded? */
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
    int seq = RtpHeader.sequenceNumber(k.buffer(), k.offset());
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
    } else if (p.keyFrame && currentSpatial != targetSpatial) {
      currentSpatial = targetSpatial; // a spatial switch, at a key picture
      if (haveOutput) {
        switches.increment();
      }
    }
    if (p.temporal == 0 && currentTemporal != targetTemporal) {
      currentTemporal = targetTemporal; // a frame-rate switch, at a base-layer frame
    }
    if (p.interLayerDeltas) {
      interLayerDeltas = true;
    }
    if (!Bytes.seqNewer(seq, highestInSeq)) {
      return older(p, seq, nowNanos); // reordered, repeated, or retransmitted by the sender
    }
    int gap = Bytes.seqDelta(seq, highestInSeq) - 1;
    for (int i = Math.max(1, gap - HISTORY + 1); i <= gap; i++) {
      // Lost upstream; a retransmission may come.
      outSeqOf[(highestInSeq + i) % HISTORY] = LOST | ((highestInSeq + i + seqDelta) & 0xffff);
    }
    highestInSeq = seq;
    if (Bytes.seqDelta(seq, switchSeq) > HISTORY) {
      // The guard against numbers from before the switch trails the newest packet by the history:
      // left at the switch, it read every packet as older once 2^15 had passed (sequence numbers
      // are compared modulo 2^16), and the receiver got nothing for the next 2^15 (a VP9 SVC
      // stream changes no encoding, so it never moved). Anything further back is dropped by
      // older() anyway.
      switchSeq = (seq - HISTORY) & 0xffff;
    }
    if (!spatialWanted(p)) {
      seqDelta = (seqDelta - 1) & 0xffff; // close the gap this drop would leave
      outSeqOf[seq % HISTORY] = -2;
      return Decision.DROP;
    }
    rewrite(p, (seq + seqDelta) & 0xffff, nowNanos);
    outSeqOf[seq % HISTORY] = (seq + seqDelta) & 0xffff;
    return Decision.FORWARD;
  }

  /** A packet older than the newest seen: forwarded under the number it would have had. */
  private Decision older(PacketInfo p, int seq, long nowNanos) {
    if (Bytes.seqDelta(highestInSeq, seq) >= HISTORY || !spatialWanted(p)) {
      return Decision.DROP;
    }
    int out = outSeqOf[seq % HISTORY];
    if (out == -2) {
      return Decision.DROP;
    }
    if ((out & LOST) != 0) {
      out &= 0xffff; // lost upstream and now recovered: the number kept for it
    } else if (out < 0) {
      out = (seq + seqDelta) & 0xffff;
    }
    rewrite(p, out, nowNanos);
    return Decision.FORWARD;
  }

  private boolean spatialWanted(PacketInfo p) {
    int cs = currentSpatial;
    int ct = currentTemporal;
    if (p.av1 != null && p.av1Structure != null && (cs >= 0 || ct >= 0)) {
      // AV1 says per frame which decode targets need it: the one of the chosen spatial layer at
      // the chosen frame rate.
      int dt =
          p.av1Structure.decodeTargetAtOrBelow(
              cs >= 0 ? cs : p.av1Structure.maxSpatialId(),
              ct >= 0 ? ct : p.av1Structure.maxTemporalId());
      return dt < 0 || p.av1.isNeededFor(dt);
    }
    if (ct >= 0 && p.temporal > ct) {
      return false;
    }
    if (cs < 0 || p.spatial < 0) {
      return true;
    }
    if (p.spatial > cs) {
      return false;
    }
    return p.spatial == cs || !p.predicted || interLayerDeltas;
  }

  private void switchTo(PacketInfo p, long nowNanos) {
    byte[] b = p.packet().buffer();
    int o = p.packet().offset();
    int len = p.packet().length();
    int seq = RtpHeader.sequenceNumber(b, o);
    long ts = RtpHeader.timestamp(b, o);
    if (haveOutput && switchedLayer >= 0 && p.layer != switchedLayer) {
      switches.increment();
    }
    switchedLayer = p.layer;
    currentLayer = p.layer;
    currentSpatial = targetSpatial;
    currentTemporal = targetTemporal;
    switchSeq = seq;
    highestInSeq = (seq - 1) & 0xffff;
    java.util.Arrays.fill(outSeqOf, -1);
    interLayerDeltas = false;
    if (!haveOutput) {
      seqDelta = 0;
      tsDelta = 0;
      picIdDelta = 0;
      tl0Delta = 0;
      frameDelta = 0;
      return;
    }
    seqDelta = (lastOutSeq + 1 - seq) & 0xffff;
    long elapsedUnits =
        Math.max(1, Math.min(MAX_TS_GAP, (nowNanos - lastOutNanos) * 90 / 1_000_000));
    tsDelta = (lastOutTs + elapsedUnits - ts) & 0xffffffffL;
    int payload = o + RtpHeader.headerLength(b, o, len);
    int payloadLen = RtpHeader.payloadLength(b, o, len);
    int pid = pictureId(p.codec, b, payload, payloadLen);
    if (pid >= 0 && lastOutPicId >= 0) {
      picIdDelta = lastOutPicId + 1 - pid;
    }
    int tl0 = tl0PicIdx(p.codec, b, payload, payloadLen);
    if (tl0 >= 0 && lastOutTl0 >= 0) {
      tl0Delta = lastOutTl0 + 1 - tl0;
    }
    if (p.av1DescriptorAt >= 0 && lastOutFrame >= 0) {
      frameDelta = lastOutFrame + 1 - Av1DependencyDescriptor.frameNumber(b, o + p.av1DescriptorAt);
    }
  }

  private void rewrite(PacketInfo p, int outSeq, long nowNanos) {
    Packet k = p.packet();
    byte[] b = k.buffer();
    int o = k.offset();
    int len = k.length();
    long outTs = (RtpHeader.timestamp(b, o) + tsDelta) & 0xffffffffL;
    RtpHeader.setSequenceNumber(b, o, outSeq);
    RtpHeader.setTimestamp(b, o, outTs);
    RtpHeader.setSsrc(b, o, primarySsrc);
    int payload = o + RtpHeader.headerLength(b, o, len);
    int payloadLen = RtpHeader.payloadLength(b, o, len);
    int pid = pictureId(p.codec, b, payload, payloadLen);
    if (pid >= 0) {
      boolean longId =
          p.codec == VideoCodec.VP9
              ? Vp9Descriptor.hasLongPictureId(b, payload, payloadLen)
              : Vp8Descriptor.hasLongPictureId(b, payload, payloadLen);
      int outPid = (pid + picIdDelta) & (longId ? 0x7fff : 0x7f);
      if (p.codec == VideoCodec.VP9) {
        Vp9Descriptor.setPictureId(b, payload, payloadLen, outPid);
      } else {
        Vp8Descriptor.setPictureId(b, payload, payloadLen, outPid);
      }
      lastOutPicId = outPid;
    }
    int tl0 = tl0PicIdx(p.codec, b, payload, payloadLen);
    if (tl0 >= 0) {
      int outTl0 = (tl0 + tl0Delta) & 0xff;
      if (p.codec == VideoCodec.VP9) {
        Vp9Descriptor.setTl0PicIdx(b, payload, payloadLen, outTl0);
      } else {
        Vp8Descriptor.setTl0PicIdx(b, payload, payloadLen, outTl0);
      }
      lastOutTl0 = outTl0;
    }
    if (p.av1DescriptorAt >= 0) {
      int at = o + p.av1DescriptorAt;
      int outFrame = (Av1DependencyDescriptor.frameNumber(b, at) + frameDelta) & 0xffff;
      Av1DependencyDescriptor.setFrameNumber(b, at, outFrame);
      lastOutFrame = outFrame;
    }
    if (currentSpatial >= 0 && p.spatial == currentSpatial && p.endOfFrame) {
      b[o + 1] |= (byte) 0x80; // the chosen layer's frame ends the receiver's picture
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

  private static int pictureId(VideoCodec codec, byte[] b, int payload, int payloadLen) {
    return switch (codec) {
      case VP8 -> Vp8Descriptor.pictureId(b, payload, payloadLen);
      case VP9 -> Vp9Descriptor.pictureId(b, payload, payloadLen);
      default -> -1;
    };
  }

  private static int tl0PicIdx(VideoCodec codec, byte[] b, int payload, int payloadLen) {
    return switch (codec) {
      case VP8 -> Vp8Descriptor.tl0PicIdx(b, payload, payloadLen);
      case VP9 -> Vp9Descriptor.tl0PicIdx(b, payload, payloadLen);
      default -> -1;
    };
  }
}
