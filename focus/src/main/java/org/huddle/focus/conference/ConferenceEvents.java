package org.huddle.focus.conference;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hooks on conference events, by event type (a record class of {@link ConferenceEvent}, so a
 * misspelt event does not compile). Hooks run in the order they were added, on the conference's
 * queue: they must not block, and they see the conference as the transition left it. One instance
 * serves all the focus's conferences, as a host's event bus serves all its rooms.
 */
public final class ConferenceEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ConferenceEvents.class);

  private record Entry(Class<? extends ConferenceEvent> type, Consumer<ConferenceEvent> hook) {}

  /** A hook that can be removed. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  private final List<Entry> hooks = new CopyOnWriteArrayList<>();

  /** Adds a hook for one kind of event; close the result to remove it. */
  @SuppressWarnings("unchecked")
  public <E extends ConferenceEvent> Registration on(Class<E> type, Consumer<? super E> hook) {
    Entry e = new Entry(type, event -> ((Consumer<ConferenceEvent>) hook).accept(event));
    hooks.add(e);
    return () -> hooks.remove(e);
  }

  /** Runs the hooks of this event's type; one that throws is logged and the others still run. */
  void fire(ConferenceEvent event) {
    for (Entry e : hooks) {
      if (e.type() == event.getClass()) {
        try {
          e.hook().accept(event);
        } catch (RuntimeException ex) {
          LOG.warn("{}: a hook on {} failed", event.room(), event.getClass().getSimpleName(), ex);
        }
      }
    }
  }
}
