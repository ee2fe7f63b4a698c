package org.huddle.xmpp.server.features.component;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;

/**
 * Jitsi's component-to-client message: a {@code <message/>} with no type, from the component's bare
 * address to an occupant's real JID, carrying JSON with a {@code type} key in {@code <json-message
 * xmlns='http://jitsi.org/jitmeet'/>}. lib-jitsi-meet accepts it only from an address it discovered
 * (docs/wire.md, "Jitsi's components").
 */
final class JsonMessage {
  static final String ELEMENT = "json-message";
  static final String NAMESPACE = "http://jitsi.org/jitmeet";

  private JsonMessage() {}

  static Element of(String from, String to, String json) {
    Element m = Element.of("message", Namespaces.CLIENT).attr("from", from).attr("to", to);
    m.add(Element.of(ELEMENT, NAMESPACE).text(json));
    return m;
  }

  /** A JSON string literal (RFC 8259 §7). */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
