package org.huddle.xmpp.server.session;

/**
 * Hears what sessions do, for metrics. Called on session threads: implementations must be cheap and
 * thread-safe.
 */
public interface SessionObserver {
  SessionObserver NONE = new SessionObserver() {};

  /** A stream connection opened over this transport. */
  default void connected(String transport) {}

  /** A session ended for good (not a hibernation). */
  default void ended(String transport) {}

  /** A stanza arrived from a client. */
  default void stanzaIn(String kind) {}

  /** A stanza was sent to a client. */
  default void stanzaOut(String kind) {}

  default void authenticated(String mechanism) {}

  default void authenticationFailed(String mechanism) {}
}
