package org.huddle.videobridge.pipeline;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bridge-wide counters per node name: packets in, out, dropped (by reason) and time spent. Every
 * instance of a node kind, in every endpoint's pipeline, adds to the same counters, so the totals
 * survive endpoints that come and go.
 */
public final class PipelineStats {
  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

  /** Counters that are the sum of two others, read when asked for: name -> the two names. */
  private final Map<String, String[]> sums = new ConcurrentHashMap<>();

  LongAdder counter(String name) {
    return counters.computeIfAbsent(name, k -> new LongAdder());
  }

  /** Declares {@code name} as the sum of counters {@code a} and {@code b}. */
  void sumOf(String name, String a, String b) {
    sums.putIfAbsent(name, new String[] {a, b});
  }

  /** A counter's current value; 0 when it was never touched. */
  public long get(String name) {
    String[] sum = sums.get(name);
    if (sum != null) {
      return get(sum[0]) + get(sum[1]);
    }
    LongAdder a = counters.get(name);
    return a == null ? 0 : a.sum();
  }

  /** Adds to a named counter from outside a node (queues, transports). */
  public void add(String name, long n) {
    counter(name).add(n);
  }

  /** Every counter, sorted by name. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((k, v) -> out.put(k, v.sum()));
    sums.keySet().forEach(k -> out.put(k, get(k)));
    return out;
  }

  /** Sum of every "*.dropped" counter. */
  public long totalDropped() {
    return counters.entrySet().stream()
        .filter(e -> e.getKey().endsWith(".dropped"))
        .mapToLong(e -> e.getValue().sum())
        .sum();
  }
}
