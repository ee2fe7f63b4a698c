package org.huddle.focus.conference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class RestartLimitTest {
  static final long SECOND = 1_000_000_000L;
  final RestartLimit limit = new RestartLimit(Duration.ofSeconds(5), 3, Duration.ofSeconds(60));
  final Deque<Long> recent = new ArrayDeque<>();

  @Test
  void refusesARequestSoonerThanTheMinimumInterval() {
    assertThat(limit.allow(recent, 0)).isTrue();
    assertThat(limit.allow(recent, 4 * SECOND)).isFalse();
    assertThat(limit.allow(recent, 5 * SECOND)).isTrue();
  }

  @Test
  void refusesMoreThanTheMaximumWithinTheIntervalAndAllowsAgainAfterIt() {
    assertThat(limit.allow(recent, 0)).isTrue();
    assertThat(limit.allow(recent, 10 * SECOND)).isTrue();
    assertThat(limit.allow(recent, 20 * SECOND)).isTrue();
    assertThat(limit.allow(recent, 30 * SECOND)).isFalse();
    assertThat(limit.allow(recent, 61 * SECOND)).isTrue();
  }
}
