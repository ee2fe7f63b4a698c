package org.huddle.videobridge.pipeline;

import org.huddle.videobridge.rtp.Packet;
import org.huddle.videobridge.rtp.PacketClass;

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

  /** Set by {@code Vp8Parser}. */
  public boolean keyFrame;

  /** Set by {@code Vp8Parser}: the payload is VP8, so its descriptor may be rewritten. */
  public boolean vp8;

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
    c.vp8 = vp8;
    c.audioLevel = audioLevel;
    return c;
  }
}
