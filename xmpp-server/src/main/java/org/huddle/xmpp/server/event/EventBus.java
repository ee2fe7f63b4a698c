package org.huddle.xmpp.server.event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.huddle.xmpp.server.api.EventType;
import org.huddle.xmpp.server.api.Events;
import org.huddle.xmpp.server.api.Hook;
import org.huddle.xmpp.server.api.Phase;

/**
 * Hooks by event type, fired in phase order. One bus per host, as Prosody has per-host events.
 *
 * <p>Firing reads an immutable snapshot of the hooks, so it takes no lock and is safe from any
 * thread; adding and removing hooks, which is rare, copies the snapshot.
 */
public final class EventBus implements Events {
  private record Entry(Phase phase, long seq, Hook<Object> hook) {}

  private static final Entry[] NONE = new Entry[0];
  private static final Comparator<Entry> ORDER =
      Comparator.comparing(Entry::phase).thenComparingLong(Entry::seq);

  private final ConcurrentHashMap<EventType<?>, Entry[]> hooks = new ConcurrentHashMap<>();
  private long seq;

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <E> Registration on(EventType<E> type, Phase phase, Hook<? super E> hook) {
    Entry entry = new Entry(phase, seq++, (Hook<Object>) hook);
    hooks.compute(
        type,
        (t, old) -> {
          Entry[] next = old == null ? new Entry[1] : Arrays.copyOf(old, old.length + 1);
          next[next.length - 1] = entry;
          Arrays.sort(next, ORDER);
          return next;
        });
    return () -> remove(type, entry);
  }

  private synchronized void remove(EventType<?> type, Entry entry) {
    hooks.computeIfPresent(
        type,
        (t, old) -> {
          List<Entry> left = new ArrayList<>(Arrays.asList(old));
          left.remove(entry);
          return left.isEmpty() ? null : left.toArray(NONE);
        });
  }

  /**
   * Runs the hooks for this event in order until one returns true.
   *
   * @return whether a hook handled the event
   */
  public <E> boolean fire(EventType<E> type, E event) {
    Entry[] list = hooks.getOrDefault(type, NONE);
    for (Entry e : list) {
      if (e.hook().handle(event)) {
        return true;
      }
    }
    return false;
  }

  /** Whether any hook listens for this event. */
  public boolean hasHooks(EventType<?> type) {
    return hooks.containsKey(type);
  }
}
