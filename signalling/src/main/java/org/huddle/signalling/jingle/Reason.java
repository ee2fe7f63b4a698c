package org.huddle.signalling.jingle;

import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * Why a session ends, {@code <reason><condition/><text/></reason>} (XEP-0166 §7.4,
 * https://xmpp.org/extensions/xep-0166.html#def-reason). See docs/wire.md#jingle.
 *
 * @param condition e.g. {@code success}, {@code gone}, {@code general-error}
 * @param text words for people, or null
 */
public record Reason(String condition, String text) {
  public static final String ELEMENT = "reason";
  public static final String NAMESPACE = WireNamespaces.JINGLE;
  static final String TEXT = "text";

  public static Reason parse(Element r) {
    String condition = null;
    for (Element c : r.elements()) {
      if (!c.name().equals(TEXT)) {
        condition = c.name();
        break;
      }
    }
    return new Reason(condition, r.childText(TEXT, null));
  }

  public Element toElement() {
    Element r = new Element(ELEMENT, NAMESPACE);
    r.addChild(condition, NAMESPACE);
    if (text != null) {
      r.addChild(TEXT, NAMESPACE).text(text);
    }
    return r;
  }
}
