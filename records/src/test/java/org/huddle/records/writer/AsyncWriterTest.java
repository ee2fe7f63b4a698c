package org.huddle.records.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The queue's own rules, with a list for a sink. */
class AsyncWriterTest {
  private final List<Integer> sink = new CopyOnWriteArrayList<>();
  private final AtomicBoolean up = new AtomicBoolean(true);

  private void write(List<Integer> batch) {
    if (!up.get()) {
      throw new IllegalStateException("away");
    }
    if (batch.contains(-13)) {
      throw new IllegalArgumentException("-13 is refused");
    }
    sink.addAll(batch);
  }

  private AsyncWriter<Integer> writer(int capacity) {
    return new AsyncWriter<>(
        "test", capacity, this::write, up::get, Duration.ofMillis(10), Duration.ofMillis(40));
  }

  @Test
  void itemsAreWrittenInTheOrderOffered() throws Exception {
    try (AsyncWriter<Integer> w = writer(1000)) {
      for (int i = 0; i < 600; i++) {
        assertThat(w.offer(i)).isTrue();
      }
      await(() -> w.written() == 600);
    }
    assertThat(sink).hasSize(600).isSorted();
  }

  @Test
  void aBadItemIsRejectedAloneAndItsNeighboursAreWritten() throws Exception {
    try (AsyncWriter<Integer> w = writer(100)) {
      for (int i : new int[] {10, 11, 12, -13, 14, 15}) {
        w.offer(i);
      }
      await(() -> w.written() + w.rejected() == 6);
      assertThat(w.rejected()).isEqualTo(1);
    }
    assertThat(sink).containsExactly(10, 11, 12, 14, 15);
  }

  @Test
  void anOutageHoldsTheItemsAndTheOverflowIsCounted() throws Exception {
    up.set(false);
    try (AsyncWriter<Integer> w = writer(5)) {
      w.offer(0);
      await(w::down);
      for (int i = 1; i <= 8; i++) {
        w.offer(i);
      }
      assertThat(w.dropped()).isEqualTo(3);
      assertThat(w.pending()).isEqualTo(5);
      assertThat(sink).isEmpty();
      up.set(true);
      await(() -> w.written() == 6);
      assertThat(w.down()).isFalse();
      assertThat(w.outages()).isEqualTo(1);
    }
    assertThat(sink).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void closingWritesWhatIsQueuedAndRefusesMore() throws Exception {
    AsyncWriter<Integer> w = writer(100);
    for (int i = 0; i < 50; i++) {
      w.offer(i);
    }
    w.close(Duration.ofSeconds(10));
    assertThat(sink).hasSize(50);
    assertThat(w.offer(99)).isFalse();
    assertThat(w.dropped()).isEqualTo(1);
  }

  @Test
  void closingDuringAnOutageGivesUpAndCountsWhatIsLost() throws Exception {
    up.set(false);
    AsyncWriter<Integer> w = writer(100);
    for (int i = 0; i < 20; i++) {
      w.offer(i);
    }
    await(w::down);
    w.close(Duration.ofMillis(300));
    assertThat(sink).isEmpty();
    assertThat(w.dropped()).isEqualTo(20);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
