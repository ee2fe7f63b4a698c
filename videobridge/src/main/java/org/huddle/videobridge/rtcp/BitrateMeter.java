package org.huddle.videobridge.rtcp;

/**
 * A sliding one-second bitrate over 100 ms buckets, for what each simulcast layer costs. Cheap
 * enough to update per packet; reads are rare.
 *
 * <p>In the first second of a stream (or after a second of silence) the window is only partly
 * filled, so {@link #bps} undercounts; {@link #isFull} says when it no longer does.
 */
public final class BitrateMeter {
  private static final int BUCKETS = 10;
  private static final long BUCKET_NANOS = 100_000_000L;
  static final long WINDOW_NANOS = BUCKETS * BUCKET_NANOS;

  private final long[] bytes = new long[BUCKETS];
  private long currentBucket = -1;
  private long runStartNanos = -1;

  public synchronized void add(int size, long nowNanos) {
    advance(nowNanos);
    if (runStartNanos < 0 || sum() == 0) {
      runStartNanos = nowNanos;
    }
    bytes[(int) (currentBucket % BUCKETS)] += size;
  }

  /**
   * Whether packets have been arriving, with no silent second, for at least the whole window, so
   * that {@link #bps} measures a full second.
   */
  public synchronized boolean isFull(long nowNanos) {
    advance(nowNanos);
    return runStartNanos >= 0 && sum() > 0 && nowNanos - runStartNanos >= WINDOW_NANOS;
  }

  private long sum() {
    long sum = 0;
    for (long b : bytes) {
      sum += b;
    }
    return sum;
  }

  private void advance(long nowNanos) {
    long bucket = nowNanos / BUCKET_NANOS;
    if (currentBucket < 0) {
      currentBucket = bucket;
      return;
    }
    for (long b = currentBucket + 1; b <= bucket && b <= currentBucket + BUCKETS; b++) {
      bytes[(int) (b % BUCKETS)] = 0;
    }
    currentBucket = Math.max(currentBucket, bucket);
  }

  /** Bits per second over the last second. */
  public synchronized long bps(long nowNanos) {
    advance(nowNanos);
    return sum() * 8;
  }
}
