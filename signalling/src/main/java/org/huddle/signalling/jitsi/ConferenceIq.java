package org.huddle.signalling.jitsi;

import java.util.LinkedHashMap;
import java.util.Map;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * A client's request for a conference and the focus's answer, Jitsi's {@code <conference
 * xmlns='http://jitsi.org/protocol/focus' room= machine-uid= ready= focusjid=><property name=
 * value=/></conference>}. See docs/wire.md#conference-iq.
 *
 * @param room the room JID
 * @param machineUid the client's machine id (request), or null
 * @param ready whether the focus is in the room (answer), or null
 * @param focusJid the focus's JID, lower case (answer), or null
 * @param properties the {@code property} children, in order
 */
public record ConferenceIq(
    String room,
    String machineUid,
    Boolean ready,
    String focusJid,
    Map<String, String> properties) {
  public static final String ELEMENT = "conference";
  public static final String NAMESPACE = WireNamespaces.FOCUS;
  static final String PROPERTY = "property";

  public ConferenceIq {
    properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** Reads one; properties without a name or value are left out. */
  public static ConferenceIq parse(Element c) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (Element p : c.elements(PROPERTY, null)) {
      if (p.attr("name") != null && p.attr("value") != null) {
        properties.put(p.attr("name"), p.attr("value"));
      }
    }
    String ready = c.attr("ready");
    return new ConferenceIq(
        c.attr("room"),
        c.attr("machine-uid"),
        ready == null ? null : Boolean.parseBoolean(ready),
        c.attr("focusjid"),
        properties);
  }

  public Element toElement() {
    Element c =
        new Element(ELEMENT, NAMESPACE)
            .attr("room", room)
            .attr("machine-uid", machineUid)
            .attr("ready", ready)
            .attr("focusjid", focusJid);
    properties.forEach(
        (k, v) -> c.add(new Element(PROPERTY, NAMESPACE).attr("name", k).attr("value", v)));
    return c;
  }
}
