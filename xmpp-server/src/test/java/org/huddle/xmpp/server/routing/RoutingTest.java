package org.huddle.xmpp.server.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.huddle.xmpp.server.testing.Clients;
import org.huddle.xmpp.server.testing.TestServer;
import org.jivesoftware.smack.StanzaListener;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

class RoutingTest {
  static TestServer server;
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

  static <T extends Stanza> BlockingQueue<T> collect(XMPPTCPConnection c, Class<T> type) {
    BlockingQueue<T> q = new ArrayBlockingQueue<>(100);
    c.addAsyncStanzaListener((StanzaListener) s -> q.add(type.cast(s)), new StanzaTypeFilter(type));
    return q;
  }

  @Nested
  class BetweenSessions {
    @Test
    void aMessageToAFullJidArrivesFromTheSender() throws Exception {
      XMPPTCPConnection romeo = clients.anonymous();
      XMPPTCPConnection juliet = clients.anonymous();
      BlockingQueue<Message> inbox = collect(juliet, Message.class);
      romeo.sendStanza(
          romeo
              .getStanzaFactory()
              .buildMessageStanza()
              .to(juliet.getUser())
              .setBody("wherefore")
              .build());
      Message m = inbox.poll(10, TimeUnit.SECONDS);
      assertThat(m).isNotNull();
      assertThat(m.getBody()).isEqualTo("wherefore");
      assertThat(m.getFrom().toString()).isEqualTo(romeo.getUser().toString());
    }

    @Test
    void aMessageToABareJidReachesTheAvailableResource() throws Exception {
      XMPPTCPConnection romeo = clients.anonymous();
      XMPPTCPConnection juliet = clients.login(clients.anonymousConfig().setSendPresence(false));
      BlockingQueue<Presence> ownPresence = collect(juliet, Presence.class);
      BlockingQueue<Message> inbox = collect(juliet, Message.class);
      juliet.sendStanza(juliet.getStanzaFactory().buildPresenceStanza().build());
      assertThat(ownPresence.poll(10, TimeUnit.SECONDS))
          .as("juliet's presence reflected")
          .isNotNull();
      romeo.sendStanza(
          romeo
              .getStanzaFactory()
              .buildMessageStanza()
              .to(juliet.getUser().asBareJid())
              .setBody("hi")
              .build());
      assertThat(inbox.poll(10, TimeUnit.SECONDS)).extracting(Message::getBody).isEqualTo("hi");
    }

    @Test
    void anIqToAFullJidIsRoutedAndItsResultComesBack() throws Exception {
      XMPPTCPConnection romeo = clients.anonymous();
      XMPPTCPConnection juliet = clients.anonymous();
      Ping ping = new Ping(juliet.getUser());
      IQ result = romeo.sendIqRequestAndWaitForResponse(ping);
      assertThat(result.getType()).isEqualTo(IQ.Type.result);
      assertThat(result.getFrom().toString()).isEqualTo(juliet.getUser().toString());
    }

    @Test
    void presenceIsBroadcastBackToTheSender() throws Exception {
      XMPPTCPConnection romeo = clients.login(clients.anonymousConfig().setSendPresence(false));
      BlockingQueue<Presence> own = collect(romeo, Presence.class);
      romeo.sendStanza(romeo.getStanzaFactory().buildPresenceStanza().setStatus("here").build());
      Presence p = own.poll(10, TimeUnit.SECONDS);
      assertThat(p).isNotNull();
      assertThat(p.getFrom().toString()).isEqualTo(romeo.getUser().toString());
      assertThat(p.getStatus()).isEqualTo("here");
    }

    @Test
    void anAccountsOtherResourcesSeeEachOthersPresence() throws Exception {
      XMPPTCPConnection laptop =
          clients.login(
              clients
                  .accountConfig(TestServer.AUTH, "jvb", TestServer.JVB_PASSWORD)
                  .setResource("laptop")
                  .addEnabledSaslMechanism("SCRAM-SHA-1"));
      BlockingQueue<Presence> seen = collect(laptop, Presence.class);
      XMPPTCPConnection phone =
          clients.login(
              clients
                  .accountConfig(TestServer.AUTH, "jvb", TestServer.JVB_PASSWORD)
                  .setResource("phone")
                  .addEnabledSaslMechanism("SCRAM-SHA-1"));
      Presence p;
      do {
        p = seen.poll(10, TimeUnit.SECONDS);
        assertThat(p).isNotNull();
      } while (!p.getFrom().equals(phone.getUser()));
      phone.disconnect();
      do {
        p = seen.poll(10, TimeUnit.SECONDS);
        assertThat(p).isNotNull();
      } while (p.getType() != Presence.Type.unavailable);
      assertThat(p.getFrom().toString()).isEqualTo(phone.getUser().toString());
    }
  }

  @Nested
  class Errors {
    @Test
    void anIqToAResourceThatIsNotConnectedIsServiceUnavailable() throws Exception {
      XMPPTCPConnection romeo = clients.anonymous();
      Ping ping = new Ping(JidCreate.from(romeo.getUser().asBareJid() + "/gone"));
      assertThatThrownBy(() -> romeo.sendIqRequestAndWaitForResponse(ping))
          .isInstanceOfSatisfying(
              XMPPErrorException.class,
              e ->
                  assertThat(e.getStanzaError().getCondition())
                      .isEqualTo(StanzaError.Condition.service_unavailable));
    }

    @Test
    void aMessageToAnAccountWithNoSessionBouncesServiceUnavailable() throws Exception {
      XMPPTCPConnection romeo = clients.anonymous();
      BlockingQueue<Message> inbox = collect(romeo, Message.class);
      romeo.sendStanza(
          romeo
              .getStanzaFactory()
              .buildMessageStanza()
              .to(JidCreate.from("nobody@meet.jitsi"))
              .setBody("x")
              .build());
      Message bounce = inbox.poll(10, TimeUnit.SECONDS);
      assertThat(bounce).isNotNull();
      assertThat(bounce.getType()).isEqualTo(Message.Type.error);
      assertThat(bounce.getError().getCondition())
          .isEqualTo(StanzaError.Condition.service_unavailable);
    }

    @Test
    void aStanzaToAnotherServerIsRemoteServerNotFound() throws Exception {
      XMPPTCPConnection romeo = clients.anonymous();
      Ping ping = new Ping(JidCreate.from("example.org"));
      assertThatThrownBy(() -> romeo.sendIqRequestAndWaitForResponse(ping))
          .isInstanceOfSatisfying(
              XMPPErrorException.class,
              e ->
                  assertThat(e.getStanzaError().getCondition())
                      .isEqualTo(StanzaError.Condition.remote_server_not_found));
    }

    @Test
    void anErrorIsNeverAnsweredWithAnError() throws Exception {
      XMPPTCPConnection romeo = clients.anonymous();
      BlockingQueue<Message> inbox = collect(romeo, Message.class);
      romeo.sendStanza(
          romeo
              .getStanzaFactory()
              .buildMessageStanza()
              .to(JidCreate.from("nobody@meet.jitsi"))
              .ofType(Message.Type.error)
              .setBody("x")
              .build());
      romeo.sendStanza(
          romeo
              .getStanzaFactory()
              .buildMessageStanza()
              .to(romeo.getUser())
              .setBody("marker")
              .build());
      Message first = inbox.poll(10, TimeUnit.SECONDS);
      assertThat(first).isNotNull();
      assertThat(first.getBody()).isEqualTo("marker");
    }
  }
}
