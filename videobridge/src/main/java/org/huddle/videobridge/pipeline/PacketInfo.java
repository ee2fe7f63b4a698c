package org.huddle.videobridge.pipeline;

import org.huddle.rtp.Av1DependencyDescriptor;
import org.huddle.rtp.Av1TemplateStructure;
import org.huddle.rtp.PacketClass;
import org.huddle.rtp.VideoCodec;
import org.huddle.videobridge.packet.Packet;

/**
 * A packet moving through a pipeline, with what the nodes before learned about it. Fields are set
 * by the node named beside them and read by later nodes; nothing else belongs here.
 */
public final class PacketInfo {
  private Packet packet;
  private final long receivedNanos;

  /**
   * True while {@link #packet} is another pipeline's packet, shared read-only by a fan-out ({@link
   * #share}): {@link #own} before writing to it.
   */
  private boolean shared;

  /** The shared packet this one's bytes were copied from by {@link #own}; null when none. */
  private Packet source;

  /** Set by the demux. */
  public PacketClass packetClass = PacketClass.UNKNOWN;

  /** The endpoint that sent it into the bridge; set at ingress. */
  public String senderId;

  /** RTP facts, set by {@code RtpParser}. */
  public long ssrc = -1;

  public int sequenceNumber = -1;
  public int payloadType = -1;
  public boolean audio;

  /** Set by {@code SourceResolver}: the simulcast layer index of {@link #ssrc}, 0 the lowest. */
  public int layer = -1;

  /** Set by {@code SourceResolver}: the source's primary (first SIM) SSRC. */
  public long primarySsrc = -1;

  /**
   * Set by {@code CodecParser}: a receiver may start or switch to this stream here (a key frame;
   * for H.264 also the parameter sets sent just before one).
   */
  public boolean keyFrame;

  /** Set by {@code CodecParser}: the payload's codec, whose descriptor may be rewritten. */
  public VideoCodec codec = VideoCodec.NONE;

  /** Set by {@code CodecParser}: the spatial layer (VP9, AV1) within the SSRC, -1 when none. */
  public int spatial = -1;

  /** Set by {@code CodecParser}: the temporal layer, -1 when unknown. */
  public int temporal = -1;

  /** Set by {@code CodecParser}: the packet ends a frame of its spatial layer (VP9 E, AV1). */
  public boolean endOfFrame;

  /**
   * Set by {@code CodecParser}: the frame references earlier pictures (VP9 P, AV1 frame with
   * fdiffs); the lower spatial layers of a picture that does not are part of a key picture.
   */
  public boolean predicted;

  /**
   * Set by {@code CodecParser}: VP9 with inter-layer prediction in delta pictures (full SVC), so
   * every lower spatial layer must be forwarded, not only those of key pictures.
   */
  public boolean interLayerDeltas;

  /**
   * Set by {@code CodecParser}: where the AV1 dependency descriptor's data starts, relative to the
   * packet's offset; -1 when absent.
   */
  public int av1DescriptorAt = -1;

  /** Set by {@code CodecParser}: the AV1 dependency descriptor, and the structure it refers to. */
  public Av1DependencyDescriptor av1;

  public Av1TemplateStructure av1Structure;

  /** Set by {@code AudioLevelReader}, -1 when absent. */
  public int audioLevel = -1;

  /** Set by the NACK responder: already projected, not to be cached again. */
  public boolean retransmission;

  public PacketInfo(Packet packet, long receivedNanos) {
    this.packet = packet;
    this.receivedNanos = receivedNanos;
  }

  public Packet packet() {
    return packet;
  }

  public long receivedNanos() {
    return receivedNanos;
  }

  /** A copy with its own bytes, for fan-out: each receiver rewrites and encrypts its own. */
  public PacketInfo copy() {
    PacketInfo c = new PacketInfo(packet.copy(), receivedNanos);
    c.copyFields(this);
    return c;
  }

  /**
   * For fan-out: the same facts over the same bytes, which stay read-only for the receiver until it
   * calls {@link #own} (the first node that writes does): the receiver copies them into a buffer of
   * its own that it reuses, instead of the router allocating a copy per receiver.
   */
  public PacketInfo share() {
    PacketInfo c = new PacketInfo(packet, receivedNanos);
    c.copyFields(this);
    c.shared = true;
    return c;
  }

  /** Whether {@link #packet} is shared read-only (see {@link #share}). */
  public boolean shared() {
    return shared;
  }

  /**
   * Makes the packet this one's own, to write to: a shared packet is copied into {@code reuse}'s
   * buffer (overwriting it) when that has room, else into a new packet. Returns the packet now
   * held, for the caller to offer as {@code reuse} next time.
   */
  public Packet own(Packet reuse) {
    if (shared) {
      source = packet;
      packet = packet.copyInto(reuse);
      shared = false;
    }
    return packet;
  }

  /**
   * The shared packet this one was copied from by {@link #own}, which nobody writes to any more:
   * the bytes past what this receiver rewrote are the same in both. Null when none.
   */
  public Packet source() {
    return source;
  }

  private void copyFields(PacketInfo f) {
    packetClass = f.packetClass;
    senderId = f.senderId;
    ssrc = f.ssrc;
    sequenceNumber = f.sequenceNumber;
    payloadType = f.payloadType;
    audio = f.audio;
    layer = f.layer;
    primarySsrc = f.primarySsrc;
    keyFrame = f.keyFrame;
    codec = f.codec;
    spatial = f.spatial;
    temporal = f.temporal;
    endOfFrame = f.endOfFrame;
    predicted = f.predicted;
    interLayerDeltas = f.interLayerDeltas;
    av1DescriptorAt = f.av1DescriptorAt;
    av1 = f.av1;
    av1Structure = f.av1Structure;
    audioLevel = f.audioLevel;
  }
}
