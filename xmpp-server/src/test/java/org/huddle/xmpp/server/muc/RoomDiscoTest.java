package org.huddle.xmpp.server.muc;

import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.Test;

/** Discovering the service and its rooms (XEP-0045 §6), the room-info concern. */
class RoomDiscoTest extends Rooms {

  @Test
  void theServiceAndItsRoomsAnswerDisco() {
    t.let("service", TestServer.MUC);
    Peer owner = t.anonymous("owner");
    enters(owner, "owner");
    configures(
        owner,
        "<field var='muc#roomconfig_passwordprotectedroom'><value>1</value></field>"
            + "<field var='muc#roomconfig_roomsecret'><value>x</value></field>");
    owner.sends(
        "<iq type='get' id='service' to='{service}'>"
            + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
    owner.receives(
        "<iq type='result' id='service' from='{service}'>"
            + "<query xmlns='http://jabber.org/protocol/disco#info'>"
            + "<identity category='conference' type='text'/>"
            + "<feature var='http://jabber.org/protocol/muc'/></query></iq>");
    owner.sends(
        "<iq type='get' id='room' to='{room}'>"
            + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
    owner.receives(
        "<iq type='result' id='room' from='{room}'>"
            + "<query xmlns='http://jabber.org/protocol/disco#info'>"
            + "<feature var='muc_passwordprotected'/><feature var='muc_nonanonymous'/>"
            + "<feature var='muc_temporary'/></query></iq>");
    owner.sends(
        "<iq type='get' id='items' to='{service}'>"
            + "<query xmlns='http://jabber.org/protocol/disco#items'/></iq>");
    owner.receives(
        "<iq type='result' id='items'><query xmlns='http://jabber.org/protocol/disco#items'>"
            + "<item jid='{room}'/></query></iq>");
  }
}
