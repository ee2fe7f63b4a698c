package org.huddle.videobridge.rtcp;

import java.util.TreeMap;
import org.huddle.rtp.TransportCc;

/**
 * Records when packets with a transport-wide sequence number arrived from one sender, and turns
 * them into feedback messages (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) for the
 * sender's congestion controller. Pending arrivals are bounded; the oldest go first.
 */
public final class TransportCcRecorder {
  private static final int MAX_PENDING = 2000;
  private static final int MAX_SPAN = 1000;

  private long originNanos = Long.MIN_VALUE;
  private final TreeMap<Long, Long> pending = new TreeMap<>();
  private long highestUnwrapped = -1;
  private long nextToReport = -1;
  private int feedbackCount;

  /** Notes an arrival. */
  public synchronized void record(int seq, long arrivalNanos) {
    long unwrapped = unwrap(seq);
    if (nextToReport >= 0 && unwrapped < nextToReport) {
      return; // already reported as lost; a late arrival cannot be reported again
    }
    if (originNanos == Long.MIN_VALUE) {
      originNanos = arrivalNanos; // times in feedback are relative; keep them small and positive
    }
    pending.put(unwrapped, (arrivalNanos - originNanos) / 1000 + 1_000_000_000L);
    while (pending.size() > MAX_PENDING) {
      pending.pollFirstEntry();
    }
  }

  private long unwrap(int seq) {
    if (highestUnwrapped < 0) {
      highestUnwrapped = seq;
      return seq;
    }
    long base = highestUnwrapped & ~0xffffL;
    long candidate = base | seq;
    if (candidate - highestUnwrapped > 0x8000) {
      candidate -= 0x10000;
    } else if (highestUnwrapped - candidate > 0x8000) {
      candidate += 0x10000;
    }
    highestUnwrapped = Math.max(highestUnwrapped, candidate);
    return candidate;
  }

  /**
   * Writes feedback for what arrived since the last call.
   *
   * @return bytes written, 0 when there is nothing to report
   */
  public synchronized int writeFeedback(byte[] buf, int off, long senderSsrc, long mediaSsrc) {
    if (pending.isEmpty()) {
      return 0;
    }
    long first = pending.firstKey();
    if (nextToReport >= 0 && nextToReport < first && first - nextToReport < MAX_SPAN) {
      first = nextToReport; // report the gap as lost
    }
    long last = Math.min(pending.lastKey(), first + MAX_SPAN - 1);
    long[] arrivals = new long[(int) (last - first + 1)];
    for (int i = 0; i < arrivals.length; i++) {
      Long a = pending.remove(first + i);
      arrivals[i] = a == null ? -1 : a;
    }
    nextToReport = last + 1;
    int len =
        TransportCc.write(
            buf, off, senderSsrc, mediaSsrc, (int) (first & 0xffff), arrivals, feedbackCount++);
    return len;
  }
}
