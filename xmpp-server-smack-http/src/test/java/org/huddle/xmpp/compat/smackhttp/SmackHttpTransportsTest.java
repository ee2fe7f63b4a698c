package org.huddle.xmpp.compat.smackhttp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.huddle.xmpp.server.testing.TestServer;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.bosh.BOSHConfiguration;
import org.jivesoftware.smack.bosh.XMPPBOSHConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.websocket.XmppWebSocketTransportModuleDescriptor;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/** Smack's own BOSH and WebSocket transports log in to Huddle and make a MUC round trip. */
class SmackHttpTransportsTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    SmackConfiguration.setDefaultReplyTimeout(10_000);
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Joins a room, sends a groupchat message and waits to hear it back. */
  static void mucRoundTrip(AbstractXMPPConnection c, String room, String nick, String text)
      throws Exception {
    EntityBareJid jid = JidCreate.entityBareFrom(room + "@muc.meet.jitsi");
    MultiUserChat muc = MultiUserChatManager.getInstanceFor(c).getMultiUserChat(jid);
    muc.join(Resourcepart.from(nick));
    BlockingQueue<Message> got = new ArrayBlockingQueue<>(20);
    muc.addMessageListener(got::add);
    muc.sendMessage(text);
    Message m;
    do {
      m = got.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("the groupchat message back").isNotNull();
    } while (!text.equals(m.getBody()));
    assertThat(m.getFrom().toString()).isEqualTo(jid + "/" + nick);
    muc.leave();
  }

  @Test
  void smacksBoshTransportLogsInAndDoesAMucRoundTrip() throws Exception {
    BOSHConfiguration config =
        BOSHConfiguration.builder()
            .setXmppDomain("meet.jitsi")
            .setHost("localhost") // Smack 4.5 BOSH renders an IP host as "/127.0.0.1" in its URI
            .setPort(server.httpPort())
            .setFile("/http-bind")
            .setUseHttps(false)
            .setSecurityMode(SecurityMode.disabled)
            .performSaslAnonymousAuthentication()
            .build();
    XMPPBOSHConnection c = new XMPPBOSHConnection(config);
    try {
      c.connect().login();
      assertThat(c.isAuthenticated()).isTrue();
      assertThat(c.getUser().getDomain().toString()).isEqualTo("meet.jitsi");
      mucRoundTrip(c, "bosh-smack", "boshy", "hello over Smack BOSH");
    } finally {
      c.disconnect();
    }
  }

  @Test
  void smacksWebSocketTransportLogsInAndDoesAMucRoundTrip() throws Exception {
    var builder = ModularXmppClientToServerConnectionConfiguration.builder();
    builder.removeAllModules();
    builder
        .setXmppDomain("meet.jitsi")
        .setSecurityMode(SecurityMode.disabled)
        .performSaslAnonymousAuthentication();
    builder.addModule(
        XmppWebSocketTransportModuleDescriptor.getBuilder(builder)
            .explicitlySetWebSocketEndpoint(
                "ws://127.0.0.1:" + server.httpPort() + "/xmpp-websocket")
            .build());
    ModularXmppClientToServerConnection c =
        new ModularXmppClientToServerConnection(builder.build());
    try {
      c.connect().login();
      assertThat(c.isAuthenticated()).isTrue();
      mucRoundTrip(c, "ws-smack", "socky", "hello over Smack WebSocket");
    } finally {
      c.disconnect();
    }
  }
}
