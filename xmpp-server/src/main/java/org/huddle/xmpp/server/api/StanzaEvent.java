package org.huddle.xmpp.server.api;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.StanzaError;

/**
 * A stanza on its way through a host ({@code message/bare}, {@code iq-set/host/...}), as hooks see
 * it: the stanza, who sent it, where it is going, and a way to refuse it.
 */
public interface StanzaEvent {
  /** The host the event fires on: the destination, or for pre-events the sender's host. */
  Host host();

  Element stanza();

  Origin origin();

  /** The sender's address (always set: the router stamps it). */
  Jid from();

  /** The destination; for a stanza with no {@code to}, the sender's own bare JID. */
  Jid to();

  /** Answers with an error, unless the stanza is itself an error or a result (RFC 6120 §8.3.1). */
  void error(StanzaError.Condition condition, String text);
}
