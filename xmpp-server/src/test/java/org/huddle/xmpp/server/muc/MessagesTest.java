package org.huddle.xmpp.server.muc;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.Test;

/** Messages and IQs in a room (XEP-0045 §7.4, §7.5): to everyone, to one occupant, refused. */
class MessagesTest extends Rooms {

  @Test
  void groupchatReachesEveryOccupantFromTheSendersOccupantJid() {
    Peer alice = t.anonymous("alice");
    Peer bob = t.anonymous("bob");
    enters(alice, "alice");
    enters(bob, "bob");
    bob.sends("<message to='{room}' type='groupchat'><body>standup in 5</body></message>");
    for (Peer p : new Peer[] {alice, bob}) {
      p.eventuallyReceives(
          "<message from='{room}/bob' type='groupchat'><body>standup in 5</body></message>");
    }
  }

  @Test
  void aPrivateMessageReachesOnlyItsOccupant() {
    Peer alice = t.anonymous("alice");
    Peer bob = t.anonymous("bob");
    Peer carol = t.anonymous("carol");
    enters(alice, "alice");
    enters(bob, "bob");
    enters(carol, "carol");
    alice.sends("<message to='{room}/bob' type='chat'><body>psst</body></message>");
    bob.eventuallyReceives("<message from='{room}/alice' type='chat'><body>psst</body></message>");
    carol.receivesNothingMore();
  }

  @Test
  void anIqToAnOccupantJidReachesThatOccupant() {
    Peer alice = t.anonymous("alice");
    Peer bob = t.anonymous("bob");
    enters(alice, "alice");
    enters(bob, "bob");
    alice.sends("<iq type='get' id='ping1' to='{room}/bob'><ping xmlns='urn:xmpp:ping'/></iq>");
    Element ping =
        bob.eventuallyReceives(
            "<iq type='get' from='{room}/alice'><ping xmlns='urn:xmpp:ping'/></iq>");
    bob.sends("<iq type='result' id='" + ping.attr("id") + "' to='{room}/alice'/>");
    alice.eventuallyReceives("<iq type='result' id='ping1' from='{room}/bob'/>");
  }

  @Test
  void outsidersCannotSpeakInTheRoom() {
    Peer alice = t.anonymous("alice");
    Peer outsider = t.anonymous("outsider");
    enters(alice, "alice");
    outsider.sends("<message to='{room}' type='groupchat'><body>x</body></message>");
    outsider.receives(
        "<message type='error' from='{room}'><error>"
            + "<not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
  }
}
