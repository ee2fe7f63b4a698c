package org.huddle.xmpp.server.features.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.Transcript;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jitsi's polls in a meeting room, as lib-jitsi-meet's {@code sendMessage({type: 'new-poll', ...})}
 * sends them (docs/wire.md, "Polls"): they reach everyone, the room keeps them with their votes for
 * joiners, and bad poll messages are refused to their sender and reach nobody else.
 */
class PollsTest {
  static final String JITMEET = "http://jitsi.org/jitmeet";
  static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
  private static final AtomicInteger ROOMS = new AtomicInteger();

  @RegisterExtension static final TestServerExtension server = TestServerExtension.inMemory();

  Transcript t;
  Peer alice;
  Peer bob;

  @BeforeEach
  void aliceAndBob() {
    t = server.transcript();
    t.let("room", "polls" + ROOMS.incrementAndGet() + "@" + TestServer.MUC);
    alice = t.anonymous("alice");
    bob = t.anonymous("bob");
    enters(alice, "a1", "Alice");
    enters(bob, "b2", "Bob");
    alice.eventuallyReceives("<presence from='{room}/b2'/>");
  }

  static void enters(Peer peer, String nick, String name) {
    ComponentsTest.enters(peer, nick, name);
  }

  static void sendsJson(Peer peer, String json) {
    peer.sends(
        "<message to='{room}' type='groupchat'><json-message xmlns='"
            + JITMEET
            + "'>"
            + json.replace("&", "&amp;").replace("<", "&lt;")
            + "</json-message></message>");
  }

  static String receivesJson(Peer peer, String from) {
    Element m =
        peer.eventuallyReceives(
            "<message from='" + from + "'><json-message xmlns='" + JITMEET + "'/></message>");
    return m.child("json-message", JITMEET).text();
  }

  /** The sender gets a message error with this condition, and nothing else happens. */
  static void refused(Peer sender, String condition) {
    sender.eventuallyReceives(
        "<message type='error' from='{room}'><error><"
            + condition
            + " xmlns='"
            + STANZAS
            + "'/></error></message>");
  }

  static long dropped() {
    return server.server().server().polls(TestServer.MUC).dropped();
  }

  static final String NEW_POLL =
      "{\"type\":\"new-poll\",\"pollId\":\"p1\",\"senderId\":\"a1\",\"senderName\":\"Alice\","
          + "\"question\":\"Lunch?\",\"answers\":[\"Pizza\",\"Soup\",\"Salad\"]}";

  @Test
  void aPollReachesEveryoneAndAJoinerGetsItWithTheVotes() {
    sendsJson(alice, NEW_POLL);
    assertThat(receivesJson(bob, "{room}/a1")).isEqualTo(NEW_POLL);
    sendsJson(
        bob,
        "{\"type\":\"answer-poll\",\"pollId\":\"p1\",\"voterId\":\"b2\",\"voterName\":\"Bob\","
            + "\"answers\":[false,true,false]}");
    assertThat(receivesJson(alice, "{room}/b2")).contains("\"answer-poll\"");
    sendsJson(
        alice,
        "{\"type\":\"answer-poll\",\"pollId\":\"p1\",\"voterId\":\"a1\",\"voterName\":\"Alice\","
            + "\"answers\":[true,true,false]}");
    receivesJson(bob, "{room}/a1");

    Peer carol = t.anonymous("carol");
    carol.sends(
        "<presence to='{room}/c3'><x xmlns='http://jabber.org/protocol/muc'/>"
            + "<nick xmlns='http://jabber.org/protocol/nick'>Carol</nick></presence>");
    Element old =
        carol.eventuallyReceives(
            "<message from='{room}'><json-message xmlns='" + JITMEET + "'/></message>");
    assertThat(old.attr("type")).as("sent to the joiner alone, no groupchat").isNull();
    assertThat(old.child("json-message", JITMEET).text())
        .isEqualTo(
            "{\"type\":\"old-polls\",\"polls\":[{\"id\":\"p1\",\"senderId\":\"a1\","
                + "\"senderName\":\"Alice\",\"question\":\"Lunch?\",\"answers\":["
                + "{\"name\":\"Pizza\",\"voters\":{\"a1\":\"Alice\"}},"
                + "{\"name\":\"Soup\",\"voters\":{\"b2\":\"Bob\",\"a1\":\"Alice\"}},"
                + "{\"name\":\"Salad\",\"voters\":{}}]}]}");
  }

