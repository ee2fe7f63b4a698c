package org.huddle.focus.selection;

import java.time.Duration;
import java.util.Map;
import org.huddle.focus.bridge.Bridge;
import org.huddle.focus.bridge.BridgeRegistry;
import org.huddle.focus.xml.Xml;
import org.huddle.xmpp.codec.Element;

/** A bridge registry filled the way the brewery fills it: by stats presence. */
final class Bridges {
  static final String BREWERY = "jvbbrewery@internal-muc.meet.jitsi";

  final BridgeRegistry registry = new BridgeRegistry(BREWERY, Duration.ofMinutes(1));

  /** A presence from {@code nick} with these stats. */
  Bridge announce(String nick, Map<String, String> stats) {
    Element p = Xml.stanza("presence", Map.of("from", BREWERY + "/" + nick));
    Element s = p.addChild("stats", "http://jitsi.org/protocol/colibri");
    stats.forEach(
        (k, v) ->
            s.addChild("stat", "http://jitsi.org/protocol/colibri")
                .attr("name", k)
                .attr("value", v));
    registry.presence(p);
    return registry.byJid(BREWERY + "/" + nick);
  }

  Bridge announce(String nick, double stress, String region) {
    return announce(nick, Map.of("stress_level", String.valueOf(stress), "region", region));
  }
}
