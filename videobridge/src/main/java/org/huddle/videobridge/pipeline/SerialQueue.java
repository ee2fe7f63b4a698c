package org.huddle.videobridge.pipeline;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A bounded queue drained by one task at a time on a shared executor, so an endpoint's pipeline
 * runs on one thread at a time without a thread of its own. When the queue is full, new items are
 * dropped and counted: memory stays bounded whatever the sender does.
 */
public final class SerialQueue<T> {
  private static final int BATCH = 64;

  private final ArrayBlockingQueue<T> queue;
  private final Executor executor;
  private final Consumer<T> handler;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final LongAdder accepted;
  private final LongAdder dropped;
  private final LongAdder droppedFull;
  private final LongAdder droppedClosed;
  private final LongAdder droppedException;
  private volatile boolean closed;

  public SerialQueue(
      String name, int capacity, Executor executor, Consumer<T> handler, PipelineStats stats) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.executor = executor;
    this.handler = handler;
    this.accepted = stats.counter(name + ".in");
    this.dropped = stats.counter(name + ".dropped");
    this.droppedFull = stats.counter(name + ".dropped.full");
    this.droppedClosed = stats.counter(name + ".dropped.closed");
    this.droppedException = stats.counter(name + ".dropped.exception");
  }

  /**
   * Queues an item; false (and counted under "{name}.dropped" and "{name}.dropped.full" or
   * ".closed") when full or closed. Accepted items are counted under "{name}.in".
   */
  public boolean offer(T item) {
    if (closed) {
      dropped.increment();
      droppedClosed.increment();
      return false;
    }
    if (!queue.offer(item)) {
      dropped.increment();
      droppedFull.increment();
      return false;
    }
    accepted.increment();
    schedule();
    return true;
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        scheduled.set(false);
      }
    }
  }

  private void drain() {
    try {
      for (int i = 0; i < BATCH && !closed; i++) {
        T item = queue.poll();
        if (item == null) {
          break;
        }
        try {
          handler.accept(item);
        } catch (RuntimeException e) {
          dropped.increment();
          droppedException.increment();
        }
      }
    } finally {
      scheduled.set(false);
      if (!queue.isEmpty() && !closed) {
        schedule();
      }
    }
  }

  public int size() {
    return queue.size();
  }

  public void close() {
    closed = true;
    queue.clear();
  }
}
