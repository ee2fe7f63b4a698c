package org.huddle.xmpp.server.features.version;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.server.features.disco.Disco;
import org.huddle.xmpp.server.routing.Host;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.IqType;
import org.huddle.xmpp.server.routing.StanzaEvents.To;

/** XEP-0092 software version: Huddle, its version from the jar, and the operating system. */
public final class SoftwareVersion {
  private SoftwareVersion() {}

  /** The running version, from the jar manifest, or "dev" when run from classes. */
  public static String version() {
    String v = SoftwareVersion.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  public static void install(Host host, Disco disco) {
    disco.feature(host, Namespaces.VERSION);
    host.events()
        .on(
            StanzaEvents.iq(IqType.GET, To.HOST, Namespaces.VERSION, "query"),
            e -> {
              Element q = Element.of("query", Namespaces.VERSION);
              q.textChild("name", "Huddle");
              q.textChild("version", version());
              q.textChild(
                  "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
              e.result(q);
              return true;
            });
  }
}
