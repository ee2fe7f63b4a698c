package org.huddle.xmpp.server.muc;

import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.Test;

/** The room's subject (XEP-0045 §8.1), the subject concern. */
class SubjectTest extends Rooms {

  @Test
  void theSubjectIsSetByModeratorsAndGivenToNewcomers() {
    Peer alice = t.anonymous("alice");
    Peer bob = t.anonymous("bob");
    enters(alice, "alice");
    alice.sends("<message to='{room}' type='groupchat'><subject>Sprint 42</subject></message>");
    alice.receives(
        "<message from='{room}/alice' type='groupchat'><subject>Sprint 42</subject></message>");
    asksToEnter(bob, "bob");
    bob.eventuallyReceives(
        "<message from='{room}/alice' type='groupchat'><subject>Sprint 42</subject></message>");
    bob.sends("<message to='{room}' type='groupchat'><subject>mine now</subject></message>");
    bob.receives(
        "<message type='error' from='{room}'><error>"
            + "<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
  }
}
