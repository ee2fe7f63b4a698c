package org.huddle.signalling;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.ParserLimits;
import org.huddle.xmpp.codec.StreamError;
import org.huddle.xmpp.codec.XmlStreamParser;

/** Reading signalling text into elements, with the codec's parser and its limits. */
public final class Xml {
  private Xml() {}

  /**
   * Parses one complete element, with the shared parser's limits (no DTDs or entities, bounded size
   * and depth). Unqualified elements get {@code jabber:client}, as on a client stream.
   *
   * @throws IllegalArgumentException when the text is not one well-formed element within limits
   */
  public static Element parse(String xml) {
    List<Element> out = new ArrayList<>(1);
    XmlStreamParser parser =
        new XmlStreamParser(
            ParserLimits.DEFAULT,
            XmlStreamParser.Mode.FRAMED,
            new XmlStreamParser.Handler() {
              @Override
              public void streamOpened(Element header) {}

              @Override
              public void element(Element element) {
                out.add(element);
              }

              @Override
              public void streamClosed() {}
            });
    try {
      byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
      parser.feed(bytes, 0, bytes.length);
    } catch (StreamError e) {
      throw new IllegalArgumentException("not a well-formed element: " + e.getMessage(), e);
    }
    if (out.size() != 1) {
      throw new IllegalArgumentException("expected one element, found " + out.size());
    }
    return out.get(0);
  }

  /** The IQ's payload, its first child element other than {@code error}, or null. */
  public static Element payload(Element iq) {
    for (Element c : iq.elements()) {
      if (!c.name().equals("error")) {
        return c;
      }
    }
    return null;
  }
}
