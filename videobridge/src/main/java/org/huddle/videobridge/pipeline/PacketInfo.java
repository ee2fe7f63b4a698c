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
  private final Packet packet;
  private final long receivedNanos;

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
    c.packetClass = packetClass;
    c.senderId = senderId;
    c.ssrc = ssrc;
    c.sequenceNumber = sequenceNumber;
    c.payloadType = payloadType;
    c.audio = audio;
    c.layer = layer;
    c.primarySsrc = primarySsrc;
    c.keyFrame = keyFrame;
    c.codec = codec;
    c.spatial = spatial;
    c.temporal = temporal;
    c.endOfFrame = endOfFrame;
    c.predicted = predicted;
    c.interLayerDeltas = interLayerDeltas;
    c.av1DescriptorAt = av1DescriptorAt;
    c.av1 = av1;
    c.av1Structure = av1Structure;
    c.audioLevel = audioLevel;
    return c;
  }
}
