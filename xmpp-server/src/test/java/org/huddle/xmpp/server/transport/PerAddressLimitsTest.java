package org.huddle.xmpp.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.huddle.xmpp.server.testing.BoshClient;
import org.huddle.xmpp.server.testing.Clients;
import org.huddle.xmpp.server.testing.Metrics;
import org.huddle.xmpp.server.testing.RawClient;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.WsClient;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Prosody-style per-address limits over real sockets. Each test uses its own loopback addresses
 * (all of 127/8 reaches the server on 127.0.0.1), so the server sees distinct clients.
 */
class PerAddressLimitsTest {
  static final Duration WAIT = Duration.ofSeconds(5);
  static final String ANONYMOUS =
      "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>";
  TestServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static InetAddress address(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  /** Opens a c2s stream from {@code from} and returns what the server answered first. */
  String openStream(RawClient raw) throws Exception {
    return raw.send(RawClient.HEADER).readUntil("</stream:", WAIT);
  }

  @Nested
  class Connections {
    @Test
    void pastTheCapAConnectionIsRefusedWithPolicyViolationAndCounted() throws Exception {
      server = TestServer.start(Map.of("HUDDLE_MAX_CONNECTIONS_PER_IP", "2"), null);
      InetAddress greedy = address("127.0.0.3");
      double refusedBefore = Metrics.of(server).refusals("connections");
      // Each connection is opened only once the one before is in: the server counts them as they
      // arrive, and a WebSocket arrives when its upgrade is done, not when the client is told so.
      try (RawClient one = new RawClient(greedy, server.port())) {
        assertThat(openStream(one)).contains("</stream:features>");
        try (WsClient two = WsClient.connect(server.httpPort(), "", greedy, Map.of())) {
          two.send(WsClient.OPEN).next("stream:features"); // WebSocket counts too
          try (RawClient three = new RawClient(greedy, server.port())) {
            assertThat(openStream(three))
                .contains("<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
                .contains("too many connections from 127.0.0.3 (max_connections_per_ip)");
            assertThat(three.closedWithin(WAIT)).isTrue();
          }
          try (RawClient neighbour = new RawClient(address("127.0.0.4"), server.port())) {
            assertThat(openStream(neighbour)).contains("</stream:features>");
          }
          assertThat(Metrics.of(server).refusals("connections")).isEqualTo(refusedBefore + 1);

          one.close();
          await("a closed connection makes room")
              .atMost(Duration.ofSeconds(10))
              .untilAsserted(
                  () -> {
                    try (RawClient again = new RawClient(greedy, server.port())) {
                      assertThat(openStream(again)).contains("</stream:features>");
                    }
                  });
        }
      }
    }
  }

  @Nested
  class StreamsNotLoggedIn {
    @Test
    void pastTheCapANewStreamIsRefusedUntilOneLogsIn() throws Exception {
      server = TestServer.start(Map.of("HUDDLE_MAX_UNAUTHENTICATED_PER_IP", "2"), null);
      InetAddress idle = address("127.0.0.5");
      // A stream counts from the moment its connection opens, so each is opened in turn.
      try (RawClient one = new RawClient(idle, server.port());
          RawClient two = new RawClient(idle, server.port())) {
        openStream(one);
        openStream(two);
        try (RawClient three = new RawClient(idle, server.port())) {
          assertThat(openStream(three))
              .contains("<policy-violation")
              .contains("too many streams from 127.0.0.5 that have not logged in");
        }
        assertThat(Metrics.of(server).refusals("unauthenticated")).isEqualTo(1);
        // Logging in turns a stream into a session: room for another stream at once.
        one.send(ANONYMOUS).readUntil("<success", WAIT);
        try (RawClient four = new RawClient(idle, server.port())) {
          assertThat(openStream(four)).contains("<mechanism>ANONYMOUS</mechanism>");
        }
      }
    }

    @Test
    void overWebSocketTheRefusalIsAStreamErrorToo() throws Exception {
      server = TestServer.start(Map.of("HUDDLE_MAX_UNAUTHENTICATED_PER_IP", "1"), null);
      InetAddress idle = address("127.0.0.6");
      try (WsClient one = WsClient.connect(server.httpPort(), "", idle, Map.of())) {
        one.send(WsClient.OPEN).next("stream:features");
        try (WsClient two = WsClient.connect(server.httpPort(), "", idle, Map.of())) {
          assertThat(two.send(WsClient.OPEN).next("stream:error"))
              .contains("policy-violation")
              .contains("max_unauthenticated_per_ip");
        }
      }
    }
  }

  @Nested
  class Sessions {
    @Test
    void pastTheCapALoginIsRefusedOnEveryTransportUntilASessionEnds() throws Exception {
      server = TestServer.start(Map.of("HUDDLE_MAX_SESSIONS_PER_IP", "2"), null);
      InetAddress many = address("127.0.0.7");
      try (RawClient one = RawClient.loggedInAnonymously(many, server.port());
          WsClient two = WsClient.connect(server.httpPort(), "", many, Map.of());
          RawClient three = new RawClient(many, server.port());
          RawClient elsewhere =
              RawClient.loggedInAnonymously(address("127.0.0.8"), server.port())) {
        two.loginAnonymously();
        openStream(three);
        String refused = three.send(ANONYMOUS).readUntil("</stream:stream>", WAIT);
        assertThat(refused)
            .contains("<policy-violation")
            .contains("too many sessions from 127.0.0.7 (max_sessions_per_ip)")
            .doesNotContain("<success");
        assertThat(Metrics.of(server).refusals("sessions")).isEqualTo(1);

        one.send("</stream:stream>").readUntil("</stream:stream>", WAIT);
        await("an ended session makes room")
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  try (RawClient again = RawClient.loggedInAnonymously(many, server.port())) {
                    assertThat(again.received()).contains("</jid>");
                  }
                });
      }
    }
  }

