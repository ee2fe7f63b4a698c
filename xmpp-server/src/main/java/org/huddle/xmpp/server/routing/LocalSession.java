package org.huddle.xmpp.server.routing;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.StreamError;
import org.huddle.xmpp.server.api.Origin;

/** A bound client session on this server: the router delivers stanzas to it. */
public interface LocalSession extends Origin {
  /** The virtual host the client logged into. */
  @Override
  Host host();

  /** Sends a stanza to the client. Thread-safe; never blocks. */
  void deliver(Element stanza);

  /** The session's presence state. */
  PresenceState presence();

  /** Ends the session with a stream error. */
  void close(StreamError.Condition condition, String text);
}
