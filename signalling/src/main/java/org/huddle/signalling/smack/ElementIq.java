package org.huddle.signalling.smack;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.XmlWriter;
import org.jivesoftware.smack.packet.IQ;

/** A Smack IQ whose payload is an {@link Element} tree, written as it is. */
public final class ElementIq extends IQ {
  private final Element payload;

  public ElementIq(Element payload) {
    super(payload.name(), payload.namespace());
    this.payload = payload;
  }

  /** The payload element. */
  public Element payload() {
    return payload;
  }

  @Override
  protected IQChildElementXmlStringBuilder getIQChildElementBuilder(
      IQChildElementXmlStringBuilder xml) {
    for (int i = 0; i < payload.attributeCount(); i++) {
      xml.attribute(payload.attributeKey(i), payload.attributeValue(i));
    }
    if (payload.nodes().isEmpty()) {
      xml.setEmptyElement();
      return xml;
    }
    xml.rightAngleBracket();
    StringBuilder inner = new StringBuilder();
    for (Object node : payload.nodes()) {
      if (node instanceof Element child) {
        XmlWriter.write(child, payload.namespace(), inner);
      } else {
        XmlWriter.escapeText((String) node, inner);
      }
    }
    xml.append(inner);
    return xml;
  }
}
