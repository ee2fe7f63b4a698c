package org.huddle.videobridge.pipeline;

import org.huddle.rtp.Bytes;
import org.huddle.rtp.RtpHeader;
import org.huddle.videobridge.packet.Packet;

/**
 * Turns RTX retransmissions (RFC 4588 §4) back into the packets they carry: the original sequence
 * number (OSN) from the first two payload bytes, the associated payload type and the primary SSRC.
 * Receivers then see one stream, and the bridge answers their NACKs itself.
 */
public final class RtxTermination extends Node {
  /** Maps of the sender's RTX SSRCs and payload types. */
  public interface RtxMap {
    /** The primary SSRC an RTX SSRC repairs, or -1 when {@code ssrc} is not RTX. */
    long primaryOf(long rtxSsrc);

    /** The payload type an RTX payload type carries (its {@code apt}), or -1. */
    int associatedPayloadType(int rtxPayloadType);
  }

  private final RtxMap map;

  public RtxTermination(PipelineStats stats, RtxMap map) {
    super("rtx-termination", stats);
    this.map = map;
  }

  @Override
  protected PacketInfo handle(PacketInfo p) {
    int apt = map.associatedPayloadType(p.payloadType);
    if (apt < 0) {
      return p;
    }
    long primary = map.primaryOf(p.ssrc);
    if (primary < 0) {
      return drop("unknown-rtx-ssrc");
    }
    Packet k = p.packet();
    byte[] b = k.buffer();
    int o = k.offset();
    int header = RtpHeader.headerLength(b, o, k.length());
    if (RtpHeader.payloadLength(b, o, k.length()) < 2) {
      return drop("padding-only"); // RTX padding probes carry no packet
    }
    int osn = Bytes.u16(b, o + header);
    System.arraycopy(b, o + header + 2, b, o + header, k.length() - header - 2);
    k.setLength(k.length() - 2);
    RtpHeader.setSequenceNumber(b, o, osn);
    RtpHeader.setSsrc(b, o, primary);
    RtpHeader.setPayloadType(b, o, apt);
    p.ssrc = primary;
    p.sequenceNumber = osn;
    p.payloadType = apt;
    return p;
  }
}
