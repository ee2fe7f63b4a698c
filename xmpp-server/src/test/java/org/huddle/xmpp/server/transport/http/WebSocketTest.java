package org.huddle.xmpp.server.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.huddle.xmpp.server.api.AuthProvider;
import org.huddle.xmpp.server.api.SaslContext;
import org.huddle.xmpp.server.api.SaslMechanism;
import org.huddle.xmpp.server.auth.AnonymousAuth;
import org.huddle.xmpp.server.testing.SessionCounts;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** XMPP over WebSocket (RFC 7395), driven by the JDK's own WebSocket client. */
class WebSocketTest {
  @RegisterExtension static final TestServerExtension kit = TestServerExtension.standard();

  @Nested
  class Framing {
    @Test
    void opensWithOpenAndOffersFeaturesWithTheStreamPrefixDeclared() throws Exception {
      try (WsClient ws = WsClient.connect(kit.server().httpPort(), "")) {
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
      try (WsClient ws = WsClient.connect(kit.server().httpPort(), "")) {
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
      try (WsClient ws = WsClient.connect(kit.server().httpPort(), "")) {
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

  /**
   * Each case checks that it leaves nothing behind: the router's bound sessions and the open client
   * sessions per transport return to what they were before it. The cases run on their own server,
   * so that the ends of other tests' sessions cannot blur the counts.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class BadInput {
    TestServer own;
    SessionCounts before;

    @BeforeAll
    void startOwnServer() {
      own = TestServer.start();
    }

    @AfterAll
    void stopOwnServer() {
      own.close();
    }

    @BeforeEach
    void countSessions() {
      before = SessionCounts.of(own);
    }

    WsClient connect() {
      return WsClient.connect(own.httpPort(), "");
    }

    /** The case really opened a session, so that the check that it went away can fail. */
    void awaitOneMoreSession(boolean bound) {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                SessionCounts now = SessionCounts.of(own);
                assertThat(now.websocket()).isEqualTo(before.websocket() + 1);
                assertThat(now.bound()).isEqualTo(before.bound() + (bound ? 1 : 0));
              });
    }

    void assertNoSessionLeaked() {
      SessionCounts.awaitBackTo(own, before);
    }

    @Test
    void refusesAnUpgradeWithoutTheXmppSubprotocol() {
      assertThatThrownBy(() -> WsClient.connect(own.httpPort(), "", null))
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOfSatisfying(
              java.net.http.WebSocketHandshakeException.class,
              e -> {
                assertThat(e.getResponse().statusCode()).isEqualTo(400);
                assertThat(e.getResponse().body().toString()).contains("subprotocol 'xmpp'");
              });
      assertNoSessionLeaked();
    }

    @Test
    void aFrameThatIsNotXmlGetsNotWellFormedAndAClose() throws Exception {
      try (WsClient ws = connect()) {
        ws.send(WsClient.OPEN).next("features");
        awaitOneMoreSession(false);
        ws.send("{\"colibriClass\": \"ServerHello\"}");
        assertThat(ws.next("stream:error")).containsAnyOf("<not-well-formed", "<bad-format");
        ws.next("<close");
        assertThat(ws.closeStatus(Duration.ofSeconds(10))).isNotNull();
        assertNoSessionLeaked();
      }
    }

    @Test
    void aFrameThatIsNotXmppEndsABoundSession() throws Exception {
      try (WsClient ws = connect()) {
        ws.loginAnonymously();
        awaitOneMoreSession(true);
        ws.send("<hello xmlns='urn:example:not-xmpp'/>");
        assertThat(ws.next("stream:error")).contains("unsupported-stanza-type");
        assertThat(ws.closeStatus(Duration.ofSeconds(10))).isNotNull();
        assertNoSessionLeaked();
      }
    }

    @Test
    void aFrameWithHalfAnElementIsRefused() throws Exception {
      try (WsClient ws = connect()) {
        ws.send(WsClient.OPEN).next("features");
        awaitOneMoreSession(false);
        ws.send("<message xmlns='jabber:client'><body>");
        assertThat(ws.next("stream:error")).contains("not-well-formed");
        assertNoSessionLeaked();
      }
    }

    @Test
    void aBinaryFrameIsBadFormat() throws Exception {
      try (WsClient ws = connect()) {
        ws.send(WsClient.OPEN).next("features");
        awaitOneMoreSession(false);
        ws.sendBinary(new byte[] {1, 2, 3});
        assertThat(ws.next("stream:error")).contains("bad-format");
        assertNoSessionLeaked();
      }
    }

    @Test
    void aStanzaBeforeOpenIsRefused() throws Exception {
      try (WsClient ws = connect()) {
        awaitOneMoreSession(false);
        ws.send("<message xmlns='jabber:client' to='a@meet.jitsi'/>");
        assertThat(ws.next("stream:error")).containsAnyOf("invalid-xml", "not-authorized");
        assertNoSessionLeaked();
      }
    }

    @Test
    void aClientThatVanishesWithoutCloseLeavesNoSession() throws Exception {
      WsClient ws = connect();
      ws.loginAnonymously();
      awaitOneMoreSession(true);
      ws.close(); // aborts the TCP connection: no <close/>, no WebSocket close frame
      assertNoSessionLeaked();
    }
  }

  @Test
  void aQuietClientIsPingedAndStays() throws Exception {
    String config = "c2s_ping_interval = \"1 second\"\nc2s_ping_timeout = \"2 seconds\"";
    try (TestServer s = TestServer.start(Map.of(), config);
        WsClient ws = WsClient.connect(s.httpPort(), "")) {
      ws.loginAnonymously();
      // Silent from here on. The server pings at the WebSocket level after the 1 s interval (the
      // bound is generous for a loaded machine); the JDK client answers with pongs by itself.
      assertThat(ws.nextPing(Duration.ofSeconds(15)))
          .as("a WebSocket ping frame from the server")
          .isEqualTo("huddle");
      // The pongs count as life: pinged again and still there after more than interval + timeout.
      assertThat(ws.nextPing(Duration.ofSeconds(15))).as("a second ping").isNotNull();
      Thread.sleep(3500);
      assertThat(ws.closeStatus(Duration.ZERO)).as("still open").isNull();
      ws.send(
          "<iq xmlns='jabber:client' type='get' id='p1' to='meet.jitsi'><ping xmlns='urn:xmpp:ping'/></iq>");
      assertThat(ws.next("id='p1'")).contains("type='result'");
    }
  }
}
