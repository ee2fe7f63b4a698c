package org.huddle.xmpp.server.limits;

import java.time.Duration;

/**
 * A token bucket over bytes, as Prosody's {@code mod_limits} keeps one per connection: it fills at
 * {@code rate} bytes a second up to {@code burst} seconds' worth. Reading may overdraw it; the
 * answer is how long to stop reading so that the balance is back to zero. Not thread-safe: a
 * connection uses its own, on its event loop.
 */
public final class ByteRate {
  private final long bytesPerSecond;
  private final long capacity;
  private double balance;
  private long lastNanos;

  /**
   * @param bytesPerSecond the sustained rate; 0 or less means no limit
   * @param burst how much above the rate may arrive at once, as time at the rate
   * @param nowNanos the clock's current reading ({@link System#nanoTime()})
   */
  public ByteRate(long bytesPerSecond, Duration burst, long nowNanos) {
    this.bytesPerSecond = bytesPerSecond;
    this.capacity = Math.max(1, Math.round(bytesPerSecond * burst.toMillis() / 1000.0));
    this.balance = capacity;
    this.lastNanos = nowNanos;
  }

  /** Whether this bucket limits anything. */
  public boolean limited() {
    return bytesPerSecond > 0;
  }

  /** Takes {@code bytes} that arrived at {@code nowNanos}; returns how long to pause reading. */
  public Duration take(long bytes, long nowNanos) {
    if (!limited()) {
      return Duration.ZERO;
    }
    long elapsed = Math.max(0, nowNanos - lastNanos);
    lastNanos = nowNanos;
    balance = Math.min(capacity, balance + elapsed * (bytesPerSecond / 1e9));
    balance -= bytes;
    if (balance >= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil(-balance / bytesPerSecond * 1e9));
  }
}
