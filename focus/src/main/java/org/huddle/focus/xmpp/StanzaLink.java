package org.huddle.focus.xmpp;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.huddle.xmpp.codec.Element;

/** What the focus needs from an XMPP connection: send stanzas, ask IQs. */
public interface StanzaLink {
  /**
   * Sends an IQ request. The future completes with the answer (a result or an error IQ), or
   * exceptionally: {@link java.util.concurrent.TimeoutException} when none came in time, {@link
   * java.io.IOException} when the connection is down.
   */
  CompletableFuture<Element> request(Element iq, Duration timeout);

  /** Sends a stanza without waiting; quietly drops it when the connection is down. */
  void send(Element stanza);

  /** This connection's own full JID, or null while disconnected. */
  String jid();
}
