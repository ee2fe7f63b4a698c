package org.huddle.signalling.jitsi;

import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * JSON inside a Jingle stanza, Jitsi's {@code <json-message xmlns='http://jitsi.org/jitmeet'>}: the
 * focus sends sources this way, in a compact form, to clients that announce {@code
 * http://jitsi.org/json-encoded-sources}. See docs/wire.md#json-message.
 *
 * @param json the JSON text
 */
public record JsonMessage(String json) {
  public static final String ELEMENT = "json-message";
  public static final String NAMESPACE = WireNamespaces.JITMEET;

  public static JsonMessage parse(Element e) {
    return new JsonMessage(e.text());
  }

  public Element toElement() {
    return new Element(ELEMENT, NAMESPACE).text(json);
  }
}
