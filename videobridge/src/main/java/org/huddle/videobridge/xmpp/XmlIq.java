package org.huddle.videobridge.xmpp;

import org.huddle.videobridge.colibri2.XmlElement;
import org.jivesoftware.smack.packet.IQ;

/** An IQ whose child is one of our {@link XmlElement} trees. */
final class XmlIq extends IQ {
  private final XmlElement element;

  XmlIq(XmlElement element) {
    super(element.name(), element.namespace());
    this.element = element;
  }

  XmlElement element() {
    return element;
  }

  @Override
  protected IQChildElementXmlStringBuilder getIQChildElementBuilder(
      IQChildElementXmlStringBuilder xml) {
    element.attributes().forEach(xml::attribute);
    if (element.children().isEmpty() && element.text().isEmpty()) {
      xml.setEmptyElement();
      return xml;
    }
    xml.rightAngleBracket();
    xml.escape(element.text());
    xml.append(element.childrenXml());
    return xml;
  }
}
