package org.huddle.videobridge.rtcp;

/**
 * A sliding one-second bitrate over 100 ms buckets, for what each simulcast layer costs. Cheap
 * enough to update per packet; reads are rare.
 */
public final class BitrateMeter {
  private static final int BUCKETS = 10;
  private static final long BUCKET_NANOS = 100_000_000L;

  private final long[] bytes = new long[BUCKETS];
  private long currentBucket = -1;

  public synchronized void add(int size, long nowNanos) {
    advance(nowNanos);
    bytes[(int) (currentBucket % BUCKETS)] += size;
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
    long sum = 0;
    for (long b : bytes) {
      sum += b;
    }
    return sum * 8;
  }
}
