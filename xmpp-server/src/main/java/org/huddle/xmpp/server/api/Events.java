package org.huddle.xmpp.server.api;

/**
 * A host's events, for hooks to subscribe to. Hooks run in {@link Phase} order, and in the order
 * they were added within a phase, until one returns true.
 */
public interface Events {
  /** A hook that can be removed, as when a plugin is reloaded. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** Adds a hook in the {@link Phase#DEFAULT} phase. */
  default <E> Registration on(EventType<E> type, Hook<? super E> hook) {
    return on(type, Phase.DEFAULT, hook);
  }

  /** Adds a hook in the given phase. */
  <E> Registration on(EventType<E> type, Phase phase, Hook<? super E> hook);
}
