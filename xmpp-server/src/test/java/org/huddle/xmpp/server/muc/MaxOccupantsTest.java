package org.huddle.xmpp.server.muc;

import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.Test;

/** A room's occupant limit ({@code muc#roomconfig_maxusers}), the max-occupants concern. */
class MaxOccupantsTest extends Rooms {

  @Test
  void aFullRoomRefusesWithServiceUnavailable() {
    Peer owner = t.anonymous("owner");
    enters(owner, "owner");
    configures(owner, "<field var='muc#roomconfig_maxusers'><value>2</value></field>");
    enters(t.anonymous("second"), "second");
    Peer third = t.anonymous("third");
    asksToEnter(third, "third");
    third.receives(
        "<presence type='error' from='{room}/third'><error>"
            + "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
            + "</error></presence>");
  }
}
