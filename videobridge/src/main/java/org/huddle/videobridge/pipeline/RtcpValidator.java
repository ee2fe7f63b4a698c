package org.huddle.videobridge.pipeline;

import org.huddle.rtp.Rtcp;
import org.huddle.videobridge.packet.Packet;

/** Drops RTCP compound packets whose headers or lengths do not add up (RFC 3550 §6.1). */
public final class RtcpValidator extends Node {
  public RtcpValidator(PipelineStats stats) {
    super("rtcp-validator", stats);
  }

  @Override
  protected PacketInfo handle(PacketInfo p) {
    Packet k = p.packet();
    return Rtcp.validate(k.buffer(), k.offset(), k.length()) ? p : drop("malformed");
  }
}
