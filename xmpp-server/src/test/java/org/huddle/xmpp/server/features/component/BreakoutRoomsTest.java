package org.huddle.xmpp.server.features.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.Transcript;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jitsi's breakout rooms in the default layout, as lib-jitsi-meet's BreakoutRooms module and
 * jitsi-meet use them (docs/wire.md, "Breakout rooms"): a moderator adds a room, sends a
 * participant there, who leaves the meeting's room and enters the breakout room; closing it sends
 * everyone back.
 */
class BreakoutRoomsTest {
  static final String BREAKOUT = "breakout." + TestServer.DOMAIN;
  static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
  private static final AtomicInteger ROOMS = new AtomicInteger();
  private static final Pattern ROOM_JID =
      Pattern.compile("\"jid\":\"([0-9a-f-]{36}@" + Pattern.quote(BREAKOUT) + ")\"");

  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.inMemory(
          Map.of("HUDDLE_JITSI_COMPONENTS", "true"), "allow_unencrypted_plain_auth = true");

  Transcript t;
  Peer alice;
  Peer bob;

  /** Alice (a1, owner and moderator) and Bob (b2, participant) in {@code {room}}, settled. */
  @BeforeEach
  void meeting() {
    t = server.transcript();
    t.let("room", "meeting" + ROOMS.incrementAndGet() + "@" + TestServer.MUC);
    t.let("breakout", BREAKOUT);
    alice = t.anonymous("alice");
    bob = t.anonymous("bob");
    ComponentsTest.entered(alice, "a1", "Alice");
    ComponentsTest.entered(bob, "b2", "Bob");
    alice.eventuallyReceives("<presence from='{room}/b2'/>");
  }

  /** {@code peer} sends the breakout rooms component a request with these attributes. */
  static void requests(Peer peer, String attributes) {
    peer.sends("<message to='{breakout}'><breakout_rooms " + attributes + "/></message>");
  }

  /** The JSON of the next breakout_rooms message that satisfies {@code wanted}. */
  static String json(Peer peer, Predicate<String> wanted) {
    for (int i = 0; i < 20; i++) {
      String json = ComponentsTest.json(peer, BREAKOUT);
      assertThat(json).startsWith("{\"type\":\"breakout_rooms\",");
      if (wanted.test(json)) {
        return json;
      }
    }
    throw new AssertionError(peer + " got 20 breakout_rooms messages, none as wanted");
  }

  /** Alice adds a room named {@code name}; returns its JID, from the update she gets. */
  String adds(String name) {
    requests(alice, "type='features/breakout-rooms/add' subject='" + name + "'");
    String update = json(alice, j -> j.contains("\"name\":\"" + name + "\""));
    Matcher m = ROOM_JID.matcher(update);
    assertThat(m.find()).as(update).isTrue();
    return m.group(1);
  }

  /** Bob, sent to {@code target}, leaves the meeting's room and enters it as b2. */
  void bobMovesTo(String target) {
    bob.sends("<presence to='{room}/b2' type='unavailable'/>");
    bob.eventuallyReceives("<presence type='unavailable' from='{room}/b2'/>");
    bob.sends(
        "<presence to='"
            + target
            + "/b2'><x xmlns='http://jabber.org/protocol/muc'/>"
            + "<nick xmlns='http://jabber.org/protocol/nick'>Bob</nick></presence>");
    bob.eventuallyReceives(
        "<presence from='"
            + target
            + "/b2'><x xmlns='http://jabber.org/protocol/muc#user'><status code='110'/></x>"
            + "</presence>");
  }

