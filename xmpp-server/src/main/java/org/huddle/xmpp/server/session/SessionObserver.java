package org.huddle.xmpp.server.session;

import org.huddle.xmpp.server.limits.Limit;

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

  /** A connection, stream, session or handshake was refused by a per-address limit. */
  default void refused(Limit limit) {}

  /** A connection over this transport sent faster than its byte rate and was paused. */
  default void throttled(String transport) {}

  /** Both observers, in order. */
  static SessionObserver both(SessionObserver a, SessionObserver b) {
    return new SessionObserver() {
      @Override
      public void connected(String transport) {
        a.connected(transport);
        b.connected(transport);
      }

      @Override
      public void ended(String transport) {
        a.ended(transport);
        b.ended(transport);
      }

      @Override
      public void stanzaIn(String kind) {
        a.stanzaIn(kind);
        b.stanzaIn(kind);
      }

      @Override
      public void stanzaOut(String kind) {
        a.stanzaOut(kind);
        b.stanzaOut(kind);
      }

      @Override
      public void authenticated(String mechanism) {
        a.authenticated(mechanism);
        b.authenticated(mechanism);
      }

      @Override
      public void authenticationFailed(String mechanism) {
        a.authenticationFailed(mechanism);
        b.authenticationFailed(mechanism);
      }

      @Override
      public void refused(Limit limit) {
        a.refused(limit);
        b.refused(limit);
      }

      @Override
      public void throttled(String transport) {
        a.throttled(transport);
        b.throttled(transport);
      }
    };
  }
}
