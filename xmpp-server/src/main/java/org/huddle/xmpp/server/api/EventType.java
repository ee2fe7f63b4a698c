package org.huddle.xmpp.server.api;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A kind of event, named as Prosody names it ({@code iq-get/host/urn:xmpp:ping:ping}, {@code
 * muc-occupant-pre-join}), and typed by the object its hooks receive.
 *
 * <p>Names come from constants and factory methods, never from string literals at the hook site, so
 * a misspelt name is a compile error rather than a hook that silently never runs. The same name
 * always yields the same instance.
 *
 * @param <E> what the hooks receive
 */
public final class EventType<E> {
  private static final ConcurrentHashMap<String, EventType<?>> INTERNED = new ConcurrentHashMap<>();

  private final String name;
  private final Class<E> payload;

  private EventType(String name, Class<E> payload) {
    this.name = name;
    this.payload = payload;
  }

  /**
   * The event type with this name. Asking for an existing name with another payload class is a
   * programming error.
   */
  @SuppressWarnings("unchecked")
  public static <E> EventType<E> of(String name, Class<E> payload) {
    Objects.requireNonNull(payload, "payload");
    EventType<?> t = INTERNED.computeIfAbsent(name, n -> new EventType<>(n, payload));
    if (t.payload != payload) {
      throw new IllegalArgumentException(
          "event "
              + name
              + " carries "
              + t.payload.getSimpleName()
              + ", not "
              + payload.getSimpleName());
    }
    return (EventType<E>) t;
  }

  /**
   * The event type with this name if one was ever declared, for plugins that name events as
   * strings.
   */
  public static EventType<?> lookup(String name) {
    return INTERNED.get(name);
  }

  public String name() {
    return name;
  }

  public Class<E> payload() {
    return payload;
  }

  @Override
  public String toString() {
    return name;
  }
}
