package org.huddle.xmpp.server.transport;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One connection's output, in the order it was handed over, whatever thread hands it over.
 *
 * <p>Writing straight to a Netty channel does not keep that order: a write from the channel's own
 * event loop goes out at once, while one from another thread waits in the loop's task queue, so a
 * later stanza can overtake an earlier one (a room's "left" before its "joined"). Here every item
 * goes through one queue, drained on the connection's executor, and a burst of items costs one
 * flush. Room broadcasts enqueue under the room's lock, so all occupants see events in the same
 * order.
 *
 * @param <T> what is written (encoded bytes)
 */
public final class SerialOutput<T> {
  private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final Executor executor;
  private final Consumer<T> writer;
  private final Runnable flush;

  /**
   * @param executor runs the drain: the connection's own thread of control
   * @param writer writes one item (without flushing)
   * @param flush flushes what was written
   */
  public SerialOutput(Executor executor, Consumer<T> writer, Runnable flush) {
    this.executor = executor;
    this.writer = writer;
    this.flush = flush;
  }

  /** Queues an item of {@code size} bytes. */
  public void add(T item, int size) {
    queuedBytes.addAndGet(size);
    queue.add(new Sized(item, size));
    schedule();
  }

  /**
   * Queues an action to run after everything queued before it has been written and flushed (a
   * close).
   */
  public void then(Runnable action) {
    queue.add(action);
    schedule();
  }

  /** Bytes queued and not yet handed to the connection. */
  public long queuedBytes() {
    return queuedBytes.get();
  }

  /** Drops everything still queued, releasing it. */
  @SuppressWarnings("unchecked")
  public void clear(Consumer<T> release) {
    Object o;
    while ((o = queue.poll()) != null) {
      if (o instanceof Sized s) {
        queuedBytes.addAndGet(-s.size());
        release.accept((T) s.item());
      }
    }
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  @SuppressWarnings("unchecked")
  private void drain() {
    scheduled.set(false);
    boolean written = false;
    Object o;
    while ((o = queue.poll()) != null) {
      if (o instanceof Sized s) {
        queuedBytes.addAndGet(-s.size());
        writer.accept((T) s.item());
        written = true;
      } else {
        if (written) {
          flush.run();
          written = false;
        }
        ((Runnable) o).run();
      }
    }
    if (written) {
      flush.run();
    }
  }

  private record Sized(Object item, int size) {}
}
