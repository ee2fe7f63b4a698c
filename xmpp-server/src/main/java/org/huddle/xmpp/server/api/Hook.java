package org.huddle.xmpp.server.api;

/**
 * Handles an event. Returning {@code true} says the event is handled and ends the chain, as a
 * Prosody handler that returns true; returning {@code false} lets the next hook see it.
 *
 * @param <E> what the hook receives
 */
@FunctionalInterface
public interface Hook<E> {
  boolean handle(E event);
}
