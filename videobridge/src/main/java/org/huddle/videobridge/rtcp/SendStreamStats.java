package org.huddle.videobridge.rtcp;

import org.huddle.rtp.Rtcp;

/**
 * What we sent on one outgoing SSRC, for the sender reports of RFC 3550 §6.4.1
 * (https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1). The RTP timestamp in a report is the last
 * one sent, advanced by the wall time since at the stream's clock rate.
 */
public final class SendStreamStats {
  /** Seconds from 1900 (NTP epoch) to 1970 (Unix epoch). */
  private static final long NTP_UNIX_OFFSET = 2_208_988_800L;

  private final long ssrc;
  private final int clockRate;
  private long packets;
  private long octets;
  private long lastTimestamp;
  private long lastSentNanos;

  public SendStreamStats(long ssrc, int clockRate) {
    this.ssrc = ssrc;
    this.clockRate = clockRate;
  }

  public synchronized void sent(long rtpTimestamp, int payloadBytes, long nowNanos) {
    packets++;
    octets += payloadBytes;
    lastTimestamp = rtpTimestamp;
    lastSentNanos = nowNanos;
  }

  public synchronized long packets() {
    return packets;
  }

  /**
   * Writes an SR for this stream.
   *
   * @return bytes written, or 0 when nothing was sent yet
   */
  public synchronized int writeSenderReport(byte[] buf, int off, long wallMillis, long nowNanos) {
    if (packets == 0) {
      return 0;
    }
    long seconds = wallMillis / 1000 + NTP_UNIX_OFFSET;
    long fraction = ((wallMillis % 1000) << 32) / 1000;
    long elapsedUnits = (nowNanos - lastSentNanos) / 1000 * clockRate / 1_000_000;
    return Rtcp.writeSenderReport(
        buf,
        off,
        ssrc,
        seconds & 0xffffffffL,
        fraction & 0xffffffffL,
        (lastTimestamp + elapsedUnits) & 0xffffffffL,
        packets & 0xffffffffL,
        octets & 0xffffffffL);
  }
}
