package org.huddle.xmpp.server.features.presence;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.server.api.Phase;
import org.huddle.xmpp.server.routing.Host;
import org.huddle.xmpp.server.routing.LocalSession;
import org.huddle.xmpp.server.routing.Router;
import org.huddle.xmpp.server.routing.SessionEvent;
import org.huddle.xmpp.server.routing.StanzaEvent;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.Kind;
import org.huddle.xmpp.server.routing.StanzaEvents.To;

/**
 * Presence broadcast (RFC 6121 §4): a client's undirected presence goes back to it and to the
 * account's other resources; directed presence is remembered so that going away (or losing the
 * connection) tells those entities, as a MUC room must hear that an occupant left.
 */
public final class Presence {
  private final Router router;

  private Presence(Router router) {
    this.router = router;
  }

  public static void install(Host host, Router router) {
    Presence p = new Presence(router);
    var events = host.events();
    events.on(StanzaEvents.pre(Kind.PRESENCE, To.BARE), p::outgoing);
    events.on(StanzaEvents.pre(Kind.PRESENCE, To.FULL), p::outgoing);
    events.on(StanzaEvents.pre(Kind.PRESENCE, To.HOST), p::outgoing);
    events.on(SessionEvent.RESOURCE_UNBIND, Phase.DEFAULT, p::unbound);
  }

  private boolean outgoing(StanzaEvent e) {
    if (!(e.origin() instanceof LocalSession session)) {
      return false;
    }
    String type = e.type();
    boolean availability = type == null || "unavailable".equals(type);
    if (e.stanza().attr("to") == null) {
      if (availability) {
        broadcast(session, e.stanza());
      }
      return true; // subscription types with no address have nowhere to go
    }
    if (availability) {
      session.presence().directed(e.to(), type == null);
    }
    return false;
  }

  private void broadcast(LocalSession session, Element presence) {
    boolean initial = !session.presence().available();
    session.presence().broadcast(presence);
    for (LocalSession peer : router.sessions().resources(session.jid().bare())) {
      if (peer == session || peer.presence().available()) {
        Element copy = presence.copy().attr("to", peer.jid().toString());
        peer.deliver(copy);
      }
      if (initial && peer != session && peer.presence().available()) {
        Element theirs = peer.presence().last().copy().attr("to", session.jid().toString());
        session.deliver(theirs);
      }
    }
    if ("unavailable".equals(presence.attr("type"))) {
      leaveDirected(session, presence);
    }
  }

  private boolean unbound(SessionEvent e) {
    LocalSession session = e.session();
    Element unavailable =
        Element.of("presence", Namespaces.CLIENT)
            .attr("type", "unavailable")
            .attr("from", session.jid().toString());
    if (e.reason() != null) {
      unavailable.addChild("status").text("Disconnected: " + e.reason());
    }
    if (session.presence().available()) {
      session.presence().broadcast(unavailable);
      for (LocalSession peer : router.sessions().resources(session.jid().bare())) {
        if (peer != session && peer.presence().available()) {
          peer.deliver(unavailable.copy().attr("to", peer.jid().toString()));
        }
      }
    }
    leaveDirected(session, unavailable);
    return false;
  }

  private void leaveDirected(LocalSession session, Element unavailable) {
    for (Jid target : session.presence().takeDirected()) {
      Element copy =
          unavailable.copy().attr("to", target.toString()).attr("from", session.jid().toString());
      router.route(copy, session);
    }
  }
}
