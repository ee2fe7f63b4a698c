package org.huddle.signalling.jingle;

import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * Where a participant opens its bridge channel, Jitsi's {@code <web-socket
 * xmlns='http://jitsi.org/protocol/colibri' url=/>} inside the ICE-UDP transport. See
 * docs/wire.md#bridge-channel.
 */
public record WebSocket(String url) {
  public static final String ELEMENT = "web-socket";
  public static final String NAMESPACE = WireNamespaces.COLIBRI;

  public static WebSocket parse(Element e) {
    return new WebSocket(e.attr("url"));
  }

  public Element toElement() {
    return new Element(ELEMENT, NAMESPACE).attr("url", url);
  }
}
