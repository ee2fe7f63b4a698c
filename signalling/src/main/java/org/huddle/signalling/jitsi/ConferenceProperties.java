package org.huddle.signalling.jitsi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * The conference's settings in the focus's room presence, {@code <conference-properties
 * xmlns='http://jitsi.org/protocol/focus'><property key= value=/>...}: clients read them from the
 * focus occupant. See docs/wire.md#room-presence.
 *
 * @param properties the properties, in order
 */
public record ConferenceProperties(Map<String, String> properties) {
  public static final String ELEMENT = "conference-properties";
  public static final String NAMESPACE = WireNamespaces.FOCUS;
  static final String PROPERTY = "property";

  /**
   * Jicofo's sign in the focus's presence that no bridge could be had: {@code bridgeNotAvailable}.
   */
  public static final String BRIDGE_NOT_AVAILABLE = "bridgeNotAvailable";

  public ConferenceProperties {
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** Reads one; a property without a key or value is left out. */
  public static ConferenceProperties parse(Element e) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Element p : e.elements(PROPERTY, null)) {
      if (p.attr("key") != null && p.attr("value") != null) {
        out.put(p.attr("key"), p.attr("value"));
      }
    }
    return new ConferenceProperties(out);
  }

  public Element toElement() {
    Element e = new Element(ELEMENT, NAMESPACE);
    properties.forEach(
        (k, v) -> e.add(new Element(PROPERTY, NAMESPACE).attr("key", k).attr("value", v)));
    return e;
  }
}
