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
 * Reads an IQ payload into an {@link ElementIq}, whatever it holds, with every element's namespace
 * and every attribute's prefix, within a ceiling on element count and depth that no connection may
 * go past (a hostile peer must not make a role build huge trees). One instance serves the JVM: it
 * carries no role's limits, which each connection's {@link StanzaReader} applies.
 */
final class ElementIqProvider extends IqProvider<ElementIq> {
  private static final int MAX_DEPTH = 32;

  private final int maxElements;

  /**
   * @param maxElements the most elements one payload may hold, for any connection
   */
  ElementIqProvider(int maxElements) {
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
