package org.huddle.xmpp.server.muc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.huddle.xmpp.server.testing.Clients;
import org.huddle.xmpp.server.testing.TestServer;
import org.jivesoftware.smack.StanzaListener;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MUCRole;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.form.Form;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

class MucTest {
  static TestServer server;
  static final AtomicInteger ROOMS = new AtomicInteger();
  Clients clients;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void clients() {
    clients = new Clients(server);
  }

  @AfterEach
  void closeClients() {
    clients.close();
  }

  static EntityBareJid newRoom() throws Exception {
    return JidCreate.entityBareFrom("room" + ROOMS.incrementAndGet() + "@" + TestServer.MUC);
  }

  static MultiUserChat muc(XMPPTCPConnection c, EntityBareJid room) {
    return MultiUserChatManager.getInstanceFor(c).getMultiUserChat(room);
  }

  static Resourcepart nick(String n) throws Exception {
    return Resourcepart.from(n);
  }

  static Set<MUCUser.Status> statuses(Presence p) {
    return MUCUser.from(p).getStatus();
  }

  /** Joins and returns the self-presence the room reflected. */
  static Presence join(MultiUserChat muc, String nick) throws Exception {
    return muc.join(muc.getEnterConfigurationBuilder(nick(nick)).build());
  }

  static <T extends org.jivesoftware.smack.packet.Stanza> BlockingQueue<T> collect(
      XMPPTCPConnection c, Class<T> type) {
    BlockingQueue<T> q = new ArrayBlockingQueue<>(200);
    c.addAsyncStanzaListener((StanzaListener) s -> q.add(type.cast(s)), new StanzaTypeFilter(type));
    return q;
  }

  static void configure(MultiUserChat muc, java.util.function.Consumer<FillableForm> fill)
      throws Exception {
    Form form = muc.getConfigurationForm();
    FillableForm f = form.getFillableForm();
    fill.accept(f);
    muc.sendConfigurationForm(f);
  }

  @Nested
  class Entering {
    @Test
    void theFirstJoinCreatesAnInstantRoomOwnedByItsCreator() throws Exception {
      EntityBareJid room = newRoom();
      MultiUserChat alice = muc(clients.anonymous(), room);
      Presence self = join(alice, "alice");
      assertThat(statuses(self))
          .contains(
              MUCUser.Status.PRESENCE_TO_SELF_110,
              MUCUser.Status.ROOM_CREATED_201,
              MUCUser.Status.create(100));
      org.jivesoftware.smackx.muc.packet.MUCItem item = MUCUser.from(self).getItem();
      assertThat(item.getAffiliation()).isEqualTo(MUCAffiliation.owner);
      assertThat(item.getRole()).isEqualTo(MUCRole.moderator);
    }

    @Test
    void laterOccupantsArePresentToEachOtherWithRealJids() throws Exception {
      EntityBareJid room = newRoom();
      XMPPTCPConnection a = clients.anonymous();
      XMPPTCPConnection b = clients.anonymous();
      MultiUserChat alice = muc(a, room);
      join(alice, "alice");
      MultiUserChat bob = muc(b, room);
      Presence self = join(bob, "bob");
      assertThat(statuses(self))
          .contains(MUCUser.Status.PRESENCE_TO_SELF_110)
          .doesNotContain(MUCUser.Status.ROOM_CREATED_201);
      assertThat(MUCUser.from(self).getItem().getRole()).isEqualTo(MUCRole.participant);
      assertThat(bob.getOccupants())
          .extracting(j -> j.getResourceOrEmpty().toString())
          .contains("alice", "bob");
      await().atMost(Clients.timeout()).until(() -> alice.getOccupantsCount() == 2);
      Presence bobAsAliceSeesHim =
          alice.getOccupantPresence(JidCreate.entityFullFrom(room + "/bob"));
      assertThat(MUCUser.from(bobAsAliceSeesHim).getItem().getJid().toString())
          .isEqualTo(b.getUser().toString());
    }

