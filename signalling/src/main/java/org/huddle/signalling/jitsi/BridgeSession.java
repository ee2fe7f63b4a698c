package org.huddle.signalling.jitsi;

import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * Which bridge session a Jingle offer belongs to, Jitsi's {@code <bridge-session
 * xmlns='http://jitsi.org/protocol/focus' id= region=/>}; a client echoes the id, and a new id
 * tells it the bridge changed. See docs/wire.md#jingle.
 *
 * @param region the bridge's region, or null
 */
public record BridgeSession(String id, String region) {
  public static final String ELEMENT = "bridge-session";
  public static final String NAMESPACE = WireNamespaces.FOCUS;

  public static BridgeSession parse(Element e) {
    return new BridgeSession(e.attr("id"), e.attr("region"));
  }

  public Element toElement() {
    return new Element(ELEMENT, NAMESPACE)
        .attr("id", id)
        .attr("region", region == null || region.isEmpty() ? null : region);
  }
}
