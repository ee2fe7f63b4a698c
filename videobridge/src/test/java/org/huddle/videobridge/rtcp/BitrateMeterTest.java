package org.huddle.videobridge.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BitrateMeterTest {
  static final long MS = 1_000_000L;
  static final long T0 = 1_000_000 * MS;

  /** 1000 bytes every 10 ms from {@code from} (inclusive) to {@code to} (exclusive). */
  static void feed(BitrateMeter m, long from, long to) {
    for (long t = from; t < to; t += 10 * MS) {
      m.add(1000, t);
    }
  }

  @Test
  void aFullSecondMeasuresTheRate() {
    BitrateMeter m = new BitrateMeter();
    feed(m, T0, T0 + 2000 * MS);
    assertThat(m.isFull(T0 + 2000 * MS)).isTrue();
    // 100 packets of 8000 bits a second, give or take the bucket at the window's edge.
    assertThat(m.bps(T0 + 2000 * MS)).isBetween(720_000L, 800_000L);
  }

  @Test
  void theFirstSecondUndercountsAndIsNotFull() {
    BitrateMeter m = new BitrateMeter();
    assertThat(m.isFull(T0)).isFalse();
    feed(m, T0, T0 + 200 * MS);
    assertThat(m.bps(T0 + 200 * MS)).isLessThan(200_000L);
    assertThat(m.isFull(T0 + 200 * MS)).isFalse();
    feed(m, T0 + 200 * MS, T0 + 990 * MS);
    assertThat(m.isFull(T0 + 990 * MS)).isFalse();
    feed(m, T0 + 990 * MS, T0 + 1010 * MS);
    assertThat(m.isFull(T0 + 1010 * MS)).isTrue();
  }

  @Test
  void aSilentSecondEmptiesItAndTheNextRunStartsOver() {
    BitrateMeter m = new BitrateMeter();
    feed(m, T0, T0 + 2000 * MS);
    assertThat(m.isFull(T0 + 2000 * MS)).isTrue();
    assertThat(m.bps(T0 + 3500 * MS)).isZero();
    assertThat(m.isFull(T0 + 3500 * MS)).isFalse();
    feed(m, T0 + 3500 * MS, T0 + 3800 * MS);
    assertThat(m.isFull(T0 + 3800 * MS)).isFalse();
    // A pause shorter than the window does not restart the run.
    feed(m, T0 + 4000 * MS, T0 + 4600 * MS);
    assertThat(m.isFull(T0 + 4600 * MS)).isTrue();
  }
}