    @Test
    void aNicknameInUseIsAConflict() throws Exception {
      EntityBareJid room = newRoom();
      join(muc(clients.anonymous(), room), "same");
      assertThatThrownBy(() -> join(muc(clients.anonymous(), room), "same"))
          .isInstanceOfSatisfying(
              XMPPErrorException.class,
              e ->
                  assertThat(e.getStanzaError().getCondition())
                      .isEqualTo(StanzaError.Condition.conflict));
    }

    @Test
    void aNickTheServiceNormalizedIsFlagged210() throws Exception {
      EntityBareJid room = newRoom();
      XMPPTCPConnection c = clients.anonymous();
      BlockingQueue<Presence> presences = collect(c, Presence.class);
      c.sendStanza(
          c.getStanzaFactory()
              .buildPresenceStanza()
              .to(JidCreate.fullFrom(room + "/Ⅸ"))
              .addExtension(
                  new org.jivesoftware.smackx.muc.packet.MUCInitialPresence(null, 0, 0, 0, null))
              .build());
      Presence p;
      do {
        p = presences.poll(10, TimeUnit.SECONDS);
        assertThat(p).isNotNull();
      } while (p.getFrom().asBareJid().equals(c.getUser().asBareJid()));
      assertThat(p.getFrom().getResourceOrEmpty().toString()).isEqualTo("IX");
      assertThat(statuses(p)).contains(MUCUser.Status.create(210));
    }
  }

  @Nested
  class Talking {
    @Test
    void groupchatReachesEveryOccupantFromTheSendersOccupantJid() throws Exception {
      EntityBareJid room = newRoom();
      MultiUserChat alice = muc(clients.anonymous(), room);
      join(alice, "alice");
      MultiUserChat bob = muc(clients.anonymous(), room);
      join(bob, "bob");
      BlockingQueue<Message> aliceGot = new ArrayBlockingQueue<>(10);
      BlockingQueue<Message> bobGot = new ArrayBlockingQueue<>(10);
      alice.addMessageListener(aliceGot::add);
      bob.addMessageListener(bobGot::add);
      bob.sendMessage("standup in 5");
      for (BlockingQueue<Message> q : List.of(aliceGot, bobGot)) {
        Message m;
        do { // the subject message, which has no body, may still be on its way from the join
          m = q.poll(10, TimeUnit.SECONDS);
          assertThat(m).isNotNull();
        } while (m.getBody() == null);
        assertThat(m.getBody()).isEqualTo("standup in 5");
        assertThat(m.getFrom().toString()).isEqualTo(room + "/bob");
      }
    }

    @Test
    void aPrivateMessageReachesOnlyItsOccupant() throws Exception {
      EntityBareJid room = newRoom();
      XMPPTCPConnection a = clients.anonymous();
      XMPPTCPConnection b = clients.anonymous();
      XMPPTCPConnection c = clients.anonymous();
      join(muc(a, room), "alice");
      join(muc(b, room), "bob");
      join(muc(c, room), "carol");
      BlockingQueue<Message> bobInbox = collect(b, Message.class);
      BlockingQueue<Message> carolInbox = collect(c, Message.class);
      a.sendStanza(
          a.getStanzaFactory()
              .buildMessageStanza()
              .to(JidCreate.fullFrom(room + "/bob"))
              .ofType(Message.Type.chat)
              .setBody("psst")
              .build());
      Message m = bobInbox.poll(10, TimeUnit.SECONDS);
      assertThat(m).isNotNull();
      assertThat(m.getFrom().toString()).isEqualTo(room + "/alice");
      assertThat(m.getBody()).isEqualTo("psst");
      Message other;
      while ((other = carolInbox.poll(500, TimeUnit.MILLISECONDS)) != null) {
        assertThat(other.getType()).as("carol got %s", other).isEqualTo(Message.Type.groupchat);
        assertThat(other.getBody()).isNull();
      }
    }

