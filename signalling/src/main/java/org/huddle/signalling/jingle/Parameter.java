package org.huddle.signalling.jingle;

import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * A format parameter, {@code <parameter name= value=/>}: of a payload type (XEP-0167 §4, in the RTP
 * namespace) or of a source (XEP-0339 §3, in the SSMA namespace). Opus RED's has a value and no
 * name. See docs/wire.md#payload-types.
 *
 * @param name the name, or null
 * @param value the value, or null
 */
public record Parameter(String name, String value) {
  public static final String ELEMENT = "parameter";

  /** Reads a parameter of any namespace. */
  public static Parameter parse(Element e) {
    return new Parameter(e.attr("name"), e.attr("value"));
  }

  /** Writes it in the RTP namespace, as a payload type's parameter. */
  public Element toElement() {
    return toElement(WireNamespaces.RTP);
  }

  /** Writes it in its parent's namespace. */
  public Element toElement(String namespace) {
    return new Element(ELEMENT, namespace).attr("name", name).attr("value", value);
  }
}
