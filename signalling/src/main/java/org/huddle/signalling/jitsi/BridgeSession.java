package org.huddle.signalling.jitsi;

import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * Which bridge session a Jingle offer belongs to, Jitsi's {@code <bridge-session
 * xmlns='http://jitsi.org/protocol/focus' id= region= restart= ice-restart=/>}; a client echoes the
 * id, and a new id tells it the bridge changed. A participant sends it back to ask for a new
 * session: {@code restart='true'} in its {@code session-terminate}, {@code ice-restart='true'} in a
 * {@code session-info} when its ICE failed. See docs/wire.md#jingle.
 *
 * @param id the session's id, or null
 * @param region the bridge's region, or null
 * @param restart whether the sender ends its session to get a new one
 * @param iceRestart whether the sender's ICE failed and it asks for a new session
 */
public record BridgeSession(String id, String region, boolean restart, boolean iceRestart) {
  public static final String ELEMENT = "bridge-session";
  public static final String NAMESPACE = WireNamespaces.FOCUS;
  static final String RESTART = "restart";
  static final String ICE_RESTART = "ice-restart";

  /** The focus's: an id and a region, no request. */
  public BridgeSession(String id, String region) {
    this(id, region, false, false);
  }

  /** Reads one; a flag is set only by {@code 'true'}, as lib-jitsi-meet writes it. */
  public static BridgeSession parse(Element e) {
    return new BridgeSession(
        e.attr("id"),
        e.attr("region"),
        "true".equals(e.attr(RESTART)),
        "true".equals(e.attr(ICE_RESTART)));
  }

  public Element toElement() {
    return new Element(ELEMENT, NAMESPACE)
        .attr("id", id)
        .attr("region", region == null || region.isEmpty() ? null : region)
        .attr(RESTART, restart ? "true" : null)
        .attr(ICE_RESTART, iceRestart ? "true" : null);
  }
}