  @Test
  void theUsersDomainAdvertisesTheBreakoutMuc() {
    alice.sends(
        "<iq type='get' id='d1' to='"
            + TestServer.DOMAIN
            + "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
    alice.eventuallyReceives(
        "<iq type='result' id='d1'><query xmlns='http://jabber.org/protocol/disco#info'>"
            + "<identity category='component' type='breakout_rooms' name='{breakout}'/>"
            + "</query></iq>");
  }

  @Test
  void aModeratorAddsARoomAndEveryoneInTheMeetingIsTold() {
    String room = adds("Room 1");
    String update = json(bob, j -> j.contains(room));
    String main = t.value("room");
    assertThat(update)
        .contains("\"event\":\"features/breakout-rooms/update\"")
        .contains("\"roomCounter\":1")
        .contains(
            "\""
                + main.substring(0, main.indexOf('@'))
                + "\":{\"isMainRoom\":true,\"id\":\""
                + main.substring(0, main.indexOf('@'))
                + "\",\"jid\":\""
                + main
                + "\"")
        .contains("\"" + main + "/b2\":{\"jid\":\"" + bob.jid() + "\",\"role\":\"participant\"")
        .contains("\"displayName\":\"Bob\"")
        .contains(
            "\"" + room.substring(0, room.indexOf('@')) + "\":{\"id\":\"" + room.split("@")[0])
        .contains("\"jid\":\"" + room + "\",\"name\":\"Room 1\",\"participants\":{}");
  }

  @Test
  void aParticipantSentToARoomMovesThereAndClosingItSendsHimBack() {
    String room = adds("Room 1");
    requests(
        alice,
        "type='features/breakout-rooms/move-to-room' participantJid='"
            + bob.jid()
            + "' roomJid='"
            + room
            + "'");
    assertThat(json(bob, j -> j.contains("move-to-room")))
        .isEqualTo(
            "{\"type\":\"breakout_rooms\",\"event\":\"features/breakout-rooms/move-to-room\","
                + "\"roomJid\":\""
                + room
                + "\"}");
    bobMovesTo(room);
    bob.eventuallyReceives(
        "<message from='" + room + "' type='groupchat'><subject>Room 1</subject></message>");

    // The room says it is a breakout room, and of which meeting.
    bob.sends(
        "<iq type='get' id='i1' to='"
            + room
            + "'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
    Element info = bob.eventuallyReceives("<iq type='result' id='i1'/>");
    assertThat(info.firstElement().toXml())
        .contains("var='muc#roominfo_isbreakout'><value>1</value>")
        .contains("var='muc#roominfo_breakout_main_room'><value>" + t.value("room") + "<");

    // Alice sees him there.
    json(alice, j -> j.contains("\"" + room + "/b2\":{\"jid\":\"" + bob.jid() + "\""));

    // Closing: the room is destroyed, pointing back at the meeting.
    requests(alice, "type='features/breakout-rooms/remove' breakoutRoomJid='" + room + "'");
    bob.eventuallyReceives(
        "<presence type='unavailable' from='"
            + room
            + "/b2'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<destroy jid='{room}'><reason>"
            + BreakoutRooms.CLOSED
            + "</reason></destroy></x></presence>");
    json(alice, j -> !j.contains(room));
    bobMovesBack();
  }

  /** Alice enters {@code room}, where she is owner and moderator as in the meeting. */
  void aliceEntersAsModerator(String room) {
    alice.sends(
        "<presence to='" + room + "/a1'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
    alice.eventuallyReceives(
        "<presence from='"
            + room
            + "/a1'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<item affiliation='owner' role='moderator'/><status code='110'/></x></presence>");
  }

  void bobMovesBack() {
    bob.sends(
        "<presence to='{room}/b2'><x xmlns='http://jabber.org/protocol/muc'/>"
            + "<nick xmlns='http://jabber.org/protocol/nick'>Bob</nick></presence>");
    bob.eventuallyReceives(
        "<presence from='{room}/b2'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<status code='110'/></x></presence>");
    json(alice, j -> j.contains("\"{room}/b2\"".replace("{room}", t.value("room"))));
  }

  @Test
  void aModeratorOfTheMeetingIsModeratorInItsBreakoutRooms() {
    String room = adds("Room 1");
    aliceEntersAsModerator(room);
    // Bob, entering second, is a participant, as in the meeting.
    bobMovesTo(room);
    alice.eventuallyReceives(
        "<presence from='"
            + room
            + "/b2'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<item affiliation='none' role='participant'/></x></presence>");
  }

  @Test
  void aParticipantCreatingTheRoomFirstIsNoOwnerThere() {
    String room = adds("Room 1");
    bobMovesTo(room);
    bob.sends(
        "<iq type='get' id='o1' to='"
            + room
            + "'><query xmlns='http://jabber.org/protocol/muc#owner'/></iq>");
    bob.eventuallyReceives(
        "<iq type='error' id='o1'><error type='auth'><forbidden xmlns='"
            + STANZAS
            + "'/>"
            + "</error></iq>");
  }

  @Test
  void aNewDisplayNameReachesTheMeeting() {
    adds("Room 1");
    bob.sends(
        "<presence to='{room}/b2'><nick xmlns='http://jabber.org/protocol/nick'>Robert</nick>"
            + "</presence>");
    json(alice, j -> j.contains("\"displayName\":\"Robert\""));
  }

  @Test
  void nonModeratorsAreForbidden() {
    String room = adds("Room 1");
    requests(bob, "type='features/breakout-rooms/add' subject='Mine'");
    bob.eventuallyReceives(
        "<message type='error' from='{breakout}'><error type='auth'>"
            + "<forbidden xmlns='"
            + STANZAS
            + "'/></error></message>");
    // Nor from inside a breakout room.
    bobMovesTo(room);
    requests(bob, "type='features/breakout-rooms/remove' breakoutRoomJid='" + room + "'");
    bob.eventuallyReceives(
        "<message type='error' from='{breakout}'><error type='auth'>"
            + "<forbidden xmlns='"
            + STANZAS
            + "'/></error></message>");
  }

  @Test
  void roomsNoModeratorAddedCannotBeCreated() {
    bob.sends(
        "<presence to='1b4e28ba-2fa1-11d2-883f-0016d3cca427@{breakout}/b2'>"
            + "<x xmlns='http://jabber.org/protocol/muc'/></presence>");
    bob.eventuallyReceives(
        "<presence type='error' from='1b4e28ba-2fa1-11d2-883f-0016d3cca427@{breakout}/b2'>"
            + "<error type='cancel'><item-not-found xmlns='"
            + STANZAS
            + "'/></error></presence>");
  }

  @Test
  void badRequestsAreDroppedCountedAndAnswered() {
    long before = server.server().server().component(BREAKOUT).dropped();
    alice.sends("<message to='{breakout}'><body>hello</body></message>");
    requests(alice, "type='features/breakout-rooms/explode'");
    requests(alice, "type='features/breakout-rooms/add' subject='" + "x".repeat(201) + "'");
    requests(alice, "type='features/breakout-rooms/remove'");
    requests(alice, "type='features/breakout-rooms/move-to-room' roomJid='{room}'");
    for (int i = 0; i < 5; i++) {
      alice.eventuallyReceives(
          "<message type='error' from='{breakout}'><error type='modify'>"
              + "<bad-request xmlns='"
              + STANZAS
              + "'/></error></message>");
    }
    assertThat(server.server().server().component(BREAKOUT).dropped()).isEqualTo(before + 5);
    // The component still works for her.
    adds("After");
  }

  @Test
  void movingSomeoneOutsideTheMeetingOrToAnotherMeetingsRoomIsRefused() {
    String room = adds("Room 1");
    Peer mallory = t.anonymous("mallory");
    requests(
        alice,
        "type='features/breakout-rooms/move-to-room' participantJid='"
            + mallory.jid()
            + "' roomJid='"
            + room
            + "'");
    alice.eventuallyReceives(
        "<message type='error' from='{breakout}'><error type='cancel'>"
            + "<item-not-found xmlns='"
            + STANZAS
            + "'/></error></message>");
    requests(
        alice,
        "type='features/breakout-rooms/move-to-room' participantJid='"
            + bob.jid()
            + "' roomJid='0f0f0f0f-2fa1-11d2-883f-0016d3cca427@{breakout}'");
    alice.eventuallyReceives(
        "<message type='error' from='{breakout}'><error type='cancel'>"
            + "<item-not-found xmlns='"
            + STANZAS
            + "'/></error></message>");
    mallory.receivesNothingMore();
  }

  @Test
  void endingTheMeetingClosesItsBreakoutRoomsToo() {
    String room = adds("Room 1");
    bobMovesTo(room);
    alice.sends(
        "<message to='endconference." + TestServer.DOMAIN + "'><end_conference/></message>");
    alice.eventuallyReceives(
        "<presence type='unavailable' from='{room}/a1'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<destroy/></x></presence>");
    bob.eventuallyReceives(
        "<presence type='unavailable' from='"
            + room
            + "/b2'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<destroy jid='{room}'><reason>"
            + BreakoutRooms.MEETING_ENDED
            + "</reason></destroy></x></presence>");
  }

  @Test
  void theMeetingSurvivesEveryoneBeingInBreakoutRooms() {
    String room = adds("Room 1");
    bobMovesTo(room);
    alice.sends("<presence to='{room}/a1' type='unavailable'/>");
    alice.eventuallyReceives("<presence type='unavailable' from='{room}/a1'/>");
    aliceEntersAsModerator(room);
    // The meeting's room is still there, with its breakout room: Alice can still close it.
    requests(alice, "type='features/breakout-rooms/remove' breakoutRoomJid='" + room + "'");
    bob.eventuallyReceives(
        "<presence type='unavailable' from='"
            + room
            + "/b2'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<destroy jid='{room}'/></x></presence>");
  }
}
