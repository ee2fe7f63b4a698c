package org.huddle.xmpp.server.muc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.Phase;
import org.huddle.xmpp.server.api.RoomConfig;
import org.huddle.xmpp.server.event.EventBus;
import org.huddle.xmpp.server.testing.Clients;
import org.huddle.xmpp.server.testing.TestServer;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/** Other code subscribes to room events by Prosody's names, and sees them in order. */
class RoomEventsTest {
  TestServer server;
  Clients clients;
  EventBus events;

  @BeforeEach
  void start() {
    server = TestServer.start();
    clients = new Clients(server);
    events = server.server().muc(TestServer.MUC).host().events();
  }

  @AfterEach
  void stop() {
    clients.close();
    server.close();
  }

  @Test
  void aRoomsLifeFiresProsodysEventsInOrder() throws Exception {
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

    MultiUserChat muc =
        MultiUserChatManager.getInstanceFor(clients.anonymous())
            .getMultiUserChat(JidCreate.entityBareFrom("standup@" + TestServer.MUC));
    muc.join(Resourcepart.from("ann"));
    muc.leave();
    await().atMost(Clients.timeout()).until(() -> seen.contains("muc-room-destroyed"));
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
  void aPolicyHookCanDenyAJoinWithItsOwnReason() throws Exception {
    events.on(
        MucEvents.OCCUPANT_PRE_JOIN,
        Phase.POLICY,
        e -> e.occupant().nick().startsWith("bot") && e.deny(Condition.FORBIDDEN, "no bots here"));
    var manager = MultiUserChatManager.getInstanceFor(clients.anonymous());
    MultiUserChat muc =
        manager.getMultiUserChat(JidCreate.entityBareFrom("policy@" + TestServer.MUC));
    assertThatThrownBy(() -> muc.join(Resourcepart.from("bot-1")))
        .isInstanceOfSatisfying(
            XMPPErrorException.class,
            e -> {
              assertThat(e.getStanzaError().getCondition())
                  .isEqualTo(StanzaError.Condition.forbidden);
              assertThat(e.getStanzaError().getDescriptiveText()).isEqualTo("no bots here");
            });
    assertThat(server.server().muc(TestServer.MUC).rooms())
        .as("the refused creator's room is gone")
        .isEmpty();
    muc.join(Resourcepart.from("human"));
    assertThat(muc.isJoined()).isTrue();
  }

  @Test
  void aHookThatEndsTheChainWithoutAReasonRefusesTheJoin() throws Exception {
    // As a Prosody handler returning true: policy fails closed, and later checks cannot be skipped.
    events.on(MucEvents.OCCUPANT_PRE_JOIN, Phase.GUARD, e -> e.occupant().nick().equals("sneaky"));
    var manager = MultiUserChatManager.getInstanceFor(clients.anonymous());
    MultiUserChat muc =
        manager.getMultiUserChat(JidCreate.entityBareFrom("closed@" + TestServer.MUC));
    assertThatThrownBy(() -> muc.join(Resourcepart.from("sneaky")))
        .isInstanceOfSatisfying(
            XMPPErrorException.class,
            e ->
                assertThat(e.getStanzaError().getCondition())
                    .isEqualTo(StanzaError.Condition.not_allowed));
  }

  @Test
  void aFixedRoomExistsBeforeAnyoneJoinsAndOutlivesItsLastOccupant() throws Exception {
    MucService muc = server.server().muc(TestServer.MUC);
    org.huddle.xmpp.codec.Jid standup =
        org.huddle.xmpp.codec.Jid.of("daily-standup@" + TestServer.MUC);
    assertThat(muc.createRoom(standup, RoomConfig.defaults(muc.host().options()))).isTrue();
    assertThat(muc.createRoom(standup, RoomConfig.defaults(muc.host().options()))).isFalse();
    assertThat(muc.room(standup)).isNotNull();
    MultiUserChat chat =
        MultiUserChatManager.getInstanceFor(clients.anonymous())
            .getMultiUserChat(JidCreate.entityBareFrom(standup.toString()));
    var self = chat.join(chat.getEnterConfigurationBuilder(Resourcepart.from("early")).build());
    assertThat(org.jivesoftware.smackx.muc.packet.MUCUser.from(self).getStatus())
        .doesNotContain(org.jivesoftware.smackx.muc.packet.MUCUser.Status.ROOM_CREATED_201);
    chat.leave();
    Thread.sleep(300);
    assertThat(muc.room(standup)).as("still there after the last occupant left").isNotNull();
  }

  @Test
  void aRemovedHookNoLongerRuns() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    EventBus.Registration r =
        events.on(MucEvents.OCCUPANT_JOINED, e -> !seen.add(e.occupant().nick()));
    var manager = MultiUserChatManager.getInstanceFor(clients.anonymous());
    manager
        .getMultiUserChat(JidCreate.entityBareFrom("a@" + TestServer.MUC))
        .join(Resourcepart.from("one"));
    r.close();
    manager
        .getMultiUserChat(JidCreate.entityBareFrom("b@" + TestServer.MUC))
        .join(Resourcepart.from("two"));
    assertThat(seen).containsExactly("one");
  }
}
