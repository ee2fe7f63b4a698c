package org.huddle.xmpp.server.features.roster;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.routing.Host;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.IqType;
import org.huddle.xmpp.server.routing.StanzaEvents.To;

/**
 * The roster (RFC 6121 §2). Meetings need none: every account's roster is empty, and changes are
 * refused rather than silently dropped.
 */
public final class Roster {
  private Roster() {}

  public static void install(Host host) {
    host.events()
        .on(
            StanzaEvents.iq(IqType.GET, To.BARE, Namespaces.ROSTER, "query"),
            e -> {
              if (!e.from().bare().equals(e.to())) {
                e.error(Condition.FORBIDDEN, "not your roster");
                return true;
              }
              e.result(Element.of("query", Namespaces.ROSTER));
              return true;
            });
    host.events()
        .on(
            StanzaEvents.iq(IqType.SET, To.BARE, Namespaces.ROSTER, "query"),
            e -> {
              e.error(Condition.NOT_ALLOWED, "this server keeps no rosters");
              return true;
            });
  }
}