    @Test
    void theSubjectIsSetByModeratorsAndGivenToNewcomers() throws Exception {
      EntityBareJid room = newRoom();
      MultiUserChat alice = muc(clients.anonymous(), room);
      join(alice, "alice");
      alice.changeSubject("Sprint 42");
      MultiUserChat bob = muc(clients.anonymous(), room);
      join(bob, "bob");
      await().atMost(Clients.timeout()).until(() -> "Sprint 42".equals(bob.getSubject()));
      assertThatThrownBy(() -> bob.changeSubject("mine now"))
          .isInstanceOfSatisfying(
              XMPPErrorException.class,
              e ->
                  assertThat(e.getStanzaError().getCondition())
                      .isEqualTo(StanzaError.Condition.forbidden));
    }

    @Test
    void historyIsReplayedToNewcomersWithADelayStamp() throws Exception {
      EntityBareJid room = newRoom();
      MultiUserChat alice = muc(clients.anonymous(), room);
      join(alice, "alice");
      BlockingQueue<Message> echoes = new ArrayBlockingQueue<>(10);
      alice.addMessageListener(echoes::add);
      alice.sendMessage("one");
      alice.sendMessage("two");
      Message echo; // the room has recorded both once alice hears the second back
      do {
        echo = echoes.poll(10, TimeUnit.SECONDS);
        assertThat(echo).isNotNull();
      } while (!"two".equals(echo.getBody()));
      MultiUserChat bob = muc(clients.anonymous(), room);
      BlockingQueue<Message> got = new ArrayBlockingQueue<>(10);
      bob.addMessageListener(got::add);
      join(bob, "bob");
      Message first = got.poll(10, TimeUnit.SECONDS);
      Message second = got.poll(10, TimeUnit.SECONDS);
      assertThat(first.getBody()).isEqualTo("one");
      assertThat(second.getBody()).isEqualTo("two");
      assertThat(first.hasExtension("delay", "urn:xmpp:delay")).isTrue();
    }

    @Test
    void anIqToAnOccupantJidReachesThatOccupant() throws Exception {
      EntityBareJid room = newRoom();
      XMPPTCPConnection a = clients.anonymous();
      XMPPTCPConnection b = clients.anonymous();
      join(muc(a, room), "alice");
      join(muc(b, room), "bob");
      var result = a.sendIqRequestAndWaitForResponse(new Ping(JidCreate.fullFrom(room + "/bob")));
      assertThat(result.getFrom().toString()).isEqualTo(room + "/bob");
    }

    @Test
    void outsidersCannotSpeakInTheRoom() throws Exception {
      EntityBareJid room = newRoom();
      join(muc(clients.anonymous(), room), "alice");
      XMPPTCPConnection outsider = clients.anonymous();
      BlockingQueue<Message> inbox = collect(outsider, Message.class);
      outsider.sendStanza(
          outsider
              .getStanzaFactory()
              .buildMessageStanza()
              .to(room)
              .ofType(Message.Type.groupchat)
              .setBody("x")
              .build());
      Message bounce = inbox.poll(10, TimeUnit.SECONDS);
      assertThat(bounce.getError().getCondition()).isEqualTo(StanzaError.Condition.not_acceptable);
    }
  }

  @Nested
  class Moderation {
    @Test
    void aModeratorKicksAParticipantWith307() throws Exception {
      EntityBareJid room = newRoom();
      MultiUserChat alice = muc(clients.anonymous(), room);
      join(alice, "alice");
      XMPPTCPConnection b = clients.anonymous();
      BlockingQueue<Presence> bobPresences = collect(b, Presence.class);
      MultiUserChat bob = muc(b, room);
      join(bob, "bob");
      alice.kickParticipant(nick("bob"), "not today");
      Presence kicked;
      do {
        kicked = bobPresences.poll(10, TimeUnit.SECONDS);
        assertThat(kicked).isNotNull();
      } while (kicked.getType() != Presence.Type.unavailable);
      assertThat(statuses(kicked))
          .contains(MUCUser.Status.KICKED_307, MUCUser.Status.PRESENCE_TO_SELF_110);
      assertThat(MUCUser.from(kicked).getItem().getReason()).isEqualTo("not today");
      await().atMost(Clients.timeout()).until(() -> alice.getOccupantsCount() == 1);
    }

