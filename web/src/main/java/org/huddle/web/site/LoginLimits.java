package org.huddle.web.site;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How many failed logins an address and a name may have: {@link #PER_NAME} per name and {@link
 * #PER_ADDRESS} per address in {@link #WINDOW}. Past either, logins are refused (429) until the
 * oldest failure leaves the window, so guessing a password is slow from one address and slow for
 * one name from many.
 */
final class LoginLimits {
  static final int PER_NAME = 5;
  static final int PER_ADDRESS = 20;
  static final Duration WINDOW = Duration.ofMinutes(15);
  private static final int MAX_KEYS = 100_000;

  private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();
  private final LongSupplier nanos;

  LoginLimits(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** Seconds to wait before trying again, or 0 when a login may be tried now. */
  long retryAfter(String address, String name) {
    long now = nanos.getAsLong();
    return Math.max(wait("a:" + address, PER_ADDRESS, now), wait("n:" + name, PER_NAME, now));
  }

  void failed(String address, String name) {
    long now = nanos.getAsLong();
    if (failures.size() >= MAX_KEYS) {
      failures.values().removeIf(d -> expire(d, now));
    }
    add("a:" + address, now);
    add("n:" + name, now);
  }

  /** A good login forgets the name's failures (not the address's). */
  void succeeded(String name) {
    failures.remove("n:" + name);
  }

  private void add(String key, long now) {
    Deque<Long> d = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (d) {
      d.addLast(now);
    }
  }

  private long wait(String key, int limit, long now) {
    Deque<Long> d = failures.get(key);
    if (d == null) {
      return 0;
    }
    synchronized (d) {
      expire(d, now);
      if (d.size() < limit) {
        return 0;
      }
      long left = d.peekFirst() + WINDOW.toNanos() - now;
      return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
    }
  }

  /** Drops failures older than the window; true when none is left. */
  private static boolean expire(Deque<Long> d, long now) {
    synchronized (d) {
      while (!d.isEmpty() && now - d.peekFirst() >= WINDOW.toNanos()) {
        d.pollFirst();
      }
      return d.isEmpty();
    }
  }
}
