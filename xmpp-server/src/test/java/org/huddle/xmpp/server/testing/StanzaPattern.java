package org.huddle.xmpp.server.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.ParserLimits;
import org.huddle.xmpp.codec.StreamError;
import org.huddle.xmpp.codec.XmlStreamParser;

/**
 * An element a transcript expects, written as XML, matched on what it says and nothing more: the
 * element's name and namespace, the attributes it gives (with the value {@value #ANY} for "present,
 * any value"), its text if it has any, and its child elements, each matching a different child of
 * the received element in any order. Attributes, children and text it leaves out are not looked at.
 */
public final class StanzaPattern {
  /** An attribute value or text that matches any value, as long as there is one. */
  public static final String ANY = "{*}";

  private final Element expected;

  private StanzaPattern(Element expected) {
    this.expected = expected;
  }

  /** Parses one element; an unqualified one is in {@code jabber:client}, as on a client stream. */
  public static StanzaPattern parse(String xml) {
    return new StanzaPattern(parseElement(xml));
  }

  /** Parses one element with the codec's own parser (and its limits). */
  public static Element parseElement(String xml) {
    List<Element> out = new ArrayList<>(1);
    XmlStreamParser parser =
        new XmlStreamParser(
            ParserLimits.DEFAULT,
            XmlStreamParser.Mode.FRAMED,
            new InMemoryStream.Parsed(
                e -> {
                  if (e instanceof InMemoryStream.Received r) {
                    out.add(r.element());
                  }
                }));
    try {
      byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
      parser.feed(bytes, 0, bytes.length);
    } catch (StreamError e) {
      throw new IllegalArgumentException("not well-formed XML: " + xml + " (" + e + ")", e);
    }
    if (out.size() != 1) {
      throw new IllegalArgumentException("expected one element, found " + out.size() + ": " + xml);
    }
    return out.get(0);
  }

  /** Whether {@code actual} matches. */
  public boolean matches(Element actual) {
    return mismatch(actual) == null;
  }

  /** Why {@code actual} does not match, or null when it does. */
  public String mismatch(Element actual) {
    return mismatch(expected, actual, "/" + expected.name());
  }

  private static String mismatch(Element want, Element got, String path) {
    if (!want.name().equals(got.name()) || !want.namespace().equals(got.namespace())) {
      return path
          + ": expected <"
          + want.name()
          + "> in "
          + want.namespace()
          + ", got <"
          + got.name()
          + "> in "
          + got.namespace();
    }
    for (int i = 0; i < want.attributeCount(); i++) {
      String key = want.attributeKey(i);
      if (key.equals("xmlns") || key.startsWith("xmlns:")) {
        continue;
      }
      String value = want.attributeValue(i);
      String actual = got.attr(key);
      if (actual == null) {
        return path + ": no attribute " + key + " (expected '" + value + "')";
      }
      if (!value.equals(ANY) && !value.equals(actual)) {
        return path + "/@" + key + ": expected '" + value + "', got '" + actual + "'";
      }
    }
    String text = want.text();
    if (text != null && !text.isBlank()) {
      String actual = got.text() == null ? "" : got.text().strip();
      if (text.strip().equals(ANY) ? actual.isEmpty() : !text.strip().equals(actual)) {
        return path + ": expected text '" + text.strip() + "', got '" + actual + "'";
      }
    }
    return childrenMismatch(
        want.elements(), got.elements(), 0, new boolean[got.elementCount()], path);
  }

  /** Matches each wanted child to a distinct child, backtracking (patterns are small). */
  private static String childrenMismatch(
      List<Element> want, List<Element> got, int next, boolean[] used, String path) {
    if (next == want.size()) {
      return null;
    }
    Element w = want.get(next);
    String closest = null;
    for (int i = 0; i < got.size(); i++) {
      if (used[i]) {
        continue;
      }
      String why = mismatch(w, got.get(i), path + "/" + w.name());
      if (why == null) {
        used[i] = true;
        String rest = childrenMismatch(want, got, next + 1, used, path);
        used[i] = false;
        if (rest == null) {
          return null;
        }
        closest = rest;
      } else if (closest == null || got.get(i).name().equals(w.name())) {
        closest = why;
      }
    }
    return closest != null ? closest : path + ": no child <" + w.name() + "> in " + w.namespace();
  }

  @Override
  public String toString() {
    return expected.toXml();
  }
}
