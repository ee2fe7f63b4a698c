package org.huddle.xmpp.server.muc;

import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.Test;

/** The room configuration form (XEP-0045 §10.2). */
class ConfigFormTest extends Rooms {

  @Test
  void onlyOwnersSeeTheForm() {
    enters(t.anonymous("owner"), "owner");
    Peer guest = t.anonymous("guest");
    enters(guest, "guest");
    guest.sends("<iq type='get' id='form' to='{room}'><query xmlns='" + OWNER + "'/></iq>");
    guest.receives(
        "<iq type='error' id='form'><error>"
            + "<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
  }
}
