package org.huddle.videobridge.rtcp;

/**
 * A receiver's downlink estimate from transport-wide feedback, in the spirit of Google Congestion
 * Control (draft-ietf-rmcat-gcc-02): a loss-based controller (§6) and a delay-based one that
 * watches whether packets arrive spread out more than they were sent (queues growing, §5). It is
 * deliberately small: decrease on loss over 10% or on a growing queue, increase by 8% a second
 * while neither happens.
 */
public final class BandwidthEstimator {
  private static final int HISTORY = 4096;
  private static final long OVERUSE_MICROS = 12_000;

  private final long minBps;
  private final long[] sentNanos = new long[HISTORY];
  private final int[] sentBytes = new int[HISTORY];
  private final int[] sentSeq = new int[HISTORY];
  private double estimateBps;
  private long lastUpdateNanos;
  private boolean hasFeedback;

  // Scratch for one feedback message.
  private int fbLost;
  private int fbReceived;
  private long fbBytes;
  private long fbFirstArrival = -1;
  private long fbLastArrival = -1;
  private long fbPrevArrival = -1;
  private long fbPrevSent = -1;
  private long fbDelayGrowthMicros;

  public BandwidthEstimator(long initialBps, long minBps) {
    this.estimateBps = initialBps;
    this.minBps = minBps;
  }

  /** Notes a packet sent with transport-wide sequence number {@code seq}. */
  public synchronized void sent(int seq, int bytes, long nowNanos) {
    int slot = seq & (HISTORY - 1);
    sentSeq[slot] = seq;
    sentNanos[slot] = nowNanos;
    sentBytes[slot] = bytes;
  }

  /** Starts reading one feedback message. */
  public synchronized void beginFeedback() {
    fbLost = 0;
    fbReceived = 0;
    fbBytes = 0;
    fbFirstArrival = -1;
    fbLastArrival = -1;
    fbPrevArrival = -1;
    fbPrevSent = -1;
    fbDelayGrowthMicros = 0;
  }

  /** One packet of the feedback message. */
  public synchronized void feedback(int seq, long arrivalMicros) {
    int slot = seq & (HISTORY - 1);
    if (sentSeq[slot] != seq || sentNanos[slot] == 0) {
      return; // not ours or too old
    }
    if (arrivalMicros < 0) {
      fbLost++;
      return;
    }
    fbReceived++;
    fbBytes += sentBytes[slot];
    long sentMicros = sentNanos[slot] / 1000;
    if (fbFirstArrival < 0) {
      fbFirstArrival = arrivalMicros;
    }
    fbLastArrival = arrivalMicros;
    if (fbPrevArrival >= 0) {
      fbDelayGrowthMicros += (arrivalMicros - fbPrevArrival) - (sentMicros - fbPrevSent);
    }
    fbPrevArrival = arrivalMicros;
    fbPrevSent = sentMicros;
  }

  /** Ends the message and updates the estimate. */
  public synchronized void endFeedback(long nowNanos) {
    int total = fbLost + fbReceived;
    if (total == 0) {
      return;
    }
    double loss = (double) fbLost / total;
    long spanMicros = fbLastArrival - fbFirstArrival;
    double receiveBps = spanMicros > 0 ? fbBytes * 8e6 / spanMicros : -1;
    double elapsed = lastUpdateNanos == 0 ? 0 : (nowNanos - lastUpdateNanos) / 1e9;
    lastUpdateNanos = nowNanos;
    hasFeedback = true;
    if (loss > 0.10) {
      estimateBps *= 1 - 0.5 * loss;
    } else if (fbDelayGrowthMicros > OVERUSE_MICROS && receiveBps > 0) {
      estimateBps = Math.min(estimateBps, 0.85 * receiveBps);
    } else if (loss < 0.02) {
      estimateBps *= Math.pow(1.08, Math.min(elapsed, 1.0));
    }
    estimateBps = Math.max(minBps, estimateBps);
  }

  /** The current estimate in bits per second. */
  public synchronized long estimateBps() {
    return (long) estimateBps;
  }

  /** Sets the estimate, as a receiver's {@code assumedBandwidthBps} asks. */
  public synchronized void assume(long bps) {
    estimateBps = Math.max(minBps, bps);
  }

  public synchronized boolean hasFeedback() {
    return hasFeedback;
  }
}
