package org.huddle.xmpp.server.features.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.Transcript;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jitsi's components in the default layout, as lib-jitsi-meet meets them: discovery on the user's
 * domain, speaker stats, conference duration and ending the meeting (docs/wire.md, "Jitsi's
 * components").
 */
class ComponentsTest {
  static final String JITMEET = "http://jitsi.org/jitmeet";
  static final String SPEAKERSTATS = "speakerstats." + TestServer.DOMAIN;
  static final String DURATION = "conferenceduration." + TestServer.DOMAIN;
  static final String END = "endconference." + TestServer.DOMAIN;
  private static final AtomicInteger ROOMS = new AtomicInteger();

  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.inMemory(
          Map.of("HUDDLE_JITSI_COMPONENTS", "true"), "allow_unencrypted_plain_auth = true");

  Transcript t;

  @BeforeEach
  void newRoom() {
    t = server.transcript();
    t.let("room", "meeting" + ROOMS.incrementAndGet() + "@" + TestServer.MUC);
    t.let("speakerstats", SPEAKERSTATS).let("duration", DURATION).let("end", END);
  }

  /** {@code peer} enters {@code {room}} as {@code nick}, showing {@code name} as its nick. */
  static void enters(Peer peer, String nick, String name) {
    peer.sends(
        "<presence to='{room}/"
            + nick
            + "'><x xmlns='http://jabber.org/protocol/muc'/>"
            + "<nick xmlns='http://jabber.org/protocol/nick'>"
            + name
            + "</nick></presence>");
    peer.eventuallyReceives(
        "<presence from='{room}/"
            + nick
            + "'><x xmlns='http://jabber.org/protocol/muc#user'><status code='110'/></x></presence>");
    peer.eventuallyReceives("<message from='{room}' type='groupchat'><subject/></message>");
  }

  /**
   * As {@link #enters}, then the conference duration every joiner gets, and anything before it
   * (speaker stats).
   */
  static void entered(Peer peer, String nick, String name) {
    enters(peer, nick, name);
    json(peer, DURATION);
  }

  /** Set by {@link #aliceAndBob()}. */
  Peer alice;

  Peer bob;

  /** Alice (a1, owner and moderator) and Bob (b2, participant) in {@code {room}}, settled. */
  void aliceAndBob() {
    alice = t.anonymous("alice");
    bob = t.anonymous("bob");
    entered(alice, "a1", "Alice");
    entered(bob, "b2", "Bob");
    alice.eventuallyReceives("<presence from='{room}/b2'/>");
  }

  /** {@code peer} tells the speakerstats component it became dominant speaker in {@code room}. */
  static void reportsDominantSpeaker(Peer peer, String room) {
    peer.sends(
        "<message to='{speakerstats}'><speakerstats xmlns='"
            + JITMEET
            + "' room='"
            + room
            + "'/></message>");
  }

  /** The JSON of the next json-message from {@code component}. */
  static String json(Peer peer, String component) {
    Element m =
        peer.eventuallyReceives(
            "<message from='" + component + "'><json-message xmlns='" + JITMEET + "'/></message>");
    assertThat(m.attr("type")).as("a component's json-message has no type").isNull();
    return m.child("json-message", JITMEET).text();
  }

  static long dropped(String component) {
    return server.server().server().component(component).dropped();
  }

  @Test
  void theUsersDomainAdvertisesEachComponentByItsAddress() {
    Peer alice = t.anonymous("alice");
    alice.sends(
        "<iq type='get' id='d1' to='"
            + TestServer.DOMAIN
            + "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
    Element answer =
        alice.receives(
            "<iq type='result' id='d1'><query xmlns='http://jabber.org/protocol/disco#info'>"
                + "<identity category='component' type='speakerstats' name='{speakerstats}'/>"
                + "<identity category='component' type='conference_duration' name='{duration}'/>"
                + "<identity category='component' type='end_conference' name='{end}'/>"
                + "<identity category='component' type='av_moderation' name='avmoderation."
                + TestServer.DOMAIN
                + "'/>"
                + "<identity category='component' type='breakout_rooms'"
                + " name='breakout."
                + TestServer.DOMAIN
                + "'/>"
                + "<identity category='component' type='lobbyrooms' name='lobby.meet.jitsi'/>"
                + "</query></iq>");
    assertThat(answer.firstElement().elements("identity", null))
        .extracting(i -> i.attr("type"))
        .as("every component type Huddle serves, once")
        .doesNotHaveDuplicates();
  }

  @Nested
  class SpeakerStats {
    @Test
    void dominantSpeakerTimeAccumulatesAndALateJoinerGetsIt() throws Exception {
      Peer alice = t.anonymous("alice");
      Peer bob = t.anonymous("bob");
      Peer carol = t.anonymous("carol");
      entered(alice, "a1", "Alice");
      entered(bob, "b2", "Bob");
      alice.eventuallyReceives("<presence from='{room}/b2'/>");
      reportsDominantSpeaker(alice, "{room}");
      alice.receivesNothingMore(); // a round trip: her report has been handled
      Thread.sleep(50); // Alice speaks at least this long
      reportsDominantSpeaker(bob, "{room}");
      bob.receivesNothingMore();
      enters(carol, "c3", "Carol");
      alice.eventuallyReceives("<presence from='{room}/c3'/>");
      String stats = json(carol, SPEAKERSTATS);
      assertThat(stats).startsWith("{\"type\":\"speakerstats\",\"users\":{");
      Matcher a =
          Pattern.compile(
                  "\"a1\":\\{\"displayName\":\"Alice\",\"totalDominantSpeakerTime\":(\\d+),")
              .matcher(stats);
      assertThat(a.find()).as(stats).isTrue();
      assertThat(Long.parseLong(a.group(1))).isGreaterThanOrEqualTo(50);
      assertThat(stats)
          .as("Bob speaks now, so he is listed; Carol has not spoken")
          .contains("\"b2\":{\"displayName\":\"Bob\",\"totalDominantSpeakerTime\":")
          .doesNotContain("\"c3\"");
    }

    @Test
    void aJoinerGetsNothingWhileNobodyHasSpoken() {
      Peer alice = t.anonymous("alice");
      Peer bob = t.anonymous("bob");
      entered(alice, "a1", "Alice");
      enters(bob, "b2", "Bob");
      bob.receives( // next after the subject: no speaker stats before it
          "<message from='{duration}'><json-message xmlns='" + JITMEET + "'/></message>");
      bob.receivesNothingMore();
    }

    @Test
    void theFocusIsLeftOutAndItsReportsDropped() {
      Peer focus = t.account("focus", TestServer.AUTH, "focus", TestServer.FOCUS_PASSWORD);
      Peer alice = t.anonymous("alice");
      Peer bob = t.anonymous("bob");
      enters(focus, "focus", "Focus");
      entered(alice, "a1", "Alice");
      focus.eventuallyReceives("<presence from='{room}/a1'/>");
      long before = dropped(SPEAKERSTATS);
      reportsDominantSpeaker(focus, "{room}");
      focus.receivesNothingMore();
      assertThat(dropped(SPEAKERSTATS)).isEqualTo(before + 1);
      reportsDominantSpeaker(alice, "{room}");
      alice.receivesNothingMore();
      enters(bob, "b2", "Bob");
      assertThat(json(bob, SPEAKERSTATS)).contains("\"a1\"").doesNotContain("focus");
    }
  }

  @Test
  void eachJoinerLearnsWhenTheRoomWasCreated() {
    long before = System.currentTimeMillis();
    Peer alice = t.anonymous("alice");
    Peer bob = t.anonymous("bob");
    enters(alice, "a1", "Alice");
    String first = json(alice, DURATION);
    enters(bob, "b2", "Bob");
    String second = json(bob, DURATION);
    Matcher m =
        Pattern.compile("\\{\"type\":\"conference_duration\",\"created_timestamp\":(\\d+)}")
            .matcher(first);
    assertThat(m.matches()).as(first).isTrue();
    assertThat(Long.parseLong(m.group(1))).isBetween(before, System.currentTimeMillis());
    assertThat(second).as("the same room, the same creation time").isEqualTo(first);
  }

  @Nested
  class EndConference {
    @Test
    void aModeratorEndsTheMeetingForEveryone() {
      aliceAndBob();
      alice.sends("<message to='{end}'><end_conference/></message>");
      getsTheDestroyPresence(alice, "a1");
      getsTheDestroyPresence(bob, "b2");
      assertThat(
              server
                  .server()
                  .server()
                  .muc(TestServer.MUC)
                  .room(org.huddle.xmpp.codec.Jid.ofOrNull(t.value("room"))))
          .as("the room is gone")
          .isNull();
    }

    /** {@code peer} (as {@code nick}) leaves the destroyed room, told why. */
    static void getsTheDestroyPresence(Peer peer, String nick) {
      peer.eventuallyReceives(
          "<presence type='unavailable' from='{room}/"
              + nick
              + "'><x xmlns='http://jabber.org/protocol/muc#user'>"
              + "<item role='none'/><destroy><reason>"
              + org.huddle.xmpp.server.features.component.EndConference.REASON
              + "</reason></destroy><status code='110'/></x></presence>");
    }

    @Test
    void aParticipantIsForbidden() {
      aliceAndBob();
      bob.sends("<message to='{end}' id='e1'><end_conference/></message>");
      bob.eventuallyReceives(
          "<message type='error' id='e1' from='{end}'><error type='auth'>"
              + "<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
      alice.receivesNothingMore();
      bob.receivesNothingMore();
    }

    @Test
    void someoneInNoMeetingIsTold() {
      Peer eve = t.anonymous("eve");
      eve.sends("<message to='{end}' id='e2'><end_conference/></message>");
      eve.receives(
          "<message type='error' id='e2' from='{end}'><error type='cancel'>"
              + "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
    }
  }

  @Nested
  class BadInput {
    @Test
    void reportsFromOutsiderAboutUnknownRoomsOrMalformedAreDroppedAndCounted() {
      Peer alice = t.anonymous("alice");
      Peer eve = t.anonymous("eve");
      entered(alice, "a1", "Alice");
      long before = dropped(SPEAKERSTATS);
      reportsDominantSpeaker(eve, "{room}");
      reportsDominantSpeaker(eve, "nowhere@" + TestServer.MUC);
      reportsDominantSpeaker(alice, "not a jid@@");
      alice.sends("<message to='{speakerstats}'><speakerstats xmlns='" + JITMEET + "'/></message>");
      alice.sends("<message to='{speakerstats}'><body>hello</body></message>");
      eve.receivesNothingMore();
      alice.receivesNothingMore();
      assertThat(dropped(SPEAKERSTATS)).isEqualTo(before + 5);
    }

    @Test
    void anIqGetsAnError() {
      Peer alice = t.anonymous("alice");
      alice.sends(
          "<iq type='get' id='q1' to='{speakerstats}'>"
              + "<speakerstats xmlns='"
              + JITMEET
              + "' room='{room}'/></iq>");
      alice.receives(
          "<iq type='error' id='q1' from='{speakerstats}'><error type='cancel'>"
              + "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
    }

    @Test
    void anEndConferenceMessageWithoutTheElementIsDropped() {
      Peer alice = t.anonymous("alice");
      entered(alice, "a1", "Alice");
      long before = dropped(END);
      alice.sends("<message to='{end}'><body>end it</body></message>");
      alice.receivesNothingMore();
      assertThat(dropped(END)).isEqualTo(before + 1);
    }
  }
}
