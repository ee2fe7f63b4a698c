package org.huddle.videobridge.pipeline;

import java.util.function.Supplier;
import org.huddle.videobridge.srtp.SrtpSession;

/** Authenticates and decrypts SRTP or SRTCP; drops what fails, by reason. */
public final class SrtpDecrypt extends Node {
  private final Supplier<SrtpSession> session;
  private final boolean rtcp;

  public SrtpDecrypt(PipelineStats stats, Supplier<SrtpSession> session, boolean rtcp) {
    super(rtcp ? "srtcp-decrypt" : "srtp-decrypt", stats);
    this.session = session;
    this.rtcp = rtcp;
  }

  @Override
  protected PacketInfo handle(PacketInfo p) {
    SrtpSession s = session.get();
    if (s == null) {
      return drop("no-keys");
    }
    SrtpSession.Result r = rtcp ? s.unprotectRtcp(p.packet()) : s.unprotectRtp(p.packet());
    return switch (r) {
      case OK -> p;
      case AUTH_FAILED -> drop("auth-failed");
      case REPLAYED -> drop("replayed");
      case MALFORMED -> drop("malformed");
    };
  }
}
