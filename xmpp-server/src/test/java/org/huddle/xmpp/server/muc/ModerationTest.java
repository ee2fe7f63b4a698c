package org.huddle.xmpp.server.muc;

import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Roles (XEP-0045 §8): kicking, voice, granting moderator. */
class ModerationTest extends Rooms {
  Peer alice;
  Peer bob;

  /** alice created the room (a moderator); bob is a participant, and alice has seen him enter. */
  @BeforeEach
  void occupants() {
    alice = t.anonymous("alice");
    bob = t.anonymous("bob");
    enters(alice, "alice");
    enters(bob, "bob");
    alice.receives("<presence from='{room}/bob'/>");
  }

  private static String role(String nick, String role, String reason) {
    return "<iq type='set' id='role' to='{room}'><query xmlns='"
        + ADMIN
        + "'><item nick='"
        + nick
        + "' role='"
        + role
        + "'>"
        + (reason == null ? "" : "<reason>" + reason + "</reason>")
        + "</item></query></iq>";
  }

  @Test
  void aModeratorKicksAParticipantWith307() {
    alice.sends(role("bob", "none", "not today"));
    bob.receives(
        "<presence type='unavailable' from='{room}/bob'><x xmlns='"
            + MUC
            + "#user'><item role='none'><reason>not today</reason></item>"
            + "<status code='307'/><status code='110'/></x></presence>");
    alice.receivesInAnyOrder(
        "<presence type='unavailable' from='{room}/bob'><x xmlns='"
            + MUC
            + "#user'><status code='307'/></x></presence>",
        "<iq type='result' id='role'/>");
  }

  @Test
  void aParticipantCannotKick() {
    bob.sends(role("alice", "none", "ha"));
    bob.receives("<iq type='error' id='role'><error/></iq>");
  }

  @Test
  void aModeratorChangesRolesAndAVisitorCannotSpeak() {
    alice.sends(role("bob", "visitor", null));
    alice.eventuallyReceives(
        "<presence from='{room}/bob'><x xmlns='"
            + MUC
            + "#user'><item role='visitor'/></x></presence>");
    bob.sends("<message to='{room}' type='groupchat'><body>can I talk?</body></message>");
    bob.eventuallyReceives(
        "<message type='error'><error>"
            + "<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
    alice.sends(role("bob", "moderator", null));
    alice.eventuallyReceives(
        "<presence from='{room}/bob'><x xmlns='"
            + MUC
            + "#user'><item role='moderator'/></x></presence>");
  }
}
