package org.huddle.xmpp.server.muc;

import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.Test;

/**
 * Granting and revoking moderator as Jitsi's client does it (lib-jitsi-meet's grantOwner and
 * revokeOwner): a muc#admin item keyed by nick with affiliation owner, then none; the room makes
 * the occupant a moderator, then a participant again, and says so to everyone.
 */
class RevokeOwnerTest extends Rooms {
  static void setsAffiliation(Peer owner, String id, String nick, String affiliation) {
    owner.sends(
        "<iq type='set' id='"
            + id
            + "' to='{room}'><query xmlns='"
            + ADMIN
            + "'><item nick='"
            + nick
            + "' affiliation='"
            + affiliation
            + "'><reason>Your affiliation has been changed to '"
            + affiliation
            + "'.</reason></item></query></iq>");
  }

  @Test
  void anOwnerRevokesAnotherOwnerByNick() {
    Peer alice = t.anonymous("alice");
    Peer bob = t.anonymous("bob");
    enters(alice, "alice");
    enters(bob, "bob");
    setsAffiliation(alice, "g1", "bob", "owner");
    alice.eventuallyReceives("<iq type='result' id='g1'/>");
    bob.eventuallyReceives(
        "<presence from='{room}/bob'><x xmlns='"
            + MUC
            + "#user'><item affiliation='owner' role='moderator'/><status code='110'/></x>"
            + "</presence>");
    setsAffiliation(alice, "r1", "bob", "none");
    // The room tells everyone before it answers the owner.
    alice.eventuallyReceives(
        "<presence from='{room}/bob'><x xmlns='"
            + MUC
            + "#user'><item affiliation='none' role='participant'/></x></presence>");
    alice.eventuallyReceives("<iq type='result' id='r1'/>");
    bob.eventuallyReceives(
        "<presence from='{room}/bob'><x xmlns='"
            + MUC
            + "#user'><item affiliation='none' role='participant'/><status code='110'/></x>"
            + "</presence>");
  }

  @Test
  void aParticipantCannotRevokeAnOwner() {
    Peer alice = t.anonymous("alice");
    Peer bob = t.anonymous("bob");
    enters(alice, "alice");
    enters(bob, "bob");
    setsAffiliation(bob, "r1", "alice", "none");
    bob.eventuallyReceives(
        "<iq type='error' id='r1'><error><forbidden"
            + " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
  }
}
