package org.huddle.xmpp.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The byte rate runs on a clock the test gives it, so every answer is exact. */
class ByteRateTest {
  static final long SECOND = 1_000_000_000L;

  @Test
  void aBurstWithinTheBucketPassesWithoutAPause() {
    ByteRate r = new ByteRate(10_240, Duration.ofSeconds(2), 0);
    assertThat(r.take(20_480, 0)).isZero();
  }

  @Test
  void overTheBucketTheClientPausesForWhatItOwes() {
    ByteRate r = new ByteRate(10_240, Duration.ofSeconds(2), 0);
    assertThat(r.take(20_480 + 5_120, 0)).isEqualTo(Duration.ofMillis(500));
    // More while it owes: the pause grows by the new bytes' worth of time.
    assertThat(r.take(10_240, 0)).isEqualTo(Duration.ofMillis(1_500));
  }

  @Test
  void theBucketRefillsAtTheRateUpToTheBurst() {
    ByteRate r = new ByteRate(1_000, Duration.ofSeconds(1), 0);
    assertThat(r.take(1_000, 0)).isZero();
    assertThat(r.take(500, SECOND / 2)).isZero();
    assertThat(r.take(1, SECOND / 2)).isEqualTo(Duration.ofMillis(1));
    // A long silence refills only up to the burst.
    assertThat(r.take(1_000, 100 * SECOND)).isZero();
    assertThat(r.take(100, 100 * SECOND)).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void aZeroRateLimitsNothing() {
    ByteRate r = new ByteRate(0, Duration.ofSeconds(2), 0);
    assertThat(r.limited()).isFalse();
    assertThat(r.take(100_000_000, 0)).isZero();
  }
}
