package org.huddle.xmpp.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.huddle.xmpp.server.testing.BoshClient;
import org.huddle.xmpp.server.testing.Clients;
import org.huddle.xmpp.server.testing.RawClient;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.WsClient;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StreamNegotiationTest {
  @RegisterExtension static final TestServerExtension kit = TestServerExtension.standard();

  @Nested
  class StartTls {
    @Test
    void upgradesWithTheSelfSignedCertificateMadeAtFirstStart() throws Exception {
      XMPPTCPConnection c =
          kit.clients()
              .login(kit.clients().anonymousConfig().setSecurityMode(SecurityMode.required));
      assertThat(c.isSecureConnection()).isTrue();
      assertThat(c.getUser().getDomain().toString()).isEqualTo(TestServer.DOMAIN);
      assertThat(kit.server().dataDir().resolve("certs/huddle-self-signed.crt")).exists();
    }

    /** OpenSSL, not Java, offers the old protocol: the JDK client refuses TLS 1.1 by itself. */
    @Test
    void refusesTls11AndAcceptsTls12() throws Exception {
      assertThat(opensslStartTls("-tls1_1"))
          .as("TLS 1.1 handshake")
          .doesNotContain("CONNECTION ESTABLISHED");
      assertThat(opensslStartTls("-tls1_2"))
          .as("TLS 1.2 handshake")
          .contains("CONNECTION ESTABLISHED")
          .contains("Protocol version: TLSv1.2");
    }

    private String opensslStartTls(String protocol) throws Exception {
      Process p =
          new ProcessBuilder(
                  "openssl",
                  "s_client",
                  "-connect",
                  "127.0.0.1:" + kit.server().port(),
                  "-starttls",
                  "xmpp",
                  "-xmpphost",
                  TestServer.DOMAIN,
                  protocol,
                  "-cipher",
                  "DEFAULT@SECLEVEL=0",
                  "-brief")
              .redirectErrorStream(true)
              .start();
      p.getOutputStream().close();
      assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS))
          .as("openssl finished")
          .isTrue();
      return new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void isAdvertisedAsRequiredWhenEncryptionIsRequired() throws Exception {
      try (TestServer strict =
              TestServer.start(Map.of("PROSODY_C2S_REQUIRE_ENCRYPTION", "1"), null);
          RawClient raw = new RawClient(strict.port())) {
        String features =
            raw.send(RawClient.HEADER).readUntil("</stream:features>", Duration.ofSeconds(5));
        assertThat(features)
            .contains("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/>");
        assertThat(features).doesNotContain("mechanisms");
        raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
        assertThat(raw.readUntil("</failure>", Duration.ofSeconds(5)))
            .contains("<encryption-required/>");
      }
    }
  }

  /**
   * With no setting at all, as Prosody: no login on the c2s port before STARTTLS. BOSH and
   * WebSocket are untouched; their TLS ends at the proxy in front.
   */
  @Nested
  class EncryptionIsRequiredByDefault {
    TestServer strict;

    @BeforeEach
    void start() {
      // An empty value is no value: the server's own default applies.
      strict = TestServer.start(Map.of("PROSODY_C2S_REQUIRE_ENCRYPTION", ""), null);
    }

    @AfterEach
    void stop() {
      strict.close();
    }

    @Test
    void aPlainStreamIsOfferedOnlyStartTls() throws Exception {
      try (RawClient raw = new RawClient(strict.port())) {
        assertThat(
                raw.send(RawClient.HEADER).readUntil("</stream:features>", Duration.ofSeconds(5)))
            .contains("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/>")
            .doesNotContain("<mechanisms");
      }
    }

    @Test
    void aClientLogsInAfterStartTls() throws Exception {
      try (Clients strictClients = new Clients(strict)) {
        XMPPTCPConnection c =
            strictClients.login(
                strictClients.anonymousConfig().setSecurityMode(SecurityMode.required));
        assertThat(c.isSecureConnection()).isTrue();
        assertThatThrownBy(() -> strictClients.login(strictClients.anonymousConfig()))
            .as("without TLS there is no login")
            .rootCause()
            .isInstanceOf(
                org.jivesoftware.smack.SmackException.SecurityRequiredByServerException.class);
      }
    }

    @Test
    void webSocketAndBoshStillLogIn() throws Exception {
      try (WsClient ws = WsClient.connect(strict.httpPort(), "")) {
        assertThat(ws.loginAnonymously()).contains("@" + TestServer.DOMAIN + "/");
      }
      assertThat(new BoshClient(strict.httpPort(), "").loginAnonymously())
          .contains("@" + TestServer.DOMAIN + "/");
    }
  }

  @Nested
  class StreamHeader {
    @Test
    void answersWithOurHeaderAndFeatures() throws Exception {
      try (RawClient raw = new RawClient(kit.server().port())) {
        String got =
            raw.send(RawClient.HEADER).readUntil("</stream:features>", Duration.ofSeconds(5));
        assertThat(got).contains("from='meet.jitsi'").contains("version='1.0'").contains("id='");
        assertThat(got).contains("<mechanism>ANONYMOUS</mechanism>");
        assertThat(got).contains("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
      }
    }

    @Test
    void refusesAnUnknownHostWithHostUnknown() throws Exception {
      try (RawClient raw = new RawClient(kit.server().port())) {
        raw.send(RawClient.HEADER.replace("to='meet.jitsi'", "to='example.org'"));
        assertThat(raw.readUntil("</stream:stream>", Duration.ofSeconds(5)))
            .contains("<host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
        assertThat(raw.closedWithin(Duration.ofSeconds(5))).isTrue();
      }
    }

    @Test
    void refusesAComponentDomainAsAClientHost() throws Exception {
      try (RawClient raw = new RawClient(kit.server().port())) {
        raw.send(RawClient.HEADER.replace("to='meet.jitsi'", "to='muc.meet.jitsi'"));
        assertThat(raw.readUntil("</stream:stream>", Duration.ofSeconds(5)))
            .contains("host-unknown");
      }
    }

    @Test
    void refusesAnOldVersionWithUnsupportedVersion() throws Exception {
      try (RawClient raw = new RawClient(kit.server().port())) {
        raw.send(
            RawClient.HEADER.replace(
                "to='meet.jitsi' version='1.0'", "to='meet.jitsi' version='0.9'"));
        assertThat(raw.readUntil("</stream:stream>", Duration.ofSeconds(5)))
            .contains("unsupported-version");
      }
    }

    @Test
    void refusesAWrongNamespaceWithInvalidNamespace() throws Exception {
      try (RawClient raw = new RawClient(kit.server().port())) {
        raw.send(RawClient.HEADER.replace("xmlns='jabber:client'", "xmlns='jabber:server'"));
        assertThat(raw.readUntil("</stream:stream>", Duration.ofSeconds(5)))
            .contains("invalid-namespace");
      }
    }

    @Test
    void refusesStanzasBeforeAuthentication() throws Exception {
      try (RawClient raw = new RawClient(kit.server().port())) {
        raw.send(RawClient.HEADER).readUntil("</stream:features>", Duration.ofSeconds(5));
        raw.send("<message to='x@meet.jitsi'><body>hi</body></message>");
        assertThat(raw.readUntil("</stream:stream>", Duration.ofSeconds(5)))
            .contains("not-authorized");
      }
    }
  }

  @Nested
  class Binding {
    @Test
    void bindsTheRequestedResource() throws Exception {
      XMPPTCPConnection c =
          kit.clients().login(kit.clients().anonymousConfig().setResource("laptop"));
      assertThat(c.getUser().getResourceOrEmpty().toString()).isEqualTo("laptop");
    }

    @Test
    void generatesAResourceWhenNoneIsAsked() throws Exception {
      try (RawClient raw = new RawClient(kit.server().port())) {
        raw.send(RawClient.HEADER).readUntil("</stream:features>", Duration.ofSeconds(5));
        raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
        raw.readUntil("<success", Duration.ofSeconds(5));
        raw.send(RawClient.HEADER);
        String features =
            raw.readUntil(
                "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>", Duration.ofSeconds(5));
        assertThat(features)
            .contains("<session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/>");
        raw.send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
        String bound = raw.readUntil("</jid>", Duration.ofSeconds(5));
        assertThat(bound)
            .containsPattern("<jid>[0-9a-f-]{36}@meet\\.jitsi/huddle-[0-9a-f]{12}</jid>");
        raw.send(
            "<iq type='set' id='s1'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>");
        assertThat(raw.readUntil("id='s1'", Duration.ofSeconds(5))).contains("type='result'");
      }
    }

    @Test
    void aNewSessionWithTheSameResourceReplacesTheOldOneWithConflict() throws Exception {
      XMPPTCPConnection first =
          kit.clients()
              .login(
                  kit.clients()
                      .accountConfig(TestServer.AUTH, "focus", TestServer.FOCUS_PASSWORD)
                      .setResource("r"));
      XMPPTCPConnection second =
          kit.clients()
              .login(
                  kit.clients()
                      .accountConfig(TestServer.AUTH, "focus", TestServer.FOCUS_PASSWORD)
                      .setResource("r"));
      assertThat(second.isAuthenticated()).isTrue();
      org.awaitility.Awaitility.await().atMost(Clients.timeout()).until(() -> !first.isConnected());
    }

    @Test
    void refusesAnInvalidResource() throws Exception {
      assertThatThrownBy(
              () -> {
                try (RawClient raw = new RawClient(kit.server().port())) {
                  raw.send(RawClient.HEADER).readUntil("</stream:features>", Duration.ofSeconds(5));
                  raw.send(
                      "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
                  raw.readUntil("<success", Duration.ofSeconds(5));
                  raw.send(RawClient.HEADER).readUntil("<bind", Duration.ofSeconds(5));
                  raw.send(
                      "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                          + "<resource>\u0001</resource></bind></iq>");
                  String got = raw.readUntil("id='b1'", Duration.ofSeconds(5));
                  assertThat(got).doesNotContain("type='result'");
                  throw new IllegalStateException(got);
                }
              })
          .satisfiesAnyOf(
              t -> assertThat(t).hasMessageContaining("bad-request"),
              t -> assertThat(t).hasMessageContaining("not-well-formed"),
              t -> assertThat(t.getMessage()).contains("closed"));
    }
  }
}