  @Test
  void theCreatorAndVotersAreTheSendingOccupantsWhateverTheJsonSays() {
    sendsJson(
        bob,
        "{\"type\":\"new-poll\",\"pollId\":\"p9\",\"senderId\":\"a1\",\"senderName\":\"Alice\","
            + "\"question\":\"Q\",\"answers\":[\"x\",\"y\"]}");
    receivesJson(alice, "{room}/b2");
    sendsJson(
        alice,
        "{\"type\":\"answer-poll\",\"pollId\":\"p9\",\"voterId\":\"b2\",\"voterName\":\"Bob\","
            + "\"answers\":[true,false]}");
    receivesJson(bob, "{room}/a1");
    Peer carol = t.anonymous("carol");
    enters(carol, "c3", "Carol");
    // old-polls arrives before the subject, which enters() waited for; look at what came.
    Peer dave = t.anonymous("dave");
    dave.sends("<presence to='{room}/d4'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
    String old = receivesJson(dave, "{room}");
    assertThat(old)
        .contains("\"senderId\":\"b2\",\"senderName\":\"Bob\"")
        .contains("{\"name\":\"x\",\"voters\":{\"a1\":\"Alice\"}}");
  }

  @Test
  void malformedJsonIsRefusedToItsSenderAndCounted() {
    long before = dropped();
    sendsJson(alice, "{\"type\":\"new-poll\",\"pollId\":");
    refused(alice, "bad-request");
    sendsJson(alice, "[1,2]");
    refused(alice, "bad-request");
    assertThat(dropped() - before).isEqualTo(2);
    alice.sends("<message to='{room}' type='groupchat'><body>after</body></message>");
    Element next = bob.eventuallyReceives("<message from='{room}/a1' type='groupchat'/>");
    assertThat(next.childText("body", null)).as("Bob saw neither bad message").isEqualTo("after");
  }

  @Test
  void anOversizedPollIsRefused() {
    long before = dropped();
    String question = "q".repeat(Polls.PAYLOAD_LIMIT);
    sendsJson(
        alice,
        "{\"type\":\"new-poll\",\"pollId\":\"big\",\"question\":\""
            + question
            + "\",\"answers\":[\"a\",\"b\"]}");
    Element error =
        alice.eventuallyReceives(
            "<message type='error' from='{room}'><error><policy-violation xmlns='"
                + STANZAS
                + "'/></error></message>");
    assertThat(error.child("error", null).childText("text", STANZAS)).contains("too large");
    assertThat(dropped() - before).isEqualTo(1);
    // The room did not keep it: a vote on it is refused.
    sendsJson(alice, "{\"type\":\"answer-poll\",\"pollId\":\"big\",\"answers\":[true,false]}");
    refused(alice, "item-not-found");
  }

  @Test
  void malformedPollsAndVotesAreRefused() {
    long before = dropped();
    sendsJson(alice, "{\"type\":\"new-poll\",\"question\":\"Q\",\"answers\":[\"a\",\"b\"]}");
    refused(alice, "bad-request"); // no pollId
    sendsJson(
        alice, "{\"type\":\"new-poll\",\"pollId\":\"p\",\"question\":\"Q\",\"answers\":[1,2]}");
    refused(alice, "bad-request"); // answers not strings
    sendsJson(
        alice, "{\"type\":\"new-poll\",\"pollId\":\"p\",\"question\":\"Q\",\"answers\":[\"a\"]}");
    refused(alice, "bad-request"); // one answer
    sendsJson(alice, NEW_POLL);
    receivesJson(bob, "{room}/a1");
    sendsJson(alice, NEW_POLL);
    refused(alice, "not-allowed"); // the same id again
    sendsJson(bob, "{\"type\":\"answer-poll\",\"pollId\":\"p1\",\"answers\":[true]}");
    refused(bob, "bad-request"); // three answers, one vote
    sendsJson(bob, "{\"type\":\"answer-poll\",\"pollId\":\"p1\",\"answers\":[\"yes\",1,null]}");
    refused(bob, "bad-request");
    sendsJson(bob, "{\"type\":\"answer-poll\",\"pollId\":\"nope\",\"answers\":[true]}");
    refused(bob, "item-not-found");
    assertThat(dropped() - before).isEqualTo(7);
  }

  @Test
  void otherJsonMessagesPassUnchecked() {
    sendsJson(alice, "{\"type\":\"something-else\",\"x\":1}");
    assertThat(receivesJson(bob, "{room}/a1")).isEqualTo("{\"type\":\"something-else\",\"x\":1}");
  }
}