    @Test
    void aParticipantCannotKick() throws Exception {
      EntityBareJid room = newRoom();
      join(muc(clients.anonymous(), room), "alice");
      MultiUserChat bob = muc(clients.anonymous(), room);
      join(bob, "bob");
      assertThatThrownBy(() -> bob.kickParticipant(nick("alice"), "ha"))
          .isInstanceOf(XMPPErrorException.class);
    }

    @Test
    void aModeratorChangesRolesAndAVisitorCannotSpeak() throws Exception {
      EntityBareJid room = newRoom();
      MultiUserChat alice = muc(clients.anonymous(), room);
      join(alice, "alice");
      XMPPTCPConnection b = clients.anonymous();
      MultiUserChat bob = muc(b, room);
      join(bob, "bob");
      var bobJid = JidCreate.entityFullFrom(room + "/bob");
      alice.revokeVoice(nick("bob"));
      await()
          .atMost(Clients.timeout())
          .until(() -> alice.getOccupant(bobJid).getRole() == MUCRole.visitor);
      BlockingQueue<Message> bobInbox = collect(b, Message.class);
      bob.sendMessage("can I talk?");
      Message m;
      do {
        m = bobInbox.poll(10, TimeUnit.SECONDS);
        assertThat(m).isNotNull();
      } while (m.getType() != Message.Type.error);
      assertThat(m.getError().getCondition()).isEqualTo(StanzaError.Condition.forbidden);
      alice.grantModerator(nick("bob"));
      await()
          .atMost(Clients.timeout())
          .until(() -> alice.getOccupant(bobJid).getRole() == MUCRole.moderator);
    }
  }

  @Nested
  class Configuration {
    @Test
    void aPasswordKeepsOutThoseWhoDoNotHaveIt() throws Exception {
      EntityBareJid room = newRoom();
      MultiUserChat owner = muc(clients.anonymous(), room);
      join(owner, "owner");
      configure(
          owner,
          f -> {
            f.setAnswer("muc#roomconfig_passwordprotectedroom", true);
            f.setAnswer("muc#roomconfig_roomsecret", "opensesame");
          });
      MultiUserChat guest = muc(clients.anonymous(), room);
      assertThatThrownBy(() -> join(guest, "guest"))
          .isInstanceOfSatisfying(
              XMPPErrorException.class,
              e ->
                  assertThat(e.getStanzaError().getCondition())
                      .isEqualTo(StanzaError.Condition.not_authorized));
      MultiUserChat wrong = muc(clients.anonymous(), room);
      assertThatThrownBy(
              () ->
                  wrong.join(
                      wrong.getEnterConfigurationBuilder(nick("w")).withPassword("nope").build()))
          .isInstanceOf(XMPPErrorException.class);
      MultiUserChat right = muc(clients.anonymous(), room);
      Presence in =
          right.join(
              right.getEnterConfigurationBuilder(nick("r")).withPassword("opensesame").build());
      assertThat(statuses(in)).contains(MUCUser.Status.PRESENCE_TO_SELF_110);
    }

    @Test
    void theFormNeverEchoesThePassword() throws Exception {
      EntityBareJid room = newRoom();
      MultiUserChat owner = muc(clients.anonymous(), room);
      join(owner, "owner");
      configure(
          owner,
          f -> {
            f.setAnswer("muc#roomconfig_passwordprotectedroom", true);
            f.setAnswer("muc#roomconfig_roomsecret", "topsecret");
          });
      Form again = owner.getConfigurationForm();
      assertThat(again.getDataForm().toXML().toString()).doesNotContain("topsecret");
      assertThat(again.getField("muc#roomconfig_passwordprotectedroom").getFirstValue())
          .isIn("1", "true");
    }

