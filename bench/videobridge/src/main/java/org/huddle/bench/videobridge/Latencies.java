package org.huddle.bench.videobridge;

import java.util.Arrays;

/** Latency samples in microseconds, kept up to a fixed count; percentiles at the end. */
final class Latencies {
  private final long[] samples;
  private int count;
  private long total;

  Latencies(int capacity) {
    samples = new long[capacity];
  }

  synchronized void add(long micros) {
    total++;
    if (count < samples.length) {
      samples[count++] = micros;
    }
  }

  synchronized long received() {
    return total;
  }

  synchronized void reset() {
    count = 0;
    total = 0;
  }

  /** The p-th percentile (0..100) in microseconds, or -1 with no samples. */
  synchronized long percentile(double p) {
    if (count == 0) {
      return -1;
    }
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    int i = (int) Math.min(count - 1, Math.max(0, Math.ceil(p / 100 * count) - 1));
    return sorted[i];
  }
}
