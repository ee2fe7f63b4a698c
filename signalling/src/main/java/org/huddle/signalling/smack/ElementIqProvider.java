package org.huddle.signalling.smack;

import java.io.IOException;
import org.huddle.xmpp.codec.Element;
import org.jivesoftware.smack.packet.IqData;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.IqProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jxmpp.JxmppContext;

/**
 * Reads an IQ payload into an {@link ElementIq}, whatever it holds, within bounds on element count
 * and depth (a hostile peer must not make the focus build huge trees).
 */
public final class ElementIqProvider extends IqProvider<ElementIq> {
  private static final int DEFAULT_MAX_ELEMENTS = 20_000;
  private static final int MAX_DEPTH = 32;

  private final int maxElements;

  /** With room for a large conference's Jingle: 20,000 elements. */
  public ElementIqProvider() {
    this(DEFAULT_MAX_ELEMENTS);
  }

  /**
   * @param maxElements the most elements one payload may hold
   */
  public ElementIqProvider(int maxElements) {
    this.maxElements = maxElements;
  }

  @Override
  public ElementIq parse(
      XmlPullParser parser,
      int initialDepth,
      IqData iqData,
      XmlEnvironment xmlEnvironment,
      JxmppContext jxmppContext)
      throws XmlPullParserException, IOException {
    int[] budget = {maxElements};
    return new ElementIq(read(parser, budget, 0));
  }

  private static Element read(XmlPullParser p, int[] budget, int depth)
      throws XmlPullParserException, IOException {
    if (--budget[0] < 0 || depth > MAX_DEPTH) {
      throw new IOException("too many or too deeply nested elements");
    }
    Element e = new Element(p.getName(), p.getNamespace());
    for (int i = 0; i < p.getAttributeCount(); i++) {
      String prefix = p.getAttributePrefix(i);
      String name = p.getAttributeName(i);
      e.attr(
          prefix == null || prefix.isEmpty() ? name : prefix + ":" + name, p.getAttributeValue(i));
    }
    int level = p.getDepth();
    while (true) {
      switch (p.next()) {
        case START_ELEMENT -> e.add(read(p, budget, depth + 1));
        case TEXT_CHARACTERS -> e.text(p.getText());
        case END_ELEMENT -> {
          if (p.getDepth() == level) {
            return e;
          }
        }
        case END_DOCUMENT -> throw new IOException("document ended inside <" + e.name() + ">");
        default -> {}
      }
    }
  }
}
