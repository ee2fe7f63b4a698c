package org.huddle.videobridge.pipeline;

import java.util.function.Supplier;
import org.huddle.videobridge.srtp.SrtpSession;

/** Encrypts and signs RTP or RTCP for one receiver. */
public final class SrtpEncrypt extends Node {
  private final Supplier<SrtpSession> session;

  public SrtpEncrypt(PipelineStats stats, Supplier<SrtpSession> session) {
    super("srtp-encrypt", stats);
    this.session = session;
  }

  @Override
  protected PacketInfo handle(PacketInfo p) {
    SrtpSession s = session.get();
    if (s == null) {
      return drop("no-keys");
    }
    p.own(null); // encryption writes: never into a packet other receivers share
    boolean rtcp = p.packetClass == org.huddle.rtp.PacketClass.RTCP;
    boolean ok = rtcp ? s.protectRtcp(p.packet()) : s.protectRtp(p.packet());
    return ok ? p : drop("failed");
  }
}
