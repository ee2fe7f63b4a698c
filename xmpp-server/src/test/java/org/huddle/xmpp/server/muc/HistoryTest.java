package org.huddle.xmpp.server.muc;

import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.Test;

/** Discussion history (XEP-0045 §7.2.15), the history concern. */
class HistoryTest extends Rooms {

  @Test
  void historyIsReplayedToNewcomersWithADelayStamp() {
    Peer alice = t.anonymous("alice");
    Peer bob = t.anonymous("bob");
    enters(alice, "alice");
    alice.sends("<message to='{room}' type='groupchat'><body>one</body></message>");
    alice.sends("<message to='{room}' type='groupchat'><body>two</body></message>");
    // The room has recorded both once alice hears the second back.
    alice.receives("<message from='{room}/alice' type='groupchat'><body>one</body></message>");
    alice.receives("<message from='{room}/alice' type='groupchat'><body>two</body></message>");
    asksToEnter(bob, "bob");
    bob.eventuallyReceives(
        "<message from='{room}/alice' type='groupchat'><body>one</body>"
            + "<delay xmlns='urn:xmpp:delay' stamp='{*}'/></message>");
    bob.receives("<message from='{room}/alice' type='groupchat'><body>two</body></message>");
  }
}