    @Test
    void membersOnlyRefusesNonMembersWithRegistrationRequired() throws Exception {
      EntityBareJid room = newRoom();
      MultiUserChat owner = muc(clients.anonymous(), room);
      join(owner, "owner");
      configure(owner, f -> f.setAnswer("muc#roomconfig_membersonly", true));
      assertThatThrownBy(() -> join(muc(clients.anonymous(), room), "stranger"))
          .isInstanceOfSatisfying(
              XMPPErrorException.class,
              e ->
                  assertThat(e.getStanzaError().getCondition())
                      .isEqualTo(StanzaError.Condition.registration_required));
      XMPPTCPConnection friend = clients.anonymous();
      owner.grantMembership(friend.getUser().asBareJid());
      assertThat(statuses(join(muc(friend, room), "friend")))
          .contains(MUCUser.Status.PRESENCE_TO_SELF_110);
    }

    @Test
    void aFullRoomRefusesWithServiceUnavailable() throws Exception {
      EntityBareJid room = newRoom();
      MultiUserChat owner = muc(clients.anonymous(), room);
      join(owner, "owner");
      configure(owner, f -> f.setAnswer("muc#roomconfig_maxusers", "2"));
      join(muc(clients.anonymous(), room), "second");
      assertThatThrownBy(() -> join(muc(clients.anonymous(), room), "third"))
          .isInstanceOfSatisfying(
              XMPPErrorException.class,
              e ->
                  assertThat(e.getStanzaError().getCondition())
                      .isEqualTo(StanzaError.Condition.service_unavailable));
    }

    @Test
    void onlyOwnersSeeTheForm() throws Exception {
      EntityBareJid room = newRoom();
      join(muc(clients.anonymous(), room), "owner");
      MultiUserChat guest = muc(clients.anonymous(), room);
      join(guest, "guest");
      assertThatThrownBy(guest::getConfigurationForm)
          .isInstanceOfSatisfying(
              XMPPErrorException.class,
              e ->
                  assertThat(e.getStanzaError().getCondition())
                      .isEqualTo(StanzaError.Condition.forbidden));
    }
  }

  @Nested
  class Lifecycle {
    @Test
    void aRoomIsDestroyedWhenItsLastOccupantLeaves() throws Exception {
      EntityBareJid room = newRoom();
      XMPPTCPConnection a = clients.anonymous();
      MultiUserChat alice = muc(a, room);
      join(alice, "alice");
      assertThat(
              server
                  .server()
                  .muc(TestServer.MUC)
                  .room(org.huddle.xmpp.codec.Jid.of(room.toString())))
          .isNotNull();
      alice.leave();
      await()
          .atMost(Clients.timeout())
          .until(
              () ->
                  server
                          .server()
                          .muc(TestServer.MUC)
                          .room(org.huddle.xmpp.codec.Jid.of(room.toString()))
                      == null);
      assertThatThrownBy(() -> ServiceDiscoveryManager.getInstanceFor(a).discoverInfo(room))
          .isInstanceOfSatisfying(
              XMPPErrorException.class,
              e ->
                  assertThat(e.getStanzaError().getCondition())
                      .isEqualTo(StanzaError.Condition.item_not_found));
    }

    @Test
    void anOccupantWhoDisconnectsLeavesTheRoom() throws Exception {
      EntityBareJid room = newRoom();
      MultiUserChat alice = muc(clients.anonymous(), room);
      join(alice, "alice");
      List<String> left = new CopyOnWriteArrayList<>();
      alice.addParticipantListener(
          p -> {
            if (p.getType() == Presence.Type.unavailable) {
              left.add(p.getFrom().getResourceOrEmpty().toString());
            }
          });
      // Without stream management there is nothing to resume: the session ends with the connection.
      XMPPTCPConnection b = clients.loginWithoutStreamManagement(clients.anonymousConfig());
      join(muc(b, room), "bob");
      b.instantShutdown();
      await().atMost(Clients.timeout()).until(() -> left.contains("bob"));
    }

