package org.huddle.signalling.jitsi;

import java.util.Map;
import java.util.TreeMap;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * A bridge's statistics in its brewery presence, {@code <stats
 * xmlns='http://jitsi.org/protocol/colibri'><stat name= value=/>...</stats>}: the focus picks
 * bridges by them. Written sorted by name. See docs/wire.md#brewery.
 *
 * @param values each statistic's value as text
 */
public record ColibriStats(Map<String, String> values) {
  public static final String ELEMENT = "stats";
  public static final String NAMESPACE = WireNamespaces.COLIBRI;
  static final String STAT = "stat";

  public ColibriStats {
    values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** Statistics of any kind of value, each written as its text. */
  public static ColibriStats of(Map<String, ?> stats) {
    Map<String, String> text = new TreeMap<>();
    stats.forEach((k, v) -> text.put(k, String.valueOf(v)));
    return new ColibriStats(text);
  }

  /** Reads one; a {@code stat} without a name or value is left out. */
  public static ColibriStats parse(Element e) {
    Map<String, String> out = new TreeMap<>();
    for (Element s : e.elements(STAT, null)) {
      if (s.attr("name") != null && s.attr("value") != null) {
        out.put(s.attr("name"), s.attr("value"));
      }
    }
    return new ColibriStats(out);
  }

  public Element toElement() {
    Element e = new Element(ELEMENT, NAMESPACE);
    values.forEach((k, v) -> e.add(new Element(STAT, NAMESPACE).attr("name", k).attr("value", v)));
    return e;
  }

  /** A statistic's value, or null. */
  public String get(String name) {
    return values.get(name);
  }
}
