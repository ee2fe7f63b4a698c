package org.huddle.focus.xml;

import java.util.Map;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.XmlWriter;

/** Parsing and building stanza elements. */
public final class Xml {
  private Xml() {}

  /**
   * Parses one complete element with the shared parser's limits ({@link
   * org.huddle.signalling.Xml#parse}).
   *
   * @throws IllegalArgumentException when the text is not one well-formed element within limits
   */
  public static Element parse(String xml) {
    return org.huddle.signalling.Xml.parse(xml);
  }

  /** Writes an element as it appears inside a stanza of the client namespace. */
  public static String write(Element e) {
    return XmlWriter.write(e, Namespaces.CLIENT);
  }

  /** A new stanza ({@code iq}, {@code presence}, {@code message}) in {@code jabber:client}. */
  public static Element stanza(String kind, Map<String, String> attributes) {
    Element e = new Element(kind, Namespaces.CLIENT);
    attributes.forEach(e::attr);
    return e;
  }

  /** An IQ with one child. */
  public static Element iq(String type, String to, Element child) {
    Element iq = new Element("iq", Namespaces.CLIENT).attr("type", type).attr("to", to);
    if (child != null) {
      iq.add(child);
    }
    return iq;
  }

  /** The result answering a request, with an optional child. */
  public static Element result(Element request, Element child) {
    Element iq =
        new Element("iq", Namespaces.CLIENT)
            .attr("type", "result")
            .attr("to", request.attr("from"))
            .attr("from", request.attr("to"))
            .attr("id", request.attr("id"));
    if (child != null) {
      iq.add(child);
    }
    return iq;
  }

  /** The IQ's payload, its first child element other than {@code error}, or null. */
  public static Element payload(Element iq) {
    return org.huddle.signalling.Xml.payload(iq);
  }

  /** Whether a stanza is of type error. */
  public static boolean isError(Element stanza) {
    return "error".equals(stanza.attr("type"));
  }

  /** The defined condition of an error stanza (RFC 6120 §8.3.3), or null. */
  public static String errorCondition(Element stanza) {
    Element error = stanza.child("error", null);
    if (error == null) {
      return null;
    }
    for (Element c : error.elements()) {
      if (c.namespace().equals(StanzaErrors.NS)) {
        if (!c.name().equals("text")) {
          return c.name();
        }
      }
    }
    return null;
  }
}
