package org.huddle.videobridge.xmpp;

import java.util.Map;
import javax.xml.namespace.QName;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.XmlStringBuilder;

/**
 * The brewery presence's statistics (shared/WIRE.md §4): {@code <stats
 * xmlns='http://jitsi.org/protocol/colibri'><stat name= value=/>...</stats>}.
 */
final class StatsExtension implements ExtensionElement {
  static final String ELEMENT = "stats";
  static final String NAMESPACE = "http://jitsi.org/protocol/colibri";
  static final QName QNAME = new QName(NAMESPACE, ELEMENT);

  private final Map<String, Object> stats;

  StatsExtension(Map<String, Object> stats) {
    this.stats = Map.copyOf(stats);
  }

  @Override
  public String getElementName() {
    return ELEMENT;
  }

  @Override
  public String getNamespace() {
    return NAMESPACE;
  }

  @Override
  public XmlStringBuilder toXML(XmlEnvironment enclosingNamespace) {
    XmlStringBuilder xml = new XmlStringBuilder(this, enclosingNamespace);
    xml.rightAngleBracket();
    new java.util.TreeMap<>(stats)
        .forEach(
            (k, v) ->
                xml.halfOpenElement("stat")
                    .attribute("name", k)
                    .attribute("value", String.valueOf(v))
                    .closeEmptyElement());
    xml.closeElement(this);
    return xml;
  }
}
