package org.huddle.xmpp.server.routing;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StanzaError;
import org.huddle.xmpp.server.api.Origin;

/**
 * A stanza on its way through a host, as the hooks see it: the stanza, who sent it, where it is
 * going, and ways to answer it.
 */
public final class StanzaEvent implements org.huddle.xmpp.server.api.StanzaEvent {
  private final Router router;
  private final Host host;
  private final Element stanza;
  private final Origin origin;
  private final Jid from;
  private final Jid to;

  StanzaEvent(Router router, Host host, Element stanza, Origin origin, Jid from, Jid to) {
    this.router = router;
    this.host = host;
    this.stanza = stanza;
    this.origin = origin;
    this.from = from;
    this.to = to;
  }

  public Router router() {
    return router;
  }

  /** The host the event fires on: the destination, or for pre-events the sender's host. */
  public Host host() {
    return host;
  }

  public Element stanza() {
    return stanza;
  }

  public Origin origin() {
    return origin;
  }

  /** The sender's address (always set: the router stamps it). */
  public Jid from() {
    return from;
  }

  /** The destination; for a stanza with no {@code to}, the sender's own bare JID. */
  public Jid to() {
    return to;
  }

  /** The {@code type} attribute, or null. */
  public String type() {
    return stanza.attr("type");
  }

  /** Answers an IQ with an empty result. */
  public void result() {
    result(null);
  }

  /** Answers an IQ with a result carrying {@code payload} (may be null). */
  public void result(Element payload) {
    Element reply =
        Element.of("iq", Namespaces.CLIENT).attr("type", "result").attr("id", stanza.attr("id"));
    reply.attr("from", stanza.attr("to")).attr("to", from.toString());
    if (payload != null) {
      reply.add(payload);
    }
    router.route(reply, router.internalOrigin(host));
  }

  /** Answers with an error, unless the stanza is itself an error or a result (RFC 6120 §8.3.1). */
  public void error(StanzaError.Condition condition, String text) {
    router.bounce(stanza, from, condition, text);
  }

  /** Answers with a ready-made {@code <error/>} element. */
  public void error(Element error) {
    if (StanzaError.mayReplyTo(stanza)) {
      Element reply = StanzaError.reply(stanza, error);
      reply.attr("to", from.toString());
      router.route(reply, router.internalOrigin(host));
    }
  }
}