    @Test
    void theOwnerCanDestroyTheRoom() throws Exception {
      EntityBareJid room = newRoom();
      MultiUserChat owner = muc(clients.anonymous(), room);
      join(owner, "owner");
      XMPPTCPConnection b = clients.anonymous();
      BlockingQueue<Presence> seen = collect(b, Presence.class);
      join(muc(b, room), "bob");
      owner.destroy("meeting over", null);
      Presence p;
      do {
        p = seen.poll(10, TimeUnit.SECONDS);
        assertThat(p).isNotNull();
      } while (p.getType() != Presence.Type.unavailable);
      assertThat(MUCUser.from(p).getDestroy().getReason()).isEqualTo("meeting over");
    }
  }

  @Nested
  class Ordering {
    /**
     * A moderator kicks each newcomer the moment its join completes, without waiting to see it. The
     * kick is written to the moderator from the moderator's own connection thread while the
     * newcomer's join may still be on its way from another thread; the moderator must still see
     * every nick arrive before it leaves. A connection whose writes are not FIFO across threads
     * fails this.
     */
    @Test
    void aModeratorSeesEachNickArriveBeforeItsKick() throws Exception {
      EntityBareJid room = newRoom();
      MultiUserChat moderator = muc(clients.anonymous(), room);
      java.util.Map<String, List<Presence.Type>> seen =
          new java.util.concurrent.ConcurrentHashMap<>();
      moderator.addParticipantListener(
          p -> {
            String who = p.getFrom().getResourceOrEmpty().toString();
            if (!who.equals("moderator")) {
              seen.computeIfAbsent(who, k -> new CopyOnWriteArrayList<>()).add(p.getType());
            }
          });
      join(moderator, "moderator");
      int clientsCount = 4;
      int rounds = 6;
      List<Thread> threads = new java.util.ArrayList<>();
      List<XMPPTCPConnection> others = new java.util.ArrayList<>();
      for (int i = 0; i < clientsCount; i++) {
        others.add(clients.anonymous());
      }
      for (int i = 0; i < clientsCount; i++) {
        XMPPTCPConnection c = others.get(i);
        int id = i;
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        for (int r = 0; r < rounds; r++) {
                          String n = "p" + id + "-" + r;
                          join(muc(c, room), n);
                          moderator.kickParticipant(nick(n), "next");
                          // Let the client see its own kick before it joins again (a Smack race,
                          // not ours).
                          await().atMost(Clients.timeout()).until(() -> !muc(c, room).isJoined());
                        }
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    }));
      }
      for (Thread t : threads) {
        t.join(60_000);
      }
      await()
          .atMost(Clients.timeout())
          .until(
              () -> seen.values().stream().mapToInt(List::size).sum() >= clientsCount * rounds * 2);
      for (var e : seen.entrySet()) {
        assertThat(e.getValue())
            .as("what the moderator saw of %s", e.getKey())
            .containsExactly(Presence.Type.available, Presence.Type.unavailable);
      }
    }
  }

  @Nested
  class Discovery {
    @Test
    void theServiceAndItsRoomsAnswerDisco() throws Exception {
      EntityBareJid room = newRoom();
      XMPPTCPConnection a = clients.anonymous();
      MultiUserChat owner = muc(a, room);
      join(owner, "owner");
      configure(
          owner,
          f -> {
            f.setAnswer("muc#roomconfig_passwordprotectedroom", true);
            f.setAnswer("muc#roomconfig_roomsecret", "x");
          });
      ServiceDiscoveryManager disco = ServiceDiscoveryManager.getInstanceFor(a);
      DiscoverInfo service = disco.discoverInfo(JidCreate.domainBareFrom(TestServer.MUC));
      assertThat(service.hasIdentity("conference", "text")).isTrue();
      assertThat(service.containsFeature("http://jabber.org/protocol/muc")).isTrue();
      DiscoverInfo info = disco.discoverInfo(room);
      assertThat(info.containsFeature("muc_passwordprotected")).isTrue();
      assertThat(info.containsFeature("muc_nonanonymous")).isTrue();
      assertThat(info.containsFeature("muc_temporary")).isTrue();
      assertThat(disco.discoverItems(JidCreate.domainBareFrom(TestServer.MUC)).getItems())
          .extracting(i -> i.getEntityID().toString())
          .contains(room.toString());
    }
  }
}
