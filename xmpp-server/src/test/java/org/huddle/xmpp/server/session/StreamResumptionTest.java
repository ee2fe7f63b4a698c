package org.huddle.xmpp.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huddle.xmpp.server.testing.BlackholeProxy;
import org.huddle.xmpp.server.testing.Clients;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.WsClient;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Stream resumption (XEP-0198) across real connection losses: a client's socket dying, a connection
 * that vanished without closing (a black hole), the hibernation window running out, and a WebSocket
 * client resuming with {@code ?previd=}. Acks, and the resumption checks that need no lost network,
 * are in-memory transcripts in {@link StreamManagementTest}.
 */
class StreamResumptionTest {
  static final String SM = "urn:xmpp:sm:3";
  static final Pattern ID = Pattern.compile("<enabled xmlns='urn:xmpp:sm:3' id='([0-9a-f]+)'");

  static XMPPTCPConnection smClient(Clients clients, XMPPTCPConnectionConfiguration.Builder config)
      throws Exception {
    XMPPTCPConnection c = new XMPPTCPConnection(config.build());
    c.setUseStreamManagement(true);
    c.setUseStreamManagementResumption(true);
    c.connect().login();
    assertThat(c.isSmEnabled()).as("stream management enabled").isTrue();
    return c;
  }

  /**
   * An account login: XEP-0198 resumes only as the same account, and an anonymous TCP login gets a
   * new name each time (anonymous clients resume over BOSH or WebSocket with ?previd=, tested
   * below).
   */
  static XMPPTCPConnectionConfiguration.Builder account(Clients clients) {
    return clients
        .accountConfig(TestServer.AUTH, "jvb", TestServer.JVB_PASSWORD)
        .addEnabledSaslMechanism("SCRAM-SHA-1");
  }

  static List<String> leaves(MultiUserChat observer) {
    List<String> left = new CopyOnWriteArrayList<>();
    observer.addParticipantListener(
        p -> {
          if (p.getType() == Presence.Type.unavailable) {
            left.add(p.getFrom().getResourceOrEmpty().toString());
          }
        });
    return left;
  }

  @Nested
  class Resumption {
    @Test
    void aClientThatLosesItsNetworkFor20SecondsResumesAndTheRoomNeverSeesItLeave()
        throws Exception {
      try (TestServer server = TestServer.start();
          Clients clients = new Clients(server)) {
        EntityBareJid room = JidCreate.entityBareFrom("resume@muc.meet.jitsi");
        MultiUserChat watcher =
            MultiUserChatManager.getInstanceFor(clients.anonymous()).getMultiUserChat(room);
        watcher.join(Resourcepart.from("watcher"));
        List<String> left = leaves(watcher);

        XMPPTCPConnection mobile = smClient(clients, account(clients));
        MultiUserChat mobileMuc =
            MultiUserChatManager.getInstanceFor(mobile).getMultiUserChat(room);
        mobileMuc.join(Resourcepart.from("mobile"));
        LinkedBlockingQueue<Message> got = new LinkedBlockingQueue<>();
        mobileMuc.addMessageListener(got::add);

        mobile.instantShutdown(); // the socket dies without a clean close
        watcher.sendMessage("while you were away");
        Thread.sleep(20_000);
        assertThat(left).as("the room saw no one leave").isEmpty();

        mobile.connect().login();
        assertThat(mobile.streamWasResumed()).as("the stream was resumed").isTrue();
        Message m;
        do {
          m = got.poll(10, TimeUnit.SECONDS);
          assertThat(m).as("the message sent during the outage").isNotNull();
        } while (!"while you were away".equals(m.getBody()));
        assertThat(left).isEmpty();
        assertThat(watcher.getOccupants())
            .extracting(j -> j.getResourceOrEmpty().toString())
            .contains("mobile");
      }
    }

    @Test
    void aConnectionThatSilentlyVanishedIsReplacedOnResume() throws Exception {
      try (TestServer server = TestServer.start();
          Clients clients = new Clients(server);
          BlackholeProxy network = new BlackholeProxy(server.port())) {
        EntityBareJid room = JidCreate.entityBareFrom("halfopen@muc.meet.jitsi");
        MultiUserChat watcher =
            MultiUserChatManager.getInstanceFor(clients.anonymous()).getMultiUserChat(room);
        watcher.join(Resourcepart.from("watcher"));
        List<String> left = leaves(watcher);

        XMPPTCPConnection mobile = smClient(clients, account(clients).setPort(network.port()));
        MultiUserChatManager.getInstanceFor(mobile)
            .getMultiUserChat(room)
            .join(Resourcepart.from("mobile"));
        network.blackholeCurrent(); // the server's connection stays open, hearing nothing
        mobile.instantShutdown();
        mobile.connect().login();
        assertThat(mobile.streamWasResumed()).isTrue();
        IQ pong = mobile.sendIqRequestAndWaitForResponse(new Ping(JidCreate.from("meet.jitsi")));
        assertThat(pong.getType()).isEqualTo(IQ.Type.result);
        Thread.sleep(1000);
        assertThat(left).isEmpty();
      }
    }

