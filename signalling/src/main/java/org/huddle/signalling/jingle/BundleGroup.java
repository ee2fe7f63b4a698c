package org.huddle.signalling.jingle;

import java.util.ArrayList;
import java.util.List;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * Contents that share one transport, {@code <group semantics='BUNDLE'><content name=/></group>}
 * (XEP-0338 §3, https://xmpp.org/extensions/xep-0338.html; RFC 8843). See docs/wire.md#jingle.
 *
 * @param semantics {@code BUNDLE}
 * @param contents the names of the bundled contents
 */
public record BundleGroup(String semantics, List<String> contents) {
  public static final String ELEMENT = "group";
  public static final String NAMESPACE = WireNamespaces.GROUPING;
  static final String CONTENT = "content";

  public BundleGroup {
    contents = List.copyOf(contents);
  }

  public static BundleGroup bundle(List<String> contents) {
    return new BundleGroup("BUNDLE", contents);
  }

  public static BundleGroup parse(Element g) {
    List<String> names = new ArrayList<>();
    for (Element c : g.elements(CONTENT, null)) {
      names.add(c.attr("name"));
    }
    return new BundleGroup(g.attr("semantics"), names);
  }

  public Element toElement() {
    Element g = new Element(ELEMENT, NAMESPACE).attr("semantics", semantics);
    contents.forEach(n -> g.addChild(CONTENT, NAMESPACE).attr("name", n));
    return g;
  }
}
