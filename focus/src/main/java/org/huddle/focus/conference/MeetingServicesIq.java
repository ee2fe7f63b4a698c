package org.huddle.focus.conference;

import java.util.List;
import org.huddle.focus.selection.TurnServer;
import org.huddle.focus.xml.Xml;
import org.huddle.xmpp.codec.Element;

/**
 * The focus's message to the XMPP server that sets a meeting's TURN servers, Huddle's own (no XEP
 * has one; docs/xmpp-server.md, "A meeting's TURN servers"): an IQ set to the server's domain,
 * which answers it only from the focus's account or component.
 *
 * <pre>{@code
 * <iq type='set' to='meet.jitsi'>
 *   <meeting-services xmlns='urn:huddle:meeting-services:0' room='standup@muc.meet.jitsi'>
 *     <service type='turn' host='turn1.example.org' port='3478' transport='udp'/>
 *   </meeting-services>
 * </iq>
 * }</pre>
 *
 * The {@code service} elements carry XEP-0215's attributes; none clears the room's servers.
 */
final class MeetingServicesIq {
  static final String ELEMENT = "meeting-services";
  static final String NAMESPACE = "urn:huddle:meeting-services:0";

  private MeetingServicesIq() {}

  /** The set for {@code room} (its bare JID) on the server of {@code xmppDomain}. */
  static Element set(String xmppDomain, String room, List<TurnServer> servers) {
    Element q = new Element(ELEMENT, NAMESPACE).attr("room", room);
    for (TurnServer t : servers) {
      q.add(
          new Element("service", NAMESPACE)
              .attr("type", t.type())
              .attr("host", t.host())
              .attr("port", Integer.toString(t.port()))
              .attr("transport", t.transport()));
    }
    return Xml.iq("set", xmppDomain, q);
  }
}
