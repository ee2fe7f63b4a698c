package org.huddle.xmpp.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down repeated authentication failures from one address: after {@code freeFailures} failures
 * within the window, each further failure is answered only after a delay that doubles up to {@code
 * maxDelay}. A success clears the address.
 *
 * <p>Memory is bounded: entries expire with the window, and past {@code maxTracked} addresses the
 * oldest are purged.
 */
public final class AuthThrottle {
  private record Failures(int count, long firstMillis) {}

  private final int freeFailures;
  private final Duration window;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final int maxTracked;
  private final Clock clock;
  private final ConcurrentHashMap<String, Failures> byAddress = new ConcurrentHashMap<>();

  public AuthThrottle(
      int freeFailures, Duration window, Duration baseDelay, Duration maxDelay, Clock clock) {
    this.freeFailures = freeFailures;
    this.window = window;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.maxTracked = 100_000;
    this.clock = clock;
  }

  /** Records a failure and returns how long to wait before answering it. */
  public Duration failure(String address) {
    long now = clock.millis();
    Failures f =
        byAddress.compute(
            address,
            (a, old) ->
                old == null || now - old.firstMillis() > window.toMillis()
                    ? new Failures(1, now)
                    : new Failures(old.count() + 1, old.firstMillis()));
    if (byAddress.size() > maxTracked) {
      purge(now);
    }
    int over = f.count() - freeFailures;
    if (over <= 0) {
      return Duration.ZERO;
    }
    long delay = baseDelay.toMillis() << Math.min(over - 1, 20);
    return Duration.ofMillis(Math.min(delay, maxDelay.toMillis()));
  }

  /** Clears an address after a successful login. */
  public void success(String address) {
    byAddress.remove(address);
  }

  /** How many addresses are tracked (for metrics and tests). */
  public int tracked() {
    return byAddress.size();
  }

  private void purge(long now) {
    byAddress.entrySet().removeIf(e -> now - e.getValue().firstMillis() > window.toMillis());
    if (byAddress.size() > maxTracked) {
      byAddress.clear(); // under a flood of distinct addresses, forgetting is safer than growing
    }
  }
}
