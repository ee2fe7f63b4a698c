package org.huddle.xmpp.server.muc;

import static org.assertj.core.api.Assertions.assertThat;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.Test;

/** Entering a room (XEP-0045 §7.2): creation, occupants' presence, nicknames. */
class JoinTest extends Rooms {

  @Test
  void theFirstJoinCreatesAnInstantRoomOwnedByItsCreator() {
    Peer alice = t.anonymous("alice");
    asksToEnter(alice, "alice");
    alice.receives(
        "<presence from='{room}/alice'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<item affiliation='owner' role='moderator' jid='{alice}'/>"
            + "<status code='110'/><status code='201'/><status code='100'/></x></presence>");
  }

  @Test
  void laterOccupantsArePresentToEachOtherWithRealJids() {
    Peer alice = t.anonymous("alice");
    Peer bob = t.anonymous("bob");
    enters(alice, "alice");
    asksToEnter(bob, "bob");
    bob.receives(
        "<presence from='{room}/alice'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<item affiliation='owner' role='moderator' jid='{alice}'/></x></presence>");
    Element self =
        bob.receives(
            "<presence from='{room}/bob'><x xmlns='http://jabber.org/protocol/muc#user'>"
                + "<item role='participant' jid='{bob}'/><status code='110'/></x></presence>");
    assertThat(self.child("x", MUC + "#user").elements("status", MUC + "#user"))
        .extracting(status -> status.attr("code"))
        .doesNotContain("201");
    alice.receives(
        "<presence from='{room}/bob'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<item role='participant' jid='{bob}'/></x></presence>");
  }

  @Test
  void aNicknameInUseIsAConflict() {
    Peer alice = t.anonymous("alice");
    Peer bob = t.anonymous("bob");
    enters(alice, "same");
    asksToEnter(bob, "same");
    bob.receives(
        "<presence type='error' from='{room}/same'><error type='cancel'>"
            + "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>");
  }

  @Test
  void aNickTheServiceNormalizedIsFlagged210() {
    Peer alice = t.anonymous("alice");
    alice.sends("<presence to='{room}/Ⅸ'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
    alice.receives(
        "<presence from='{room}/IX'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<status code='110'/><status code='210'/></x></presence>");
  }
}
