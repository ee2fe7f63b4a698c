package org.huddle.xmpp.server.muc;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.routing.StanzaEvent;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.Kind;
import org.huddle.xmpp.server.routing.StanzaEvents.To;

/**
 * IQs between occupants (XEP-0045 §7.5 extended to IQ, as Prosody does): a request to an occupant
 * JID reaches that occupant's real JID from the sender's occupant JID; its answer, addressed back
 * to that occupant JID, returns the same way. Jitsi's focus sends Jingle to participants like this.
 */
final class OccupantIq {
  private OccupantIq() {}

  static void install(MucService service) {
    service.host().events().on(StanzaEvents.stanza(Kind.IQ, To.FULL), e -> forward(service, e));
  }

  private static boolean forward(MucService service, StanzaEvent e) {
    boolean request = "get".equals(e.type()) || "set".equals(e.type());
    Room room = service.room(e.to().bare());
    if (room == null) {
      e.error(Condition.ITEM_NOT_FOUND, "no such room");
      return true;
    }
    Occupant sender = room.occupantByRealJid(e.from());
    if (sender == null) {
      if (request) {
        e.error(Condition.NOT_ACCEPTABLE, "you are not in this room");
      }
      return true;
    }
    Occupant target = room.occupant(e.to().resource());
    if (target == null) {
      e.error(Condition.ITEM_NOT_FOUND, "no such occupant");
      return true;
    }
    Element iq = e.stanza().copy().attr("from", sender.occupantJid().toString());
    room.send(target, iq);
    return true;
  }
}
