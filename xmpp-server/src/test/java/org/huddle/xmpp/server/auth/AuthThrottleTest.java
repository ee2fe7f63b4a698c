package org.huddle.xmpp.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {
  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final MutableClock clock = new MutableClock();
  final AuthThrottle throttle =
      new AuthThrottle(
          3, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(30), clock);

  @Test
  void letsTheFirstFailuresThroughThenDoublesTheDelayUpToTheCap() {
    assertThat(throttle.failure("10.0.0.1")).isZero();
    assertThat(throttle.failure("10.0.0.1")).isZero();
    assertThat(throttle.failure("10.0.0.1")).isZero();
    assertThat(throttle.failure("10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
    assertThat(throttle.failure("10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
    assertThat(throttle.failure("10.0.0.1")).isEqualTo(Duration.ofSeconds(4));
    for (int i = 0; i < 10; i++) {
      throttle.failure("10.0.0.1");
    }
    assertThat(throttle.failure("10.0.0.1")).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void keepsAddressesApart() {
    for (int i = 0; i < 5; i++) {
      throttle.failure("10.0.0.1");
    }
    assertThat(throttle.failure("10.0.0.2")).isZero();
  }

  @Test
  void forgetsAfterTheWindowAndAfterSuccess() {
    for (int i = 0; i < 5; i++) {
      throttle.failure("a");
      throttle.failure("b");
    }
    clock.now = clock.now.plus(Duration.ofMinutes(11));
    assertThat(throttle.failure("a")).isZero();
    throttle.success("b");
    assertThat(throttle.failure("b")).isZero();
  }
}
