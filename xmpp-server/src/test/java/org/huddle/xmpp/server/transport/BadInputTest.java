package org.huddle.xmpp.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.huddle.xmpp.server.testing.Clients;
import org.huddle.xmpp.server.testing.RawClient;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile and broken input over real TCP: each gets the RFC 6120 stream error and a closed
 * connection, and a bystander's session carries on.
 */
class BadInputTest {
  @RegisterExtension
  static final TestServerExtension kit =
      TestServerExtension.with(Map.of("HUDDLE_C2S_STANZA_SIZE_LIMIT", "64 KiB"), null);

  XMPPTCPConnection bystander;

  @BeforeEach
  void bystander() throws Exception {
    bystander = kit.clients().anonymous();
  }

  @AfterEach
  void bystanderIsUnharmed() throws Exception {
    assertThat(PingManager.getInstanceFor(bystander).pingMyServer())
        .as("bystander still served")
        .isTrue();
  }

  String streamErrorFor(String... chunks) throws Exception {
    try (RawClient raw = new RawClient(kit.server().port())) {
      for (String c : chunks) {
        raw.send(c);
      }
      String got = raw.readUntil("</stream:stream>", Duration.ofSeconds(10));
      assertThat(raw.closedWithin(Duration.ofSeconds(5))).as("connection closed").isTrue();
      return got;
    }
  }

  @Nested
  class XmlLimits {
    @Test
    void billionLaughsIsRestrictedXml() throws Exception {
      String lol =
          "<?xml version='1.0'?><!DOCTYPE s [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>]>"
              + RawClient.HEADER.substring("<?xml version='1.0'?>".length());
      assertThat(streamErrorFor(lol))
          .contains("<restricted-xml xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
    }

    @Test
    void anExternalEntityIsRestrictedXml() throws Exception {
      String xxe =
          "<?xml version='1.0'?><!DOCTYPE s [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
              + RawClient.HEADER.substring("<?xml version='1.0'?>".length());
      assertThat(streamErrorFor(xxe)).contains("restricted-xml").doesNotContain("root:");
    }

    @Test
    void anUndeclaredEntityInAStanzaIsRefused() throws Exception {
      assertThat(streamErrorFor(RawClient.HEADER, "<message><body>&xxe;</body></message>"))
          .containsAnyOf("restricted-xml", "not-well-formed");
    }

    @Test
    void anOversizedStanzaIsAPolicyViolationEvenBeforeItEnds() throws Exception {
      try (RawClient raw = new RawClient(kit.server().port())) {
        raw.send(RawClient.HEADER).send("<message><body>");
        String chunk = "x".repeat(16 * 1024);
        for (int i = 0; i < 8; i++) {
          raw.send(chunk);
        }
        String got = raw.readUntil("</stream:stream>", Duration.ofSeconds(10));
        assertThat(got).contains("<policy-violation");
      }
    }

    @Test
    void deepNestingIsAPolicyViolation() throws Exception {
      assertThat(streamErrorFor(RawClient.HEADER, "<message>" + "<a>".repeat(100)))
          .contains("policy-violation");
    }

    @Test
    void garbageIsNotWellFormed() throws Exception {
      assertThat(streamErrorFor("GET / HTTP/1.1\r\nHost: x\r\n\r\n")).contains("not-well-formed");
    }

    @Test
    void aCommentIsRestrictedXml() throws Exception {
      assertThat(streamErrorFor(RawClient.HEADER, "<!-- sneaky -->")).contains("restricted-xml");
    }
  }

  @Nested
  class Stanzas {
    @Test
    void anUnknownTopLevelElementIsAnUnsupportedStanzaType() throws Exception {
      try (RawClient raw = loggedIn()) {
        raw.send("<banana xmlns='jabber:client'/>");
        assertThat(raw.readUntil("</stream:stream>", Duration.ofSeconds(5)))
            .contains("unsupported-stanza-type");
      }
    }

    @Test
    void aForgedFromIsInvalidFrom() throws Exception {
      try (RawClient raw = loggedIn()) {
        raw.send(
            "<message from='focus@auth.meet.jitsi/focus' to='x@meet.jitsi'><body>hi</body></message>");
        assertThat(raw.readUntil("</stream:stream>", Duration.ofSeconds(5)))
            .contains("invalid-from");
      }
    }

    @Test
    void aMalformedAddressIsJidMalformed() throws Exception {
      try (RawClient raw = loggedIn()) {
        raw.send("<iq type='get' id='m1' to='a@b@c d'><ping xmlns='urn:xmpp:ping'/></iq>");
        assertThat(raw.readUntil("</iq>", 2, Duration.ofSeconds(5)))
            .contains("id='m1'")
            .contains("<jid-malformed");
      }
    }
  }

  @Nested
  class IdleConnections {
    @Test
    void aConnectionThatNeverAuthenticatesIsClosed() throws Exception {
      try (TestServer quick = TestServer.start(Map.of(), "c2s_timeout = \"1 second\"");
          RawClient raw = new RawClient(quick.port())) {
        raw.send(RawClient.HEADER).readUntil("</stream:features>", Duration.ofSeconds(5));
        assertThat(raw.closedWithin(Duration.ofSeconds(10))).isTrue();
        assertThat(raw.received()).contains("connection-timeout");
      }
    }

    @Test
    void aSilentClientIsPingedAndClosedWhenItDoesNotAnswer() throws Exception {
      String config = "c2s_ping_interval = \"1 second\"\nc2s_ping_timeout = \"1 second\"";
      try (TestServer quick = TestServer.start(Map.of(), config);
          RawClient raw = loggedIn(quick)) {
        String ping = raw.readUntil("<ping xmlns='urn:xmpp:ping'/>", Duration.ofSeconds(10));
        assertThat(ping).contains("type='get'");
        assertThat(raw.closedWithin(Duration.ofSeconds(10)))
            .as("half-open connection closed")
            .isTrue();
        assertThat(raw.received()).contains("connection-timeout");
      }
    }

    @Test
    void aClientThatAnswersPingsStays() throws Exception {
      String config = "c2s_ping_interval = \"1 second\"\nc2s_ping_timeout = \"1 second\"";
      try (TestServer quick = TestServer.start(Map.of(), config)) {
        Clients quickClients = new Clients(quick);
        XMPPTCPConnection c = quickClients.anonymous();
        Thread.sleep(3500);
        assertThat(c.isConnected()).isTrue();
        assertThat(PingManager.getInstanceFor(c).pingMyServer()).isTrue();
        quickClients.close();
      }
    }
  }

  static RawClient loggedIn() throws Exception {
    return loggedIn(kit.server());
  }

  static RawClient loggedIn(TestServer s) throws Exception {
    RawClient raw = new RawClient(s.port());
    raw.send(RawClient.HEADER).readUntil("</stream:features>", Duration.ofSeconds(5));
    raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
    raw.readUntil("<success", Duration.ofSeconds(5));
    raw.send(RawClient.HEADER).readUntil("<bind", Duration.ofSeconds(5));
    raw.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
    raw.readUntil("</jid>", Duration.ofSeconds(5));
    return raw;
  }
}
