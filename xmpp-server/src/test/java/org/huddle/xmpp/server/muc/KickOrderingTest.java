package org.huddle.xmpp.server.muc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.huddle.xmpp.server.testing.Clients;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * The order in which one client sees a room's events, over TCP with Smack clients on their own
 * threads: the property under test is the connection's write order across threads, so it stays on
 * sockets.
 */
class KickOrderingTest {
  @RegisterExtension static final TestServerExtension server = TestServerExtension.standard();
  static final AtomicInteger ROOMS = new AtomicInteger();

  static EntityBareJid newRoom() throws Exception {
    return JidCreate.entityBareFrom("ordering" + ROOMS.incrementAndGet() + "@" + TestServer.MUC);
  }

  static MultiUserChat muc(XMPPTCPConnection c, EntityBareJid room) {
    return MultiUserChatManager.getInstanceFor(c).getMultiUserChat(room);
  }

  static Resourcepart nick(String n) throws Exception {
    return Resourcepart.from(n);
  }

  static void join(MultiUserChat muc, String nick) throws Exception {
    muc.join(muc.getEnterConfigurationBuilder(nick(nick)).build());
  }

  /**
   * A moderator kicks each newcomer the moment its join completes, without waiting to see it. The
   * kick is written to the moderator from the moderator's own connection thread while the
   * newcomer's join may still be on its way from another thread; the moderator must still see every
   * nick arrive before it leaves. A connection whose writes are not FIFO across threads fails this.
   */
  @Test
  void aModeratorSeesEachNickArriveBeforeItsKick() throws Exception {
    EntityBareJid room = newRoom();
    MultiUserChat moderator = muc(server.clients().anonymous(), room);
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
      others.add(server.clients().anonymous());
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
