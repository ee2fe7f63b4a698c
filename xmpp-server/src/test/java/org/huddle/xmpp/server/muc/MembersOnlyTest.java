package org.huddle.xmpp.server.muc;

import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.Test;

/** Members-only rooms (XEP-0045 §7.2.5), the members-only concern. */
class MembersOnlyTest extends Rooms {

  @Test
  void membersOnlyRefusesNonMembersWithRegistrationRequired() {
    Peer owner = t.anonymous("owner");
    enters(owner, "owner");
    configures(owner, "<field var='muc#roomconfig_membersonly'><value>1</value></field>");
    Peer stranger = t.anonymous("stranger");
    asksToEnter(stranger, "stranger");
    stranger.receives(
        "<presence type='error' from='{room}/stranger'><error>"
            + "<registration-required xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
            + "</error></presence>");
    Peer friend = t.anonymous("friend");
    owner.sends(
        "<iq type='set' id='member' to='{room}'><query xmlns='"
            + ADMIN
            + "'><item affiliation='member' jid='{friend.bare}'/></query></iq>");
    owner.eventuallyReceives("<iq type='result' id='member'/>");
    asksToEnter(friend, "friend");
    friend.eventuallyReceives(
        "<presence from='{room}/friend'><x xmlns='"
            + MUC
            + "#user'><item affiliation='member'/><status code='110'/></x></presence>");
  }
}
