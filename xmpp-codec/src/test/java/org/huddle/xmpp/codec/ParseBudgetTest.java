package org.huddle.xmpp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.huddle.xmpp.codec.StreamError.Condition;
import org.junit.jupiter.api.Test;

/** The parse budget, on a clock the test moves by hand. */
class ParseBudgetTest {
  static final long SECOND = 1_000_000_000L;
  static final ParseBudget.Limits THOUSAND_A_SECOND =
      new ParseBudget.Limits(1000, Duration.ofSeconds(1), Duration.ofSeconds(30));

  long now = 42 * SECOND;

  @Test
  void aFullBucketTakesAWholeBurstWithoutAPause() throws Exception {
    ParseBudget b = new ParseBudget(THOUSAND_A_SECOND, now);
    assertThat(b.charge(1000, now)).isZero();
  }

  @Test
  void overdrawingPausesUntilTheBalanceIsBackToZero() throws Exception {
    ParseBudget b = new ParseBudget(THOUSAND_A_SECOND, now);
    assertThat(b.charge(1500, now)).isEqualTo(Duration.ofMillis(500));
    assertThat(b.waitAt(now + SECOND / 5)).isEqualTo(Duration.ofMillis(300));
    assertThat(b.waitAt(now + SECOND / 2)).isZero();
  }

  @Test
  void refillsAtTheRateButNeverBeyondTheBurst() throws Exception {
    ParseBudget b = new ParseBudget(THOUSAND_A_SECOND, now);
    b.charge(1000, now);
    now += 60 * SECOND;
    assertThat(b.charge(1000, now)).as("a minute of silence buys one burst").isZero();
    assertThat(b.charge(100, now)).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void aClientThatKeepsSendingAboveTheRateIsRefusedAfterTheThrottleLimit() {
    ParseBudget b = new ParseBudget(THOUSAND_A_SECOND, now);
    long start = now;
    assertThatThrownBy(
            () -> {
              // Twice the rate: every time reading resumes, another 2 seconds' worth arrives.
              for (int i = 0; i < 1000; i++) {
                Duration pause = b.charge(2000, now);
                now += pause.toNanos();
              }
            })
        .isInstanceOfSatisfying(
            StreamError.class,
            e -> assertThat(e.condition()).isEqualTo(Condition.POLICY_VIOLATION));
    assertThat(now - start).isGreaterThan(30 * SECOND).isLessThan(40 * SECOND);
  }

  @Test
  void aBreakLongEnoughToRefillTheBucketForgivesEarlierThrottling() throws Exception {
    ParseBudget b = new ParseBudget(THOUSAND_A_SECOND, now);
    long end = now + 100 * SECOND;
    while (now < end) {
      // 25 s at twice the rate, then 2 s of silence
      long burstEnd = now + 25 * SECOND;
      while (now < burstEnd) {
        now += b.charge(2000, now).toNanos();
      }
      now += 2 * SECOND;
    }
    assertThat(b.waitAt(now)).isZero();
  }

  @Test
  void noBudgetNeverPauses() throws Exception {
    ParseBudget b = new ParseBudget(ParseBudget.Limits.NONE, now);
    for (int i = 0; i < 100; i++) {
      assertThat(b.charge(Long.MAX_VALUE / 1000, now)).isZero();
    }
  }
}
