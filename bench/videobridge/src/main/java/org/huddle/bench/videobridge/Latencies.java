package org.huddle.bench.videobridge;

import java.util.Arrays;
import java.util.List;

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

  /** A packet received with no latency sample. */
  synchronized void count() {
    total++;
  }

  synchronized long received() {
    return total;
  }

  synchronized void reset() {
    count = 0;
    total = 0;
  }

  /** The p-th percentile (0..100) in microseconds, or -1 with no samples. */
  long percentile(double p) {
    return percentile(List.of(this), p);
  }

  /** The p-th percentile (0..100) of several sets' samples together, or -1 with none. */
  static long percentile(List<Latencies> sets, double p) {
    long[] all = new long[0];
    for (Latencies l : sets) {
      synchronized (l) {
        int at = all.length;
        all = Arrays.copyOf(all, at + l.count);
        System.arraycopy(l.samples, 0, all, at, l.count);
      }
    }
    if (all.length == 0) {
      return -1;
    }
    Arrays.sort(all);
    int i = (int) Math.min(all.length - 1, Math.max(0, Math.ceil(p / 100 * all.length) - 1));
    return all[i];
  }
}
