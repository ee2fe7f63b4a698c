package org.huddle.xmpp.codec;

/**
 * Writes elements as XML 1.0 text.
 *
 * <p>Each element declares its namespace with a default {@code xmlns} only where it differs from
 * its parent's, so a stanza written with the stream's content namespace as the inherited one
 * carries no redundant declarations. Attributes of other namespaces get generated prefixes. Values
 * are written in single quotes, as Prosody does.
 */
public final class XmlWriter {
  private static final String XML_NS_PREFIX = "xml:";

  private XmlWriter() {}

  /** Writes the element, treating {@code inheritedNamespace} as the namespace already in scope. */
  public static String write(Element element, String inheritedNamespace) {
    StringBuilder sb = new StringBuilder(128);
    write(element, inheritedNamespace, sb);
    return sb.toString();
  }

  /**
   * Appends the element to {@code out}, treating {@code inheritedNamespace} as the namespace in
   * scope.
   */
  public static void write(Element e, String inheritedNamespace, StringBuilder out) {
    out.append('<').append(e.name());
    if (!e.namespace().equals(inheritedNamespace)) {
      out.append(" xmlns='");
      escapeAttribute(e.namespace(), out);
      out.append('\'');
    }
    int prefixes = 0;
    for (int i = 0; i < e.attributeCount(); i++) {
      String key = e.attributeKey(i);
      out.append(' ');
      if (key.charAt(0) == '{') {
        int close = key.indexOf('}');
        String prefix = "ns" + (++prefixes);
        out.append("xmlns:").append(prefix).append("='");
        escapeAttribute(key.substring(1, close), out);
        out.append("' ").append(prefix).append(':').append(key, close + 1, key.length());
      } else {
        out.append(key);
      }
      out.append("='");
      escapeAttribute(e.attributeValue(i), out);
      out.append('\'');
    }
    var nodes = e.nodes();
    if (nodes.isEmpty()) {
      out.append("/>");
      return;
    }
    out.append('>');
    for (Object node : nodes) {
      if (node instanceof Element child) {
        write(child, e.namespace(), out);
      } else {
        escapeText((String) node, out);
      }
    }
    out.append("</").append(e.name()).append('>');
  }

  /**
   * Appends a top-level element of a stream. Elements in the streams namespace ({@code features},
   * {@code error}) are written with the {@code stream:} prefix, as clients expect; everything else
   * as {@link #write}.
   *
   * @param contentNamespace the stream's default namespace, inherited by the element
   * @param declareStreamPrefix whether the prefix must be declared here (WebSocket and BOSH
   *     frames), rather than on an enclosing {@code <stream:stream>}
   */
  public static void writeTopLevel(
      Element e, String contentNamespace, boolean declareStreamPrefix, StringBuilder out) {
    if (!e.namespace().equals(Namespaces.STREAMS)) {
      write(e, contentNamespace, out);
      return;
    }
    out.append("<stream:").append(e.name());
    if (declareStreamPrefix) {
      out.append(" xmlns:stream='").append(Namespaces.STREAMS).append('\'');
    }
    for (int i = 0; i < e.attributeCount(); i++) {
      out.append(' ').append(e.attributeKey(i)).append("='");
      escapeAttribute(e.attributeValue(i), out);
      out.append('\'');
    }
    if (e.nodes().isEmpty()) {
      out.append("/>");
      return;
    }
    out.append('>');
    for (Object node : e.nodes()) {
      if (node instanceof Element child) {
        write(child, contentNamespace, out);
      } else {
        escapeText((String) node, out);
      }
    }
    out.append("</stream:").append(e.name()).append('>');
  }

  /** Appends text with {@code & < >} escaped. */
  public static void escapeText(CharSequence s, StringBuilder out) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        default -> out.append(c);
      }
    }
  }

  /** Appends an attribute value with {@code & < > ' "} escaped. */
  public static void escapeAttribute(CharSequence s, StringBuilder out) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '\'' -> out.append("&apos;");
        case '"' -> out.append("&quot;");
        case '\n' -> out.append("&#10;");
        case '\r' -> out.append("&#13;");
        case '\t' -> out.append("&#9;");
        default -> out.append(c);
      }
    }
  }

  /** The attribute key used for an attribute in the XML namespace, such as {@code xml:lang}. */
  static String xmlAttributeKey(String local) {
    return XML_NS_PREFIX + local;
  }
}
