package org.huddle.records.writer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue in front of a slow, sometimes absent sink, drained by one virtual thread.
 *
 * <ul>
 *   <li>{@link #offer} never blocks: when the queue is full the item is dropped and counted.
 *   <li>Items are written in batches, in the order offered.
 *   <li>When a batch fails and the sink is unreachable (an outage), the batch is kept and tried
 *       again with a growing pause, while new items wait in the queue. The outage is logged once,
 *       and its end once.
 *   <li>When a batch fails although the sink is reachable, an item in it is bad: the batch is
 *       written one item at a time, and the items that still fail are rejected, logged and counted,
 *       so one bad item never holds up the rest.
 * </ul>
 *
 * @param <T> the item
 */
public final class AsyncWriter<T> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AsyncWriter.class);

  /** The most items written in one batch. */
  static final int BATCH = 256;

  private final String name;
  private final BlockingQueue<T> queue;
  private final Consumer<List<T>> sink;
  private final BooleanSupplier reachable;
  private final Duration firstPause;
  private final Duration maxPause;
  private final LongAdder written = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder outages = new LongAdder();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean down;
  private volatile boolean closing;

  /**
   * Starts the writer thread.
   *
   * @param name for the thread and the log
   * @param capacity the most items that may wait
   * @param sink writes one batch, or throws
   * @param reachable whether the sink can be reached now (asked after a failure)
   * @param firstPause the pause after the first failed attempt in an outage; it doubles up to
   *     {@code maxPause}
   */
  public AsyncWriter(
      String name,
      int capacity,
      Consumer<List<T>> sink,
      BooleanSupplier reachable,
      Duration firstPause,
      Duration maxPause) {
    if (capacity < 1) {
      throw new IllegalArgumentException(name + ": the buffer holds at least one item");
    }
    this.name = name;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.sink = sink;
    this.reachable = reachable;
    this.firstPause = firstPause;
    this.maxPause = maxPause;
    this.thread = Thread.ofVirtual().name(name + "-writer").start(this::run);
  }

  /** Queues an item; false (and counted as dropped) when the queue is full or closed. */
  public boolean offer(T item) {
    if (closing || !queue.offer(item)) {
      dropped.increment();
      return false;
    }
    return true;
  }

  /** Items written. */
  public long written() {
    return written.sum();
  }

  /** Items dropped because the queue was full (or closed). */
  public long dropped() {
    return dropped.sum();
  }

  /** Items the sink refused although it was reachable. */
  public long rejected() {
    return rejected.sum();
  }

  /** Outages seen: times the sink became unreachable. */
  public long outages() {
    return outages.sum();
  }

  /** Items waiting. */
  public int pending() {
    return queue.size();
  }

  /** Whether the sink is in an outage now. */
  public boolean down() {
    return down;
  }

  private void run() {
    List<T> batch = new ArrayList<>(BATCH);
    try {
      while (!(closing && queue.isEmpty())) {
        T first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        if (!write(batch)) {
          return;
        }
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (!batch.isEmpty() || !queue.isEmpty()) {
        int lost = batch.size() + queue.size();
        dropped.add(lost);
        LOG.warn("{}: stopped with {} records unwritten", name, lost);
      }
      stopped.countDown();
    }
  }

  /** Writes the batch, waiting out outages; false when interrupted (closing) before it could. */
  private boolean write(List<T> batch) throws InterruptedException {
    Duration pause = firstPause;
    while (true) {
      try {
        sink.accept(batch);
        written.add(batch.size());
        if (down) {
          down = false;
          LOG.info("{}: the database is back; writing again", name);
        }
        return true;
      } catch (RuntimeException e) {
        if (reachable.getAsBoolean()) {
          writeOneByOne(batch, e);
          return true;
        }
        if (!down) {
          down = true;
          outages.increment();
          LOG.warn(
              "{}: the database cannot be reached ({}); holding up to {} records until it is back",
              name,
              e.toString(),
              queue.remainingCapacity() + queue.size());
        }
        if (closing) {
          return false;
        }
        Thread.sleep(pause.toMillis());
        pause = pause.multipliedBy(2).compareTo(maxPause) > 0 ? maxPause : pause.multipliedBy(2);
      }
    }
  }

  private void writeOneByOne(List<T> batch, RuntimeException cause) {
    LOG.debug("{}: a batch of {} failed; writing it one by one", name, batch.size(), cause);
    for (T item : batch) {
      try {
        sink.accept(List.of(item));
        written.increment();
      } catch (RuntimeException e) {
        rejected.increment();
        LOG.warn("{}: refused {}: {}", name, item, e.toString());
      }
    }
  }

  /**
   * Stops taking items and writes what is queued, waiting at most {@code grace}; what is left then
   * is dropped and counted.
   */
  public void close(Duration grace) {
    closing = true;
    try {
      if (!stopped.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        thread.interrupt();
        stopped.await(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
