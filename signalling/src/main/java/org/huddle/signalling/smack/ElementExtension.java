package org.huddle.signalling.smack;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.XmlWriter;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;

/** An {@link Element} as a Smack extension element (presence payloads, error conditions). */
public final class ElementExtension implements ExtensionElement {
  private final Element element;

  public ElementExtension(Element element) {
    this.element = element;
  }

  @Override
  public String getElementName() {
    return element.name();
  }

  @Override
  public String getNamespace() {
    return element.namespace();
  }

  @Override
  public CharSequence toXML(XmlEnvironment enclosing) {
    String inherited = enclosing == null ? "" : enclosing.getEffectiveNamespaceOrUse("");
    return XmlWriter.write(element, inherited == null ? "" : inherited);
  }
}
