package org.huddle.xmpp.codec;

import java.time.Duration;

/**
 * How much parsing one connection may ask of its event loop: a token bucket of parse work units
 * ({@link XmlStreamParser#work()}: one a byte, plus a weight for each element, attribute and
 * namespace declaration, so that a unit costs about the same whatever the input).
 *
 * <p>The bucket holds {@code burst} worth of the rate and refills at the rate. A connection is
 * charged after each read has been parsed, so the balance may go below zero; the answer is then how
 * long to stop reading from it, until the balance is back to zero. A connection that stays in debt
 * without a break for longer than {@code throttleLimit} (its bucket never refilled to full in
 * between: it sent at the rate or above all that time) is refused with {@code policy-violation}.
 *
 * <p>Not thread-safe: a connection keeps its own, on its event loop. Time comes from the caller, so
 * tests need no clock.
 */
public final class ParseBudget {
  /**
   * @param unitsPerSecond the sustained rate; 0 means no budget
   * @param burst how much may be parsed at once, as time at the rate
   * @param throttleLimit how long a connection may stay throttled without a break
   */
  public record Limits(long unitsPerSecond, Duration burst, Duration throttleLimit) {
    /**
     * 8 Mi units a second (8 MiB/s of plain text, or about 100,000 small elements), a second of
     * burst, 30 seconds of throttling. On the 2-core benchmark machine a unit costs 0.6–2.3 ns, so
     * one connection gets at most a few percent of a core; Jitsi's busiest client, the focus, sends
     * tens of kilobytes a second.
     */
    public static final Limits DEFAULT =
        new Limits(8L << 20, Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** No budget. */
    public static final Limits NONE = new Limits(0, Duration.ofSeconds(1), Duration.ofSeconds(30));

    public Limits {
      if (unitsPerSecond < 0 || burst.isNegative() || throttleLimit.isNegative()) {
        throw new IllegalArgumentException("negative parse budget");
      }
    }
  }

  private static final long NOT_THROTTLED = Long.MIN_VALUE;

  private final Limits limits;
  private final double capacity;
  private double balance;
  private long lastNanos;
  private long throttledSince = NOT_THROTTLED;

  /**
   * @param nowNanos the clock's current reading, in the clock later calls use
   */
  public ParseBudget(Limits limits, long nowNanos) {
    this.limits = limits;
    this.capacity = Math.max(1.0, limits.unitsPerSecond() * (limits.burst().toNanos() / 1e9));
    this.balance = capacity;
    this.lastNanos = nowNanos;
  }

  /**
   * Charges {@code units} of work done at {@code nowNanos}.
   *
   * @return how long to stop reading; zero to go on
   * @throws StreamError {@code policy-violation} when the connection has been throttled for longer
   *     than the limit without a break
   */
  public Duration charge(long units, long nowNanos) throws StreamError {
    if (limits.unitsPerSecond() == 0) {
      return Duration.ZERO;
    }
    refill(nowNanos);
    if (balance >= capacity) {
      throttledSince = NOT_THROTTLED;
    }
    balance -= units;
    if (balance >= 0) {
      return Duration.ZERO;
    }
    if (throttledSince == NOT_THROTTLED) {
      throttledSince = nowNanos;
    } else if (nowNanos - throttledSince > limits.throttleLimit().toNanos()) {
      throw new StreamError(
          StreamError.Condition.POLICY_VIOLATION,
          "parse budget exceeded for more than " + limits.throttleLimit().toSeconds() + " s");
    }
    return waitAt(nowNanos);
  }

  /** How long from {@code nowNanos} until the balance is back to zero; zero if it is not below. */
  public Duration waitAt(long nowNanos) {
    if (limits.unitsPerSecond() == 0) {
      return Duration.ZERO;
    }
    refill(nowNanos);
    if (balance >= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil(-balance / limits.unitsPerSecond() * 1e9));
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed > 0) {
      balance = Math.min(capacity, balance + elapsed * (limits.unitsPerSecond() / 1e9));
      lastNanos = nowNanos;
    }
  }
}
