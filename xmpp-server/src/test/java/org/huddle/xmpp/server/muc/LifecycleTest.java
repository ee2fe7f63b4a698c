package org.huddle.xmpp.server.muc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.Transcript;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.Test;

/** How rooms end (XEP-0045 §7.14, §10.9): emptied, left by a lost client, destroyed. */
class LifecycleTest extends Rooms {

  private Room serverSide() {
    return server.server().server().muc(TestServer.MUC).room(Jid.ofOrNull(room));
  }

  @Test
  void aRoomIsDestroyedWhenItsLastOccupantLeaves() {
    Peer alice = t.anonymous("alice");
    enters(alice, "alice");
    assertThat(serverSide()).isNotNull();
    alice.sends("<presence type='unavailable' to='{room}/alice'/>");
    alice.receives("<presence type='unavailable' from='{room}/alice'/>");
    await().atMost(Transcript.WAIT).until(() -> serverSide() == null);
    alice.sends(
        "<iq type='get' id='info' to='{room}'>"
            + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
    alice.receives(
        "<iq type='error' id='info'><error>"
            + "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
  }

  /** An in-memory client has no stream management: the session ends with the connection. */
  @Test
  void anOccupantWhoDisconnectsLeavesTheRoom() {
    Peer alice = t.anonymous("alice");
    Peer bob = t.anonymous("bob");
    enters(alice, "alice");
    enters(bob, "bob");
    bob.drops();
    alice.eventuallyReceives("<presence type='unavailable' from='{room}/bob'/>");
  }

  @Test
  void theOwnerCanDestroyTheRoom() {
    Peer owner = t.anonymous("owner");
    Peer bob = t.anonymous("bob");
    enters(owner, "owner");
    enters(bob, "bob");
    owner.sends(
        "<iq type='set' id='destroy' to='{room}'><query xmlns='"
            + OWNER
            + "'><destroy><reason>meeting over</reason></destroy></query></iq>");
    // Whoever's departure bob hears first carries the reason.
    bob.receives(
        "<presence type='unavailable'><x xmlns='"
            + MUC
            + "#user'><destroy><reason>meeting over</reason></destroy></x></presence>");
  }
}
