package org.huddle.videobridge.conference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DominantSpeakerTest {
  static final long TICK = 100_000_000L;

  /** Feeds one evaluation interval: each speaker's level, five packets each. */
  static String tick(DominantSpeaker d, long now, int annLevel, int benLevel) {
    for (int i = 0; i < 5; i++) {
      d.level("ann", annLevel);
      d.level("ben", benLevel);
    }
    return d.evaluate(now);
  }

  @Test
  void theFirstClearSpeakerBecomesDominantAtOnce() {
    DominantSpeaker d = new DominantSpeaker(4 * TICK);
    assertThat(tick(d, TICK, 10, 127)).isEqualTo("ann");
    assertThat(d.dominant()).isEqualTo("ann");
  }

  @Test
  void silenceMakesNobodyDominant() {
    DominantSpeaker d = new DominantSpeaker(4 * TICK);
    for (int i = 1; i < 20; i++) {
      assertThat(tick(d, i * TICK, 127, 127)).isNull();
    }
    assertThat(d.dominant()).isNull();
  }

  @Test
  void aChallengerTakesOverOnlyAfterBeingLouderForTheHoldTime() {
    DominantSpeaker d = new DominantSpeaker(4 * TICK);
    long now = 0;
    for (int i = 0; i < 10; i++) {
      tick(d, now += TICK, 10, 127);
    }
    assertThat(d.dominant()).isEqualTo("ann");
    String changed = null;
    int ticks = 0;
    while (changed == null && ticks < 50) {
      changed = tick(d, now += TICK, 127, 10);
      ticks++;
    }
    assertThat(changed).isEqualTo("ben");
    assertThat(ticks).isGreaterThan(4); // the hold time, plus the decay of ann's activity
    assertThat(d.previousSpeakers()).containsExactly("ann");
  }

  @Test
  void aShortBurstDoesNotStealTheStage() {
    DominantSpeaker d = new DominantSpeaker(10 * TICK);
    long now = 0;
    for (int i = 0; i < 10; i++) {
      tick(d, now += TICK, 10, 127);
    }
    tick(d, now += TICK, 127, 0);
    tick(d, now += TICK, 127, 0);
    for (int i = 0; i < 5; i++) {
      assertThat(tick(d, now += TICK, 10, 127)).isNull();
    }
    assertThat(d.dominant()).isEqualTo("ann");
  }
}
