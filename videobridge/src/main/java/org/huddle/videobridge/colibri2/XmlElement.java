package org.huddle.videobridge.colibri2;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A small mutable XML element tree for Colibri2 payloads: a name, a namespace, attributes, children
 * and text. Namespaces are inherited when a child names none, as XML does; the writer only writes
 * {@code xmlns} where it changes.
 */
public final class XmlElement {
  private final String name;
  private final String namespace;
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private final List<XmlElement> children = new ArrayList<>();
  private String text = "";

  public XmlElement(String name, String namespace) {
    this.name = name;
    this.namespace = namespace == null ? "" : namespace;
  }

  public String name() {
    return name;
  }

  public String namespace() {
    return namespace;
  }

  public String text() {
    return text;
  }

  public XmlElement text(String t) {
    this.text = t == null ? "" : t;
    return this;
  }

  public XmlElement attr(String key, Object value) {
    if (value != null) {
      attributes.put(key, String.valueOf(value));
    }
    return this;
  }

  public String attr(String key) {
    return attributes.get(key);
  }

  public Map<String, String> attributes() {
    return attributes;
  }

  public boolean flag(String key) {
    String v = attributes.get(key);
    return "true".equalsIgnoreCase(v) || "1".equals(v);
  }

  /** Adds a child and returns it. */
  public XmlElement add(String childName, String childNamespace) {
    XmlElement c = new XmlElement(childName, childNamespace == null ? namespace : childNamespace);
    children.add(c);
    return c;
  }

  public XmlElement add(XmlElement child) {
    children.add(child);
    return this;
  }

  public List<XmlElement> children() {
    return children;
  }

  public List<XmlElement> children(String childName) {
    return children.stream().filter(c -> c.name.equals(childName)).toList();
  }

  public List<XmlElement> children(String childName, String childNamespace) {
    return children.stream()
        .filter(c -> c.name.equals(childName) && c.namespace.equals(childNamespace))
        .toList();
  }

  public Optional<XmlElement> child(String childName) {
    return children.stream().filter(c -> c.name.equals(childName)).findFirst();
  }

  public Optional<XmlElement> child(String childName, String childNamespace) {
    return children(childName, childNamespace).stream().findFirst();
  }

  /** Serializes, declaring {@code xmlns} on this element. */
  public String toXml() {
    StringBuilder sb = new StringBuilder();
    write(sb, null);
    return sb.toString();
  }

  /** Serializes the children only, with namespaces relative to this element's. */
  public String childrenXml() {
    StringBuilder sb = new StringBuilder();
    children.forEach(c -> c.write(sb, namespace));
    return sb.toString();
  }

  private void write(StringBuilder sb, String parentNamespace) {
    sb.append('<').append(name);
    if (!namespace.equals(parentNamespace)) {
      sb.append(" xmlns='").append(escape(namespace)).append('\'');
    }
    attributes.forEach(
        (k, v) -> sb.append(' ').append(k).append("='").append(escape(v)).append('\''));
    if (children.isEmpty() && text.isEmpty()) {
      sb.append("/>");
      return;
    }
    sb.append('>').append(escape(text));
    children.forEach(c -> c.write(sb, namespace));
    sb.append("</").append(name).append('>');
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '\'' -> sb.append("&apos;");
        case '"' -> sb.append("&quot;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * Parses one element from a string, with DTDs and external entities off.
   *
   * @throws IllegalArgumentException when it is not well-formed
   */
  public static XmlElement parse(String xml) {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    try {
      XMLStreamReader r = f.createXMLStreamReader(new StringReader(xml));
      while (r.hasNext() && r.next() != XMLStreamConstants.START_ELEMENT) {
        // skip the prolog
      }
      return read(r, 0);
    } catch (XMLStreamException e) {
      throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
    }
  }

  private static final int MAX_DEPTH = 32;

  private static XmlElement read(XMLStreamReader r, int depth) throws XMLStreamException {
    if (depth > MAX_DEPTH) {
      throw new XMLStreamException("too deep");
    }
    XmlElement e = new XmlElement(r.getLocalName(), r.getNamespaceURI());
    for (int i = 0; i < r.getAttributeCount(); i++) {
      String prefix = r.getAttributePrefix(i);
      String key =
          prefix == null || prefix.isEmpty()
              ? r.getAttributeLocalName(i)
              : prefix + ":" + r.getAttributeLocalName(i);
      e.attributes.put(key, r.getAttributeValue(i));
    }
    StringBuilder text = new StringBuilder();
    while (r.hasNext()) {
      int ev = r.next();
      if (ev == XMLStreamConstants.START_ELEMENT) {
        e.children.add(read(r, depth + 1));
      } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
        text.append(r.getText());
      } else if (ev == XMLStreamConstants.END_ELEMENT) {
        break;
      }
    }
    e.text = text.toString().trim();
    return e;
  }

  @Override
  public String toString() {
    return toXml();
  }
}