    @Test
    void pastTheWindowTheRoomSeesTheLeaveAndResumptionFails() throws Exception {
      try (TestServer server =
              TestServer.start(Map.of(), "smacks_hibernation_time = \"2 seconds\"");
          Clients clients = new Clients(server)) {
        EntityBareJid room = JidCreate.entityBareFrom("expire@muc.meet.jitsi");
        MultiUserChat watcher =
            MultiUserChatManager.getInstanceFor(clients.anonymous()).getMultiUserChat(room);
        watcher.join(Resourcepart.from("watcher"));
        List<String> left = leaves(watcher);
        XMPPTCPConnection mobile = smClient(clients, account(clients));
        MultiUserChatManager.getInstanceFor(mobile)
            .getMultiUserChat(room)
            .join(Resourcepart.from("mobile"));

        mobile.instantShutdown();
        Thread.sleep(1000);
        assertThat(left).as("still within the window").isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> left.contains("mobile"));
        mobile.connect().login();
        assertThat(mobile.streamWasResumed()).isFalse();
        assertThat(mobile.isAuthenticated()).as("a fresh session instead").isTrue();
      }
    }

    /** The nicks a watcher who joined the room first sees leave. */
    private List<String> watcherLeaves(Clients clients, String room) throws Exception {
      MultiUserChat watcher =
          MultiUserChatManager.getInstanceFor(clients.anonymous())
              .getMultiUserChat(JidCreate.entityBareFrom(room));
      watcher.join(Resourcepart.from("watcher"));
      return leaves(watcher);
    }

    /**
     * A browser closes its WebSocket with 1001 (going away) when the tab closes or navigates away,
     * a status no script can send: that client is not coming back, so the room sees it leave at
     * once instead of after the 60 s hibernation (the tab's own unavailable presence may not make
     * it out while the page is torn down).
     */
    @Test
    void aWebSocketClosedAsAPageGoesAwayLeavesAtOnceDespiteResumption() throws Exception {
      try (TestServer server = TestServer.start();
          Clients clients = new Clients(server)) {
        List<String> left = watcherLeaves(clients, "tabclosed@muc.meet.jitsi");
        try (WsClient tab = WsClient.connect(server.httpPort(), "")) {
          tab.loginAnonymously();
          tab.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
          tab.next("<enabled");
          tab.send(
              "<presence xmlns='jabber:client' to='tabclosed@muc.meet.jitsi/tab'>"
                  + "<x xmlns='http://jabber.org/protocol/muc'/></presence>");
          tab.next("code='110'");
          tab.closeWith(1001);
          await()
              .atMost(Duration.ofSeconds(10))
              .alias("the room sees the closed tab leave well within the 60 s hibernation")
              .until(() -> left.contains("tab"));
        }
      }
    }

    @Test
    void anAnonymousWebSocketClientResumesWithPrevidInTheUrl() throws Exception {
      try (TestServer server = TestServer.start();
          Clients clients = new Clients(server)) {
        EntityBareJid room = JidCreate.entityBareFrom("wsresume@muc.meet.jitsi");
        MultiUserChat watcher =
            MultiUserChatManager.getInstanceFor(clients.anonymous()).getMultiUserChat(room);
        watcher.join(Resourcepart.from("watcher"));
        List<String> left = leaves(watcher);

        String smId;
        String jid;
        try (WsClient first = WsClient.connect(server.httpPort(), "")) {
          jid = first.loginAnonymously();
          first.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
          Matcher m = ID.matcher(first.next("<enabled"));
          assertThat(m.find()).isTrue();
          smId = m.group(1);
          first.send(
              "<presence xmlns='jabber:client' to='wsresume@muc.meet.jitsi/guest'>"
                  + "<x xmlns='http://jabber.org/protocol/muc'/></presence>");
          first.next("code='110'");
        } // the WebSocket is aborted: no <close/>
        Thread.sleep(500);
        watcher.sendMessage("missed it");
        try (WsClient again = WsClient.connect(server.httpPort(), "?previd=" + smId)) {
          again.send(WsClient.OPEN).next("ANONYMOUS");
          again
              .send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>")
              .next("<success");
          again.send(WsClient.OPEN).next("urn:xmpp:sm:3");
          again.send("<resume xmlns='urn:xmpp:sm:3' previd='" + smId + "' h='0'/>");
          assertThat(again.next("<resumed")).contains("previd='" + smId + "'");
          // h='0': nothing was acknowledged, so what was on the wire before the drop comes again,
          // in order, before what arrived during it. First the self-presence (status 110)...
          assertThat(again.next("code='110'"))
              .as("the unacknowledged self-presence, sent again")
              .contains("from='wsresume@muc.meet.jitsi/guest'")
              .contains("to='" + jid + "'");
          // ...then the message sent while the client was away.
          assertThat(again.next("missed it")).contains("to='" + jid + "'");
        }
        assertThat(left).isEmpty();
      }
    }
  }
}
