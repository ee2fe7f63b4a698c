package org.huddle.xmpp.server.features.ping;

import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.server.features.disco.Disco;
import org.huddle.xmpp.server.routing.Host;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.IqType;
import org.huddle.xmpp.server.routing.StanzaEvents.To;

/**
 * XEP-0199 ping: the server answers pings to itself and, on its users' behalf, to their bare JIDs.
 */
public final class Ping {
  private Ping() {}

  public static void install(Host host, Disco disco) {
    disco.feature(host, Namespaces.PING);
    host.events()
        .on(
            StanzaEvents.iq(IqType.GET, To.HOST, Namespaces.PING, "ping"),
            e -> {
              e.result();
              return true;
            });
    host.events()
        .on(
            StanzaEvents.iq(IqType.GET, To.BARE, Namespaces.PING, "ping"),
            e -> {
              e.result();
              return true;
            });
  }
}
