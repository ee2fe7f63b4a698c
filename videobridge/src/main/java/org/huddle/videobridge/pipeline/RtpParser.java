package org.huddle.videobridge.pipeline;

import org.huddle.rtp.RtpHeader;
import org.huddle.videobridge.packet.Packet;

/**
 * Validates the RTP header and records SSRC, sequence number and payload type. Drops packets with a
 * payload type the endpoint did not negotiate.
 */
public final class RtpParser extends Node {
  /** What a payload type was negotiated as. */
  public enum Kind {
    AUDIO,
    VIDEO,
    RTX,
    UNKNOWN
  }

  /** The endpoint's negotiated payload types. */
  @FunctionalInterface
  public interface PayloadTypes {
    Kind kindOf(int payloadType);
  }

  private final PayloadTypes payloadTypes;

  public RtpParser(PipelineStats stats, PayloadTypes payloadTypes) {
    super("rtp-parser", stats);
    this.payloadTypes = payloadTypes;
  }

  @Override
  protected PacketInfo handle(PacketInfo p) {
    Packet k = p.packet();
    byte[] b = k.buffer();
    int o = k.offset();
    if (!RtpHeader.isValid(b, o, k.length())) {
      return drop("malformed");
    }
    p.ssrc = RtpHeader.ssrc(b, o);
    p.sequenceNumber = RtpHeader.sequenceNumber(b, o);
    p.payloadType = RtpHeader.payloadType(b, o);
    Kind kind = payloadTypes.kindOf(p.payloadType);
    if (kind == Kind.UNKNOWN) {
      return drop("unknown-payload-type");
    }
    p.audio = kind == Kind.AUDIO;
    return p;
  }
}
