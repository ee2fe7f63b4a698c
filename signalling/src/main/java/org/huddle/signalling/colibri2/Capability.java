package org.huddle.signalling.colibri2;

import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * A feature the focus uses with an endpoint, {@code <capability name=/>}; the bridge requires
 * {@code source-names}. See docs/wire.md#colibri2-endpoint.
 */
public record Capability(String name) {
  public static final String ELEMENT = "capability";
  public static final String NAMESPACE = WireNamespaces.COLIBRI2;
  public static final Capability SOURCE_NAMES = new Capability("source-names");

  public static Capability parse(Element e) {
    return new Capability(e.attr("name"));
  }

  public Element toElement() {
    return new Element(ELEMENT, NAMESPACE).attr("name", name);
  }
}
