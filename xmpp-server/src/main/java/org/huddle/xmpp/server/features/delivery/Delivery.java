package org.huddle.xmpp.server.features.delivery;

import java.util.Collection;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.Phase;
import org.huddle.xmpp.server.routing.Host;
import org.huddle.xmpp.server.routing.LocalSession;
import org.huddle.xmpp.server.routing.SessionRegistry;
import org.huddle.xmpp.server.routing.StanzaEvent;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.Kind;
import org.huddle.xmpp.server.routing.StanzaEvents.To;

/**
 * Delivers stanzas addressed to accounts on a user host (RFC 6121 §8.5): to a connected resource,
 * to the account's resources, or back to the sender as an error. There is no offline storage, as in
 * Jitsi's Prosody.
 */
public final class Delivery {
  private final SessionRegistry sessions;

  private Delivery(SessionRegistry sessions) {
    this.sessions = sessions;
  }

  public static void install(Host host, SessionRegistry sessions) {
    Delivery d = new Delivery(sessions);
    var events = host.events();
    events.on(StanzaEvents.stanza(Kind.MESSAGE, To.FULL), Phase.FALLBACK, d::messageToFull);
    events.on(StanzaEvents.stanza(Kind.MESSAGE, To.BARE), Phase.FALLBACK, d::messageToBare);
    events.on(StanzaEvents.stanza(Kind.PRESENCE, To.FULL), Phase.FALLBACK, d::presenceToFull);
    events.on(StanzaEvents.stanza(Kind.PRESENCE, To.BARE), Phase.FALLBACK, d::presenceToBare);
    events.on(StanzaEvents.stanza(Kind.IQ, To.FULL), Phase.FALLBACK, d::iqToFull);
  }

  /**
   * §8.5.3: to a resource; if it is not connected, as if to the account, except groupchat and
   * errors.
   */
  private boolean messageToFull(StanzaEvent e) {
    LocalSession s = sessions.get(e.to());
    if (s != null) {
      s.deliver(e.stanza());
      return true;
    }
    String type = e.type();
    if ("groupchat".equals(type)) {
      e.error(Condition.SERVICE_UNAVAILABLE, null);
      return true;
    }
    if ("error".equals(type) || "headline".equals(type)) {
      return true;
    }
    return messageToBare(e);
  }

  /**
   * §8.5.2: to every available resource with non-negative priority; none means the account cannot
   * take it.
   */
  private boolean messageToBare(StanzaEvent e) {
    String type = e.type();
    boolean delivered = false;
    Collection<LocalSession> resources = sessions.resources(e.to());
    for (LocalSession s : resources) {
      if (s.presence().available() && s.presence().priority() >= 0) {
        s.deliver(e.stanza());
        delivered = true;
      }
    }
    if (!delivered && !"headline".equals(type) && !"error".equals(type)) {
      e.error(Condition.SERVICE_UNAVAILABLE, null);
    }
    return true;
  }

  private boolean presenceToFull(StanzaEvent e) {
    LocalSession s = sessions.get(e.to());
    if (s != null) {
      s.deliver(e.stanza());
    }
    return true;
  }

  /**
   * Directed presence to an account reaches its available resources; subscription traffic is not
   * kept.
   */
  private boolean presenceToBare(StanzaEvent e) {
    String type = e.type();
    if (type == null || "unavailable".equals(type)) {
      for (LocalSession s : sessions.resources(e.to())) {
        if (s.presence().available()) {
          s.deliver(e.stanza());
        }
      }
    }
    return true;
  }

  /** §8.5.3.1: an IQ to a resource that is not connected is answered with service-unavailable. */
  private boolean iqToFull(StanzaEvent e) {
    LocalSession s = sessions.get(e.to());
    if (s != null) {
      s.deliver(e.stanza());
      return true;
    }
    e.error(Condition.SERVICE_UNAVAILABLE, null);
    return true;
  }
}
