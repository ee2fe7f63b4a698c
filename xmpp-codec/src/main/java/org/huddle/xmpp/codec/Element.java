package org.huddle.xmpp.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An XML element as XMPP uses it: a qualified name, attributes and ordered children (elements and
 * text).
 *
 * <p>It is deliberately small. Stanzas pass through the router by the million, so the element keeps
 * its attributes in one flat array and allocates no child list until a child arrives. Attribute
 * names are kept as written for unqualified attributes, as {@code xml:lang} for the XML namespace,
 * and as {@code {uri}local} for any other namespace.
 *
 * <p>An element is mutable while it is built (by the parser or a handler) and is then handed around
 * without being changed: code that must change a stanza it did not build calls {@link #copy()}
 * first.
 */
public final class Element {
  private final String name;
  private final String namespace;
  private String[] attrs;
  private int attrCount;
  private List<Object> children;

  public Element(String name, String namespace) {
    this.name = Objects.requireNonNull(name, "name");
    this.namespace = namespace == null ? "" : namespace;
  }

  /** A new element, for fluent building: {@code Element.of("ping", "urn:xmpp:ping")}. */
  public static Element of(String name, String namespace) {
    return new Element(name, namespace);
  }

  public String name() {
    return name;
  }

  public String namespace() {
    return namespace;
  }

  /** Whether this element has the given local name and namespace. */
  public boolean is(String name, String namespace) {
    return this.name.equals(name) && this.namespace.equals(namespace);
  }

  // --- attributes
  // -----------------------------------------------------------------------------------------------

  /** The attribute's value, or null when absent. */
  public String attr(String key) {
    for (int i = 0; i < attrCount; i++) {
      if (attrs[2 * i].equals(key)) {
        return attrs[2 * i + 1];
      }
    }
    return null;
  }

  /** The attribute's value, or the fallback when absent. */
  public String attrOr(String key, String fallback) {
    String v = attr(key);
    return v == null ? fallback : v;
  }

  /** Sets an attribute; a null value removes it. Returns this element. */
  public Element attr(String key, Object value) {
    for (int i = 0; i < attrCount; i++) {
      if (attrs[2 * i].equals(key)) {
        if (value == null) {
          System.arraycopy(attrs, 2 * i + 2, attrs, 2 * i, 2 * (attrCount - i - 1));
          attrCount--;
          attrs[2 * attrCount] = null;
          attrs[2 * attrCount + 1] = null;
        } else {
          attrs[2 * i + 1] = value.toString();
        }
        return this;
      }
    }
    if (value == null) {
      return this;
    }
    if (attrs == null) {
      attrs = new String[8];
    } else if (2 * attrCount == attrs.length) {
      String[] grown = new String[attrs.length * 2];
      System.arraycopy(attrs, 0, grown, 0, attrs.length);
      attrs = grown;
    }
    attrs[2 * attrCount] = key;
    attrs[2 * attrCount + 1] = value.toString();
    attrCount++;
    return this;
  }

  public int attributeCount() {
    return attrCount;
  }

  public String attributeKey(int index) {
    Objects.checkIndex(index, attrCount);
    return attrs[2 * index];
  }

  public String attributeValue(int index) {
    Objects.checkIndex(index, attrCount);
    return attrs[2 * index + 1];
  }

  // --- children
  // -------------------------------------------------------------------------------------------------

  /** Appends a child element and returns this element. */
  public Element add(Element child) {
    children().add(Objects.requireNonNull(child));
    return this;
  }

  /** Appends text and returns this element. Adjacent text is merged. */
  public Element text(String text) {
    if (text == null || text.isEmpty()) {
      return this;
    }
    List<Object> c = children();
    if (!c.isEmpty() && c.get(c.size() - 1) instanceof String last) {
      c.set(c.size() - 1, last + text);
    } else {
      c.add(text);
    }
    return this;
  }

  /** Creates a child element, appends it and returns the child. */
  public Element addChild(String name, String namespace) {
    Element child = new Element(name, namespace);
    add(child);
    return child;
  }

  /** Creates a child in this element's namespace, appends it and returns the child. */
  public Element addChild(String name) {
    return addChild(name, namespace);
  }

  /** Appends a child in this element's namespace holding only text; returns this element. */
  public Element textChild(String name, String text) {
    addChild(name).text(text);
    return this;
  }

  /** Removes every child element with this name and namespace (null matches any). */
  public Element remove(String name, String namespace) {
    if (children != null) {
      children.removeIf(o -> o instanceof Element e && e.matches(name, namespace));
    }
    return this;
  }

  /** Removes all children. */
  public Element clear() {
    children = null;
    return this;
  }

  /** All children, elements and text strings, in order. */
  public List<Object> nodes() {
    return children == null ? List.of() : Collections.unmodifiableList(children);
  }

  /** The child elements, in order. */
  public List<Element> elements() {
    if (children == null) {
      return List.of();
    }
    List<Element> out = new ArrayList<>(children.size());
    for (Object o : children) {
      if (o instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }

  /** The child elements with this name and namespace; null matches any. */
  public List<Element> elements(String name, String namespace) {
    if (children == null) {
      return List.of();
    }
    List<Element> out = new ArrayList<>(2);
    for (Object o : children) {
      if (o instanceof Element e && e.matches(name, namespace)) {
        out.add(e);
      }
    }
    return out;
  }

  /** The first child element with this name and namespace (null matches any), or null. */
  public Element child(String name, String namespace) {
    if (children == null) {
      return null;
    }
    for (Object o : children) {
      if (o instanceof Element e && e.matches(name, namespace)) {
        return e;
      }
    }
    return null;
  }

  /** The first child element of any name, or null. */
  public Element firstElement() {
    return child(null, null);
  }

  /** How many child elements there are. */
  public int elementCount() {
    int n = 0;
    if (children != null) {
      for (Object o : children) {
        if (o instanceof Element) {
          n++;
        }
      }
    }
    return n;
  }

  /** This element's own text, concatenated; empty when it has none. */
  public String text() {
    if (children == null) {
      return "";
    }
    if (children.size() == 1 && children.get(0) instanceof String s) {
      return s;
    }
    StringBuilder sb = new StringBuilder();
    for (Object o : children) {
      if (o instanceof String s) {
        sb.append(s);
      }
    }
    return sb.toString();
  }

  /** The text of the first matching child, or null when there is no such child. */
  public String childText(String name, String namespace) {
    Element c = child(name, namespace);
    return c == null ? null : c.text();
  }

  private boolean matches(String name, String namespace) {
    return (name == null || this.name.equals(name))
        && (namespace == null || this.namespace.equals(namespace));
  }

  private List<Object> children() {
    if (children == null) {
      children = new ArrayList<>(2);
    }
    return children;
  }

  // --- copying and writing
  // --------------------------------------------------------------------------------------

  /** A deep copy, safe to change. */
  public Element copy() {
    Element c = shallowCopy();
    if (children != null) {
      c.children = new ArrayList<>(children.size());
      for (Object o : children) {
        c.children.add(o instanceof Element e ? e.copy() : o);
      }
    }
    return c;
  }

  /** A copy of the name and attributes only, with no children. */
  public Element shallowCopy() {
    Element c = new Element(name, namespace);
    if (attrs != null) {
      c.attrs = attrs.clone();
      c.attrCount = attrCount;
    }
    return c;
  }

  /** The element as XML, declaring its namespace. */
  public String toXml() {
    return XmlWriter.write(this, "");
  }

  @Override
  public String toString() {
    return toXml();
  }
}
