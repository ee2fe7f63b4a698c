package org.huddle.signalling.jingle;

import java.util.Set;
import org.huddle.signalling.Unmodelled;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * Where a participant opens its bridge channel, Jitsi's {@code <web-socket
 * xmlns='http://jitsi.org/protocol/colibri' url=/>} inside the ICE-UDP transport. See
 * docs/wire.md#bridge-channel.
 *
 * @param unmodelled other attributes and any child elements, written back after the URL
 */
public record WebSocket(String url, Unmodelled unmodelled) implements IceUdpTransport.Part {
  public static final String ELEMENT = "web-socket";
  public static final String NAMESPACE = WireNamespaces.COLIBRI;
  private static final Set<String> KNOWN = Set.of("url");

  public WebSocket {
    unmodelled = unmodelled == null ? Unmodelled.NONE : unmodelled;
  }

  public WebSocket(String url) {
    this(url, Unmodelled.NONE);
  }

  public static WebSocket parse(Element e) {
    return new WebSocket(e.attr("url"), Unmodelled.of(e, KNOWN, child -> false));
  }

  @Override
  public Element toElement() {
    return unmodelled.addTo(new Element(ELEMENT, NAMESPACE).attr("url", url));
  }
}
