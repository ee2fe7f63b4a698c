package org.huddle.xmpp.server.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.huddle.xmpp.server.auth.AnonymousAuth;
import org.huddle.xmpp.server.auth.AuthProvider;
import org.huddle.xmpp.server.auth.SaslContext;
import org.huddle.xmpp.server.auth.SaslMechanism;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** XMPP over WebSocket (RFC 7395), driven by the JDK's own WebSocket client. */
class WebSocketTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Nested
  class Framing {
    @Test
    void opensWithOpenAndOffersFeaturesWithTheStreamPrefixDeclared() throws Exception {
      try (WsClient ws = WsClient.connect(server.httpPort(), "")) {
        ws.send(WsClient.OPEN);
        String open = ws.next("<open");
        assertThat(open)
            .contains("xmlns='urn:ietf:params:xml:ns:xmpp-framing'")
            .contains("from='meet.jitsi'")
            .contains("version='1.0'");
        String features = ws.next("features");
        assertThat(features)
            .startsWith("<stream:features xmlns:stream='http://etherx.jabber.org/streams'>")
            .contains("<mechanism>ANONYMOUS</mechanism>")
            .doesNotContain("starttls");
      }
    }

    @Test
    void logsInJoinsARoomAndHearsItsOwnMessage() throws Exception {
      try (WsClient ws = WsClient.connect(server.httpPort(), "")) {
        String jid = ws.loginAnonymously();
        assertThat(jid).endsWith("@meet.jitsi/" + jid.substring(jid.indexOf('/') + 1));
        ws.send(
            "<presence xmlns='jabber:client' to='ws-room@muc.meet.jitsi/wsuser'>"
                + "<x xmlns='http://jabber.org/protocol/muc'/></presence>");
        assertThat(ws.next("code='110'")).contains("from='ws-room@muc.meet.jitsi/wsuser'");
        ws.send(
            "<message xmlns='jabber:client' to='ws-room@muc.meet.jitsi' type='groupchat'>"
                + "<body>over websocket</body></message>");
        String echoed = ws.next("over websocket");
        assertThat(echoed)
            .startsWith("<message xmlns='jabber:client'")
            .contains("type='groupchat'");
      }
    }

    @Test
    void answersCloseWithCloseAndEndsTheSession() throws Exception {
      try (WsClient ws = WsClient.connect(server.httpPort(), "")) {
        ws.loginAnonymously();
        ws.send("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
        assertThat(ws.next("<close")).contains("urn:ietf:params:xml:ns:xmpp-framing");
        assertThat(ws.closeStatus(Duration.ofSeconds(10))).isEqualTo(1000);
      }
    }

    @Test
    void carriesTheUrlTokenToAuthentication() throws Exception {
      CompletableFuture<Object> seen = new CompletableFuture<>();
      AuthProvider recording =
          new AuthProvider() {
            final AnonymousAuth inner = new AnonymousAuth();

            @Override
            public List<String> mechanisms(boolean secure) {
              return inner.mechanisms(secure);
            }

            @Override
            public SaslMechanism create(String name, SaslContext context) {
              seen.complete(context.attributes().get(SaslContext.TOKEN));
              return inner.create(name, context);
            }

            @Override
            public boolean anonymous() {
              return true;
            }
          };
      String config = "VirtualHost \"meet.jitsi\"\n  authentication = \"recording\"\n";
      try (TestServer s =
              TestServer.start(
                  Map.of(),
                  config,
                  List.of(ctx -> ctx.authProvider("recording", hc -> recording)));
          WsClient ws = WsClient.connect(s.httpPort(), "?token=abc.def.ghi&room=x")) {
        ws.loginAnonymously();
        assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("abc.def.ghi");
      }
    }
  }

  @Nested
  class BadInput {
    @Test
    void refusesAnUpgradeWithoutTheXmppSubprotocol() {
      assertThatThrownBy(() -> WsClient.connect(server.httpPort(), "", null))
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOfSatisfying(
              java.net.http.WebSocketHandshakeException.class,
              e -> {
                assertThat(e.getResponse().statusCode()).isEqualTo(400);
                assertThat(e.getResponse().body().toString()).contains("subprotocol 'xmpp'");
              });
    }

    @Test
    void aFrameThatIsNotXmlGetsNotWellFormedAndAClose() throws Exception {
      try (WsClient ws = WsClient.connect(server.httpPort(), "")) {
        ws.send(WsClient.OPEN).next("features");
        ws.send("{\"colibriClass\": \"ServerHello\"}");
        assertThat(ws.next("stream:error")).containsAnyOf("<not-well-formed", "<bad-format");
        ws.next("<close");
        assertThat(ws.closeStatus(Duration.ofSeconds(10))).isNotNull();
      }
    }

    @Test
    void aFrameWithHalfAnElementIsRefused() throws Exception {
      try (WsClient ws = WsClient.connect(server.httpPort(), "")) {
        ws.send(WsClient.OPEN).next("features");
        ws.send("<message xmlns='jabber:client'><body>");
        assertThat(ws.next("stream:error")).contains("not-well-formed");
      }
    }

    @Test
    void aBinaryFrameIsBadFormat() throws Exception {
      try (WsClient ws = WsClient.connect(server.httpPort(), "")) {
        ws.send(WsClient.OPEN).next("features");
        ws.sendBinary(new byte[] {1, 2, 3});
        assertThat(ws.next("stream:error")).contains("bad-format");
      }
    }

    @Test
    void aStanzaBeforeOpenIsRefused() throws Exception {
      try (WsClient ws = WsClient.connect(server.httpPort(), "")) {
        ws.send("<message xmlns='jabber:client' to='a@meet.jitsi'/>");
        assertThat(ws.next("stream:error")).containsAnyOf("invalid-xml", "not-authorized");
      }
    }
  }

  @Test
  void aQuietClientIsPingedAndStays() throws Exception {
    String config = "c2s_ping_interval = \"1 second\"\nc2s_ping_timeout = \"2 seconds\"";
    try (TestServer s = TestServer.start(Map.of(), config);
        WsClient ws = WsClient.connect(s.httpPort(), "")) {
      ws.loginAnonymously();
      // The JDK client answers WebSocket pings itself; the server must keep the session through the
      // silence.
      Thread.sleep(4000);
      ws.send(
          "<iq xmlns='jabber:client' type='get' id='p1' to='meet.jitsi'><ping xmlns='urn:xmpp:ping'/></iq>");
      assertThat(ws.next("id='p1'")).contains("type='result'");
    }
  }
}
