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
import org.huddle.xmpp.server.testing.RawClient;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.WsClient;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
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

/** Stream management (XEP-0198): acks, resumption within the window, and what happens after it. */
class StreamManagementTest {
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
  class Acks {
    @Test
    void enablingNeedsABoundResource() throws Exception {
      try (TestServer server = TestServer.start();
          RawClient raw = new RawClient(server.port())) {
        raw.send(RawClient.HEADER).readUntil("</stream:features>", Duration.ofSeconds(5));
        raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
        raw.readUntil("<success", Duration.ofSeconds(5));
        String features =
            raw.send(RawClient.HEADER).readUntil("</stream:features>", 2, Duration.ofSeconds(5));
        assertThat(features).contains("<sm xmlns='urn:xmpp:sm:3'/>");
        raw.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
        assertThat(raw.readUntil("</failed>", Duration.ofSeconds(5)))
            .contains("<unexpected-request");
      }
    }

    @Test
    void theServerCountsWhatItHandledAndAsksTheClientToo() throws Exception {
      try (TestServer server = TestServer.start();
          RawClient raw = RawClient.loggedInAnonymously(server.port())) {
        raw.send("<enable xmlns='urn:xmpp:sm:3' resume='true' max='600'/>");
        String enabled = raw.readUntil("max='60'/>", Duration.ofSeconds(5));
        assertThat(enabled)
            .containsPattern(
                "<enabled xmlns='urn:xmpp:sm:3' id='[0-9a-f]{32}' resume='true' max='60'/>");
        for (int i = 0; i < 3; i++) {
          raw.send(
              "<iq type='get' id='p" + i + "' to='meet.jitsi'><ping xmlns='urn:xmpp:ping'/></iq>");
        }
        raw.send("<r xmlns='urn:xmpp:sm:3'/>");
        assertThat(raw.readUntil("<a xmlns='urn:xmpp:sm:3' h='3'/>", Duration.ofSeconds(5)))
            .isNotEmpty();
        // The server sent three results and asks how many arrived.
        assertThat(raw.readUntil("<r xmlns='urn:xmpp:sm:3'/>", Duration.ofSeconds(5))).isNotEmpty();
        raw.send("<a xmlns='urn:xmpp:sm:3' h='3'/>");
        raw.send("<iq type='get' id='p9' to='meet.jitsi'><ping xmlns='urn:xmpp:ping'/></iq>");
        assertThat(raw.readUntil("id='p9'", Duration.ofSeconds(5))).contains("type='result'");
      }
    }

    /**
     * The server's {@code <r/>} asks about what it has sent, so it must follow the stanza that
     * prompted it. Stanzas for a session are queued from the sender's thread; an ack request posted
     * as a separate task to the recipient's event loop could overtake them (it did, over BOSH).
     */
    @Test
    void theAckRequestFollowsTheStanzaItAsksAbout() throws Exception {
      try (TestServer server = TestServer.start();
          RawClient quiet = RawClient.loggedInAnonymously(server.port());
          RawClient sender = RawClient.loggedInAnonymously(server.port())) {
        Matcher jid = Pattern.compile("<jid>([^<]+)</jid>").matcher(quiet.received());
        assertThat(jid.find()).isTrue();
        quiet.send("<enable xmlns='urn:xmpp:sm:3'/>").readUntil("<enabled", Duration.ofSeconds(5));
        String r = "<r xmlns='urn:xmpp:sm:3'/>";
        for (int i = 1; i <= 30; i++) {
          sender.send(
              "<message type='chat' to='" + jid.group(1) + "'><body>m" + i + "</body></message>");
          String all = quiet.readUntil(r, i, Duration.ofSeconds(10));
          int request = all.lastIndexOf(r);
          assertThat(all.indexOf("<body>m" + i + "</body>"))
              .as("message %d before the ack request it prompted", i)
              .isBetween(0, request);
          // Answered (and the answer handled, shown by the reply to an <r/> after it), so the next
          // stanza prompts a new request.
          quiet.send("<a xmlns='urn:xmpp:sm:3' h='" + i + "'/>" + r);
          quiet.readUntil("<a xmlns='urn:xmpp:sm:3' h='0'/>", i, Duration.ofSeconds(10));
        }
      }
    }

    @Test
    void acknowledgingMoreThanWasSentEndsTheStream() throws Exception {
      try (TestServer server = TestServer.start();
          RawClient raw = RawClient.loggedInAnonymously(server.port())) {
        raw.send("<enable xmlns='urn:xmpp:sm:3'/>").readUntil("<enabled", Duration.ofSeconds(5));
        raw.send("<a xmlns='urn:xmpp:sm:3' h='42'/>");
        assertThat(raw.readUntil("</stream:stream>", Duration.ofSeconds(5)))
            .contains("handled-count-too-high");
      }
    }
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

    @Test
    void anotherAccountCannotResumeASession() throws Exception {
      try (TestServer server = TestServer.start();
          Clients clients = new Clients(server);
          RawClient victim = RawClient.loggedInAnonymously(server.port())) {
        victim.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
        Matcher m = ID.matcher(victim.readUntil("resume='true'", Duration.ofSeconds(5)));
        assertThat(m.find()).isTrue();
        try (RawClient thief = new RawClient(server.port())) {
          // Authenticated (as someone else) and not yet bound: only the account check can refuse
          // this.
          thief.send(RawClient.HEADER).readUntil("</stream:features>", Duration.ofSeconds(5));
          thief.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
          thief.readUntil("<success", Duration.ofSeconds(5));
          thief.send(RawClient.HEADER).readUntil("urn:xmpp:sm:3", Duration.ofSeconds(5));
          thief.send("<resume xmlns='urn:xmpp:sm:3' previd='" + m.group(1) + "' h='0'/>");
          assertThat(thief.readUntil("</failed>", Duration.ofSeconds(5)))
              .contains("<item-not-found");
        }
      }
    }

    @Test
    void whatTheSessionNeverAcknowledgedIsBouncedWhenItEnds() throws Exception {
      try (TestServer server =
              TestServer.start(Map.of(), "smacks_hibernation_time = \"1 second\"");
          Clients clients = new Clients(server)) {
        RawClient quiet = RawClient.loggedInAnonymously(server.port());
        String bound = quiet.received();
        Matcher jid = Pattern.compile("<jid>([^<]+)</jid>").matcher(bound);
        assertThat(jid.find()).isTrue();
        quiet
            .send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>")
            .readUntil("<enabled", Duration.ofSeconds(5));
        quiet.send("<presence/>");

        XMPPTCPConnection sender = clients.anonymous();
        LinkedBlockingQueue<Message> bounces = new LinkedBlockingQueue<>();
        sender.addAsyncStanzaListener(
            s -> bounces.add((Message) s), new StanzaTypeFilter(Message.class));
        sender.sendStanza(
            sender
                .getStanzaFactory()
                .buildMessageStanza()
                .to(JidCreate.from(jid.group(1)))
                .setBody("unread")
                .build());
        quiet.readUntil(
            "unread", Duration.ofSeconds(5)); // delivered on the wire, never acknowledged
        quiet.close();

        Message bounce = bounces.poll(15, TimeUnit.SECONDS);
        assertThat(bounce).as("the unacknowledged message comes back").isNotNull();
        assertThat(bounce.getType()).isEqualTo(Message.Type.error);
        assertThat(bounce.getError().getCondition())
            .isEqualTo(StanzaError.Condition.recipient_unavailable);
      }
    }
  }
}
