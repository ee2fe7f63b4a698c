package org.huddle.signalling.jitsi;

import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * Who sends a source, Jitsi's {@code <ssrc-info xmlns='http://jitsi.org/jitmeet' owner=/>} inside a
 * Jingle {@code source}; the owner is the sender's occupant JID or endpoint id. See
 * docs/wire.md#sources.
 */
public record SsrcInfo(String owner) {
  public static final String ELEMENT = "ssrc-info";
  public static final String NAMESPACE = WireNamespaces.JITMEET;

  public static SsrcInfo parse(Element e) {
    return new SsrcInfo(e.attr("owner"));
  }

  public Element toElement() {
    return new Element(ELEMENT, NAMESPACE).attr("owner", owner);
  }
}
