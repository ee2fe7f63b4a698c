package org.huddle.videobridge.xmpp;

import java.io.IOException;
import org.huddle.videobridge.colibri2.XmlElement;
import org.jivesoftware.smack.packet.IqData;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.IqProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/** Reads an IQ's child element into an {@link XmlElement} tree, whatever it is. */
final class XmlIqProvider extends IqProvider<XmlIq> {
  private static final int MAX_ELEMENTS = 10_000;
  private static final int MAX_DEPTH = 32;

  @Override
  public XmlIq parse(
      XmlPullParser parser,
      int initialDepth,
      IqData iqData,
      XmlEnvironment xmlEnvironment,
      org.jxmpp.JxmppContext jxmppContext)
      throws XmlPullParserException, IOException {
    int[] budget = {MAX_ELEMENTS};
    return new XmlIq(read(parser, budget, 0));
  }

  private static XmlElement read(XmlPullParser p, int[] budget, int depth)
      throws XmlPullParserException, IOException {
    if (--budget[0] < 0 || depth > MAX_DEPTH) {
      throw new IOException("too many or too deeply nested elements");
    }
    XmlElement e = new XmlElement(p.getName(), p.getNamespace());
    for (int i = 0; i < p.getAttributeCount(); i++) {
      e.attr(p.getAttributeName(i), p.getAttributeValue(i));
    }
    StringBuilder text = new StringBuilder();
    int level = p.getDepth();
    while (true) {
      XmlPullParser.Event ev = p.next();
      switch (ev) {
        case START_ELEMENT -> e.add(read(p, budget, depth + 1));
        case TEXT_CHARACTERS -> text.append(p.getText());
        case END_ELEMENT -> {
          if (p.getDepth() == level) {
            e.text(text.toString().trim());
            return e;
          }
        }
        case END_DOCUMENT -> throw new IOException("document ended inside <" + e.name() + ">");
        default -> {}
      }
    }
  }
}
