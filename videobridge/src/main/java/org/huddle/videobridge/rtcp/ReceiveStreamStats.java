package org.huddle.videobridge.rtcp;

import org.huddle.rtp.Rtcp;

/**
 * Reception statistics of one incoming SSRC, kept as RFC 3550 Appendix A.1, A.3 and A.8 describe
 * (https://www.rfc-editor.org/rfc/rfc3550#appendix-A.3), for the report blocks we send the sender.
 * Confined to the sender's receive thread, except {@link #reportBlock}, which is synchronized.
 */
public final class ReceiveStreamStats {
  private final long ssrc;
  private final int clockRate;
  private int maxSeq = -1;
  private long cycles;
  private long baseSeq;
  private long received;
  private long expectedPrior;
  private long receivedPrior;
  private double jitter;
  private long lastTransitMicros = Long.MIN_VALUE;
  private long lastSrCompact;
  private long lastSrNanos;

  public ReceiveStreamStats(long ssrc, int clockRate) {
    this.ssrc = ssrc;
    this.clockRate = clockRate;
  }

  /** Notes one received packet. */
  public synchronized void received(int seq, long rtpTimestamp, long arrivalNanos) {
    if (maxSeq < 0) {
      maxSeq = seq;
      baseSeq = seq;
    } else {
      int delta = (seq - maxSeq) & 0xffff;
      if (delta < 0x8000) {
        if (seq < maxSeq) {
          cycles += 0x10000;
        }
        maxSeq = seq;
      }
    }
    received++;
    // A.8: interarrival jitter in timestamp units.
    long arrivalUnits = arrivalNanos / 1000 * clockRate / 1_000_000;
    long transit = arrivalUnits - rtpTimestamp;
    if (lastTransitMicros != Long.MIN_VALUE) {
      long d = Math.abs(transit - lastTransitMicros);
      jitter += (d - jitter) / 16.0;
    }
    lastTransitMicros = transit;
  }

  /** Notes a sender report about this SSRC, for LSR and DLSR. */
  public synchronized void senderReport(long compactNtp, long nowNanos) {
    lastSrCompact = compactNtp;
    lastSrNanos = nowNanos;
  }

  public long ssrc() {
    return ssrc;
  }

  public synchronized long packetsReceived() {
    return received;
  }

  /**
   * RFC 3550's cumulative number of packets lost (A.3): expected from the sequence numbers, less
   * those received; never below 0 (duplicates count as received).
   */
  public synchronized long packetsLost() {
    if (maxSeq < 0) {
      return 0;
    }
    long expected = cycles + maxSeq - baseSeq + 1;
    return Math.max(0, expected - received);
  }

  /** A report block for an RR, advancing the "prior" counters of A.3. Null before any packet. */
  public synchronized Rtcp.ReportBlock reportBlock(long nowNanos) {
    if (maxSeq < 0) {
      return null;
    }
    long extendedMax = cycles + maxSeq;
    long expected = extendedMax - baseSeq + 1;
    long lost = expected - received;
    long expectedInterval = expected - expectedPrior;
    long receivedInterval = received - receivedPrior;
    expectedPrior = expected;
    receivedPrior = received;
    long lostInterval = expectedInterval - receivedInterval;
    int fraction =
        expectedInterval == 0 || lostInterval <= 0
            ? 0
            : (int) ((lostInterval << 8) / expectedInterval);
    long dlsr = 0;
    if (lastSrNanos != 0) {
      dlsr = (nowNanos - lastSrNanos) * 65536 / 1_000_000_000L; // units of 1/65536 s
    }
    return new Rtcp.ReportBlock(
        ssrc,
        Math.min(255, fraction),
        (int) Math.max(-0x800000, Math.min(0x7fffff, lost)),
        extendedMax & 0xffffffffL,
        (long) jitter,
        lastSrCompact,
        dlsr & 0xffffffffL);
  }
}
