package org.huddle.signalling;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.huddle.xmpp.codec.Element;

/**
 * The attributes and child elements of an element that its class does not model. The focus relays
 * the bridge's transport to participants and theirs to the bridge; whatever a newer Jitsi component
 * adds there must reach the other side, so a class that is relayed keeps these and writes them back
 * after what it models. See docs/wire.md#transport.
 *
 * <p>Immutable: elements are copied in and out, and compared by their XML.
 */
public final class Unmodelled {
  public static final Unmodelled NONE = new Unmodelled(List.of(), List.of());

  private final List<String> attributes;
  private final List<Element> children;

  private Unmodelled(List<String> attributes, List<Element> children) {
    this.attributes = List.copyOf(attributes);
    this.children = children.stream().map(Element::copy).toList();
  }

  /**
   * What {@code e} has beyond its known attributes and child elements, in document order.
   *
   * @param knownChild true for a child the class reads itself
   */
  public static Unmodelled of(
      Element e, Set<String> knownAttributes, Predicate<Element> knownChild) {
    List<String> attributes = new ArrayList<>();
    for (int i = 0; i < e.attributeCount(); i++) {
      String key = e.attributeKey(i);
      if (!knownAttributes.contains(key) && !key.equals("xmlns") && !key.startsWith("xmlns:")) {
        attributes.add(key);
        attributes.add(e.attributeValue(i));
      }
    }
    List<Element> children = new ArrayList<>();
    for (Element c : e.elements()) {
      if (!knownChild.test(c)) {
        children.add(c);
      }
    }
    return attributes.isEmpty() && children.isEmpty() ? NONE : new Unmodelled(attributes, children);
  }

  /** The unmodelled attribute's value, or null. */
  public String attribute(String key) {
    for (int i = 0; i < attributes.size(); i += 2) {
      if (attributes.get(i).equals(key)) {
        return attributes.get(i + 1);
      }
    }
    return null;
  }

  /** Copies of the unmodelled child elements, in order. */
  public List<Element> children() {
    return children.stream().map(Element::copy).toList();
  }

  public boolean isEmpty() {
    return attributes.isEmpty() && children.isEmpty();
  }

  /** Writes the attributes and copies of the children into {@code e}; returns {@code e}. */
  public Element addTo(Element e) {
    for (int i = 0; i < attributes.size(); i += 2) {
      if (e.attr(attributes.get(i)) == null) {
        e.attr(attributes.get(i), attributes.get(i + 1));
      }
    }
    children.forEach(c -> e.add(c.copy()));
    return e;
  }

  private List<String> childrenXml() {
    return children.stream().map(Element::toXml).toList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Unmodelled u
        && attributes.equals(u.attributes)
        && childrenXml().equals(u.childrenXml());
  }

  @Override
  public int hashCode() {
    return Objects.hash(attributes, childrenXml());
  }

  @Override
  public String toString() {
    return "Unmodelled" + attributes + childrenXml();
  }
}
