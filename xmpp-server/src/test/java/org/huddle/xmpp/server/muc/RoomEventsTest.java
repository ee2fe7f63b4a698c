package org.huddle.xmpp.server.muc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.huddle.xmpp.server.muc.Rooms.MUC;
import static org.huddle.xmpp.server.muc.Rooms.asksToEnter;
import static org.huddle.xmpp.server.muc.Rooms.enters;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.Phase;
import org.huddle.xmpp.server.api.RoomConfig;
import org.huddle.xmpp.server.event.EventBus;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.Transcript;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Other code subscribes to room events by Prosody's names, and sees them in order. Each test adds
 * its own hooks, so each gets a server of its own (an instance field: one per test).
 */
class RoomEventsTest {
  @RegisterExtension final TestServerExtension server = TestServerExtension.inMemory();
  static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
  Transcript t;
  EventBus events;

  @BeforeEach
  void start() {
    t = server.transcript();
    events = server.server().server().muc(TestServer.MUC).host().events();
  }

  /** Names {@code {room}}. */
  void room(String local) {
    t.let("room", local + "@" + TestServer.MUC);
  }

  /** {@code peer} leaves {@code {room}}, and hears itself leave. */
  static void leaves(Peer peer, String nick) {
    peer.sends("<presence type='unavailable' to='{room}/" + nick + "'/>");
    peer.eventuallyReceives("<presence type='unavailable' from='{room}/" + nick + "'/>");
  }

  /**
   * A disco#info round trip to {@code {room}}: its answer comes after everything the peer sent
   * before it has been handled (one session's input is handled in order).
   */
  static Element asksTheRoomForInfo(Peer peer) {
    peer.sends(
        "<iq type='get' id='info' to='{room}'>"
            + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
    return peer.eventuallyReceives("<iq id='info'/>");
  }

  @Test
  void aRoomsLifeFiresProsodysEventsInOrder() {
    List<String> seen = new CopyOnWriteArrayList<>();
    events.on(
        MucEvents.ROOM_PRE_CREATE, e -> !seen.add("muc-room-pre-create " + e.room().jid().local()));
    events.on(MucEvents.ROOM_CREATED, e -> !seen.add("muc-room-created"));
    events.on(
        MucEvents.OCCUPANT_PRE_JOIN,
        e -> !seen.add("muc-occupant-pre-join " + e.occupant().nick()));
    events.on(
        MucEvents.OCCUPANT_JOINED, e -> !seen.add("muc-occupant-joined " + e.occupant().nick()));
    events.on(MucEvents.OCCUPANT_LEFT, e -> !seen.add("muc-occupant-left " + e.occupant().nick()));
    events.on(MucEvents.ROOM_DESTROYED, e -> !seen.add("muc-room-destroyed"));

    room("standup");
    Peer ann = t.anonymous("ann");
    enters(ann, "ann");
    leaves(ann, "ann");
    await().atMost(Transcript.WAIT).until(() -> seen.contains("muc-room-destroyed"));
    assertThat(seen)
        .containsExactly(
            "muc-room-pre-create standup",
            "muc-room-created",
            "muc-occupant-pre-join ann",
            "muc-occupant-joined ann",
            "muc-occupant-left ann",
            "muc-room-destroyed");
  }

  @Test
  void aPolicyHookCanDenyAJoinWithItsOwnReason() {
    events.on(
        MucEvents.OCCUPANT_PRE_JOIN,
        Phase.POLICY,
        e -> e.occupant().nick().startsWith("bot") && e.deny(Condition.FORBIDDEN, "no bots here"));
    room("policy");
    Peer c = t.anonymous("c");
    asksToEnter(c, "bot-1");
    c.receives(
        "<presence type='error' from='{room}/bot-1'><error><forbidden xmlns='"
            + STANZAS
            + "'/><text xmlns='"
            + STANZAS
            + "'>no bots here</text></error></presence>");
    assertThat(server.server().server().muc(TestServer.MUC).rooms())
        .as("the refused creator's room is gone")
        .isEmpty();
    asksToEnter(c, "human");
    c.receives(
        "<presence from='{room}/human'><x xmlns='"
            + MUC
            + "#user'><status code='110'/></x></presence>");
  }

  @Test
  void aHookThatEndsTheChainWithoutAReasonRefusesTheJoin() {
    // As a Prosody handler returning true: policy fails closed, and later checks cannot be skipped.
    events.on(MucEvents.OCCUPANT_PRE_JOIN, Phase.GUARD, e -> e.occupant().nick().equals("sneaky"));
    room("closed");
    Peer c = t.anonymous("c");
    asksToEnter(c, "sneaky");
    c.receives(
        "<presence type='error' from='{room}/sneaky'><error><not-allowed xmlns='"
            + STANZAS
            + "'/></error></presence>");
  }

  @Test
  void aFixedRoomExistsBeforeAnyoneJoinsAndOutlivesItsLastOccupant() {
    MucService muc = server.server().server().muc(TestServer.MUC);
    Jid standup = Jid.ofOrNull("daily-standup@" + TestServer.MUC);
    assertThat(muc.createRoom(standup, RoomConfig.defaults(muc.host().options()))).isTrue();
    assertThat(muc.createRoom(standup, RoomConfig.defaults(muc.host().options()))).isFalse();
    assertThat(muc.room(standup)).isNotNull();
    room("daily-standup");
    Peer early = t.anonymous("early");
    asksToEnter(early, "early");
    Element self =
        early.receives(
            "<presence from='{room}/early'><x xmlns='"
                + MUC
                + "#user'><status code='110'/></x></presence>");
    assertThat(self.child("x", MUC + "#user").elements("status", MUC + "#user"))
        .extracting(status -> status.attr("code"))
        .doesNotContain("201");
    leaves(early, "early");
    asksTheRoomForInfo(early);
    assertThat(muc.room(standup)).as("still there after the last occupant left").isNotNull();
  }

  @Test
  void aRemovedHookNoLongerRuns() {
    List<String> seen = new CopyOnWriteArrayList<>();
    EventBus.Registration r =
        events.on(MucEvents.OCCUPANT_JOINED, e -> !seen.add(e.occupant().nick()));
    Peer c = t.anonymous("c");
    room("a");
    enters(c, "one");
    asksTheRoomForInfo(c);
    r.close();
    room("b");
    enters(c, "two");
    asksTheRoomForInfo(c);
    assertThat(seen).containsExactly("one");
  }
}
