package org.huddle.xmpp.server.muc.lobby;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How many times one remote address may knock (join a lobby as someone waiting) per window: a fixed
 * window per address, counted from its first knock. Addresses whose window has passed are forgotten
 * when the table grows, so a scan of many addresses costs bounded memory.
 */
final class KnockLimit {
  private static final int PRUNE_AT = 4096;

  private record Window(long start, int count) {}

  private final int limit;
  private final long windowNanos;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  /**
   * @param limit knocks per window; 0 or less for no limit
   * @param window the window's length
   * @param nanoClock a monotonic clock in nanoseconds
   */
  KnockLimit(int limit, Duration window, LongSupplier nanoClock) {
    this.limit = limit;
    this.windowNanos = window.toNanos();
    this.nanoClock = nanoClock;
  }

  /** Counts a knock from {@code address}; false when it is one too many. */
  boolean allow(String address) {
    if (limit <= 0 || address == null) {
      return true;
    }
    long now = nanoClock.getAsLong();
    if (windows.size() > PRUNE_AT) {
      windows.values().removeIf(w -> now - w.start() >= windowNanos);
    }
    Window w =
        windows.compute(
            address,
            (a, old) ->
                old == null || now - old.start() >= windowNanos
                    ? new Window(now, 1)
                    : new Window(old.start(), old.count() + 1));
    return w.count() <= limit;
  }
}