  @Nested
  class BoshSessions {
    @Test
    void pastTheCapANewBoshSessionGets429WithTheReason() throws Exception {
      server = TestServer.start(Map.of("HUDDLE_BOSH_MAX_SESSIONS_PER_IP", "1"), null);
      InetAddress browser = address("127.0.0.9");
      BoshClient first = new BoshClient(server.httpPort(), "", browser, Map.of());
      assertThat(first.create(10, 1)).contains("sid='");
      HttpResponse<String> second =
          new BoshClient(server.httpPort(), "", browser, Map.of())
              .post(
                  "<body xmlns='http://jabber.org/protocol/httpbind' rid='1' to='meet.jitsi'"
                      + " wait='10' hold='1' ver='1.6'/>")
              .join();
      assertThat(second.statusCode()).isEqualTo(429);
      assertThat(second.body())
          .isEqualTo("too many BOSH sessions from 127.0.0.9 (bosh_max_sessions_per_ip)\n");
      assertThat(Metrics.of(server).refusals("bosh_sessions")).isEqualTo(1);

      first.sendWithRid(first.nextRid(), "", " type='terminate'").join();
      assertThat(new BoshClient(server.httpPort(), "", browser, Map.of()).create(10, 1))
          .as("a terminated session makes room")
          .contains("sid='");
    }
  }

  /** 1 KiB/s with a burst of one second: a 3 KiB message is over it. */
  @Nested
  class ByteRate {
    static final String SLOW = "1kb/s";
    final String body = "x".repeat(3 * 1024);

    void start() {
      server =
          TestServer.start(Map.of("PROSODY_C2S_LIMIT", SLOW, "HUDDLE_C2S_LIMIT_BURST", "1s"), null);
    }

    static String jidIn(String bound) {
      return bound.substring(bound.indexOf("<jid>") + 5, bound.indexOf("</jid>"));
    }

    @Test
    void aFastTcpClientIsPausedNotDroppedAndEverythingItSentArrives() throws Exception {
      start();
      try (RawClient raw = RawClient.loggedInAnonymously(address("127.0.0.10"), server.port())) {
        String me = jidIn(raw.received());
        double before = Metrics.of(server).throttled("c2s");
        raw.send(
            "<message to='" + me + "' type='chat' id='big'><body>" + body + "</body></message>");
        raw.send("<iq type='get' id='after' to='meet.jitsi'><ping xmlns='urn:xmpp:ping'/></iq>");
        String got = raw.readUntil("id='after'", Duration.ofSeconds(20));
        assertThat(got).contains(body);
        assertThat(got.indexOf(body)).isLessThan(got.indexOf("id='after'"));
        assertThat(Metrics.of(server).throttled("c2s")).isGreaterThan(before);
      }
    }

    @Test
    void aFastWebSocketClientIsPausedNotDropped() throws Exception {
      start();
      try (WsClient ws = WsClient.connect(server.httpPort(), "", address("127.0.0.11"), Map.of())) {
        String me = ws.loginAnonymously();
        double before = Metrics.of(server).throttled("websocket");
        ws.send(
            "<message xmlns='jabber:client' to='"
                + me
                + "' type='chat'><body>"
                + body
                + "</body></message>");
        ws.send(
            "<iq xmlns='jabber:client' type='get' id='after' to='meet.jitsi'><ping"
                + " xmlns='urn:xmpp:ping'/></iq>");
        assertThat(ws.next("<body>")).contains(body);
        ws.next("id='after'");
        assertThat(Metrics.of(server).throttled("websocket")).isGreaterThan(before);
      }
    }

    @Test
    void aFastBoshClientHasItsRequestsWaitNotRefused() throws Exception {
      start();
      BoshClient bosh = new BoshClient(server.httpPort(), "", address("127.0.0.12"), Map.of());
      String me = bosh.loginAnonymously();
      double before = Metrics.of(server).throttled("bosh");
      String got =
          bosh.sendAndAwait(
              "<message xmlns='jabber:client' to='"
                  + me
                  + "' type='chat'><body>"
                  + body
                  + "</body></message>",
              "<body>" + body);
      assertThat(got).contains(body);
      assertThat(Metrics.of(server).throttled("bosh")).isGreaterThan(before);
    }

    @Test
    void unlimitedJidsAreNotPausedOnceLoggedIn() throws Exception {
      start();
      try (Clients clients = new Clients(server)) {
        // The focus is an admin, and the admins are the default unlimited_jids.
        XMPPTCPConnection focus =
            clients.login(
                clients.accountConfig(TestServer.AUTH, "focus", TestServer.FOCUS_PASSWORD));
        var inbox = new java.util.concurrent.LinkedBlockingQueue<Message>();
        focus.addAsyncStanzaListener(
            s -> inbox.add((Message) s),
            new org.jivesoftware.smack.filter.StanzaTypeFilter(Message.class));
        // Logging in may itself have been paused (it came before the account was known).
        double before = Metrics.of(server).throttled("c2s");
        for (int i = 0; i < 3; i++) {
          focus.sendStanza(
              focus
                  .getStanzaFactory()
                  .buildMessageStanza()
                  .to(focus.getUser())
                  .ofType(Message.Type.chat)
                  .setBody(body)
                  .build());
        }
        for (int i = 0; i < 3; i++) {
          assertThat(inbox.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
        }
        assertThat(Metrics.of(server).throttled("c2s")).isEqualTo(before);
      }
    }
  }
}
