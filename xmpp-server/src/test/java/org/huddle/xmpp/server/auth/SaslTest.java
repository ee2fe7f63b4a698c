package org.huddle.xmpp.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.huddle.xmpp.server.testing.RawClient;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SaslTest {
  @RegisterExtension
  static final TestServerExtension kit =
      TestServerExtension.with(Map.of("PROSODY_ADMINS", ""), null);

  XMPPTCPConnection focusWith(String mechanism, String password, SecurityMode security)
      throws Exception {
    return kit.clients()
        .login(
            kit.clients()
                .accountConfig(TestServer.AUTH, "focus", password)
                .addEnabledSaslMechanism(mechanism)
                .setSecurityMode(security));
  }

  @Nested
  class Mechanisms {
    @Test
    void anonymousGetsAFreshAddressOnTheGuestDomain() throws Exception {
      XMPPTCPConnection a = kit.clients().anonymous();
      XMPPTCPConnection b = kit.clients().anonymous();
      assertThat(a.getUser().asBareJid().toString())
          .isNotEqualTo(b.getUser().asBareJid().toString());
      assertThat(a.getUser().getDomain().toString()).isEqualTo(TestServer.DOMAIN);
    }

    @Test
    void scramSha1LogsInTheFocusAccountFromTheEnvironment() throws Exception {
      XMPPTCPConnection c =
          focusWith("SCRAM-SHA-1", TestServer.FOCUS_PASSWORD, SecurityMode.disabled);
      assertThat(c.getUser().asBareJid().toString()).isEqualTo("focus@auth.meet.jitsi");
    }

    @Test
    void plainWorksOverTls() throws Exception {
      XMPPTCPConnection c = focusWith("PLAIN", TestServer.FOCUS_PASSWORD, SecurityMode.required);
      assertThat(c.isSecureConnection()).isTrue();
      assertThat(c.getUser().asBareJid().toString()).isEqualTo("focus@auth.meet.jitsi");
    }

    @Test
    void plainIsNotOfferedWithoutTls() throws Exception {
      try (RawClient raw = new RawClient(kit.server().port())) {
        String features =
            raw.send(RawClient.HEADER.replace("to='meet.jitsi'", "to='auth.meet.jitsi'"))
                .readUntil("</stream:features>", Duration.ofSeconds(5));
        assertThat(features)
            .contains("<mechanism>SCRAM-SHA-256</mechanism><mechanism>SCRAM-SHA-1</mechanism>")
            .doesNotContain("PLAIN");
        String plain = Base64.getEncoder().encodeToString("\0focus\0x".getBytes());
        raw.send(
            "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + plain
                + "</auth>");
        assertThat(raw.readUntil("</failure>", Duration.ofSeconds(5)))
            .contains("<invalid-mechanism/>");
      }
    }

    @Test
    void anonymousIsNotOfferedOnTheAccountsHost() throws Exception {
      assertThatThrownBy(
              () ->
                  kit.clients()
                      .login(
                          kit.clients().base(TestServer.AUTH).performSaslAnonymousAuthentication()))
          .isInstanceOf(org.jivesoftware.smack.SmackException.class);
    }
  }

  @Nested
  class Failures {
    @Test
    void aWrongPasswordIsNotAuthorized() {
      assertThatThrownBy(() -> focusWith("SCRAM-SHA-1", "wrong", SecurityMode.disabled))
          .isInstanceOfSatisfying(
              SASLErrorException.class,
              e -> assertThat(e.getSASLFailure().getSASLErrorString()).isEqualTo("not-authorized"));
    }

    @Test
    void anUnknownUserIsNotAuthorized() {
      assertThatThrownBy(
              () ->
                  kit.clients()
                      .login(
                          kit.clients()
                              .accountConfig(TestServer.AUTH, "nobody", "x")
                              .addEnabledSaslMechanism("SCRAM-SHA-1")))
          .isInstanceOfSatisfying(
              SASLErrorException.class,
              e -> assertThat(e.getSASLFailure().getSASLErrorString()).isEqualTo("not-authorized"));
    }

    @Test
    void answersBadBase64WithIncorrectEncodingAndUnknownMechanismsWithInvalidMechanism()
        throws Exception {
      try (RawClient raw = new RawClient(kit.server().port())) {
        raw.send(RawClient.HEADER).readUntil("</stream:features>", Duration.ofSeconds(5));
        raw.send(
            "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'>!!not base64!!</auth>");
        assertThat(raw.readUntil("</failure>", Duration.ofSeconds(5)))
            .contains("<incorrect-encoding/>");
        raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='X-MADE-UP'/>");
        assertThat(raw.readUntil("<invalid-mechanism/>", Duration.ofSeconds(5)))
            .contains("invalid-mechanism");
      }
    }

    @Test
    void anAbortIsAcknowledgedWithAborted() throws Exception {
      try (RawClient raw = new RawClient(kit.server().port())) {
        raw.send(RawClient.HEADER.replace("to='meet.jitsi'", "to='auth.meet.jitsi'"))
            .readUntil("</stream:features>", Duration.ofSeconds(5));
        raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'/>");
        raw.readUntil("<challenge", Duration.ofSeconds(5));
        raw.send("<abort xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        assertThat(raw.readUntil("</failure>", Duration.ofSeconds(5))).contains("<aborted/>");
      }
    }

    @Test
    void repeatedFailuresFromOneAddressAreSlowedDownAndThenTheConnectionIsClosed()
        throws Exception {
      // Free attempts (3 by default) are answered at once; after them each failure waits at least 1
      // s, then 2 s.
      try (TestServer fresh = TestServer.start();
          RawClient raw = new RawClient(fresh.port())) {
        raw.send(RawClient.HEADER).readUntil("</stream:features>", Duration.ofSeconds(5));
        String bad =
            "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'>!</auth>";
        for (int i = 1; i <= 3; i++) {
          raw.send(bad);
          raw.readUntil("<incorrect-encoding/>", i, Duration.ofSeconds(5));
        }
        Instant sent = Instant.now();
        raw.send(bad);
        String got = raw.readUntil("<incorrect-encoding/>", 4, Duration.ofSeconds(10));
        assertThat(Duration.between(sent, Instant.now()))
            .isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(got).contains("incorrect-encoding");
        raw.send(bad);
        assertThat(raw.readUntil("</stream:stream>", Duration.ofSeconds(10)))
            .contains("too many failed authentication attempts");
      }
    }
  }
}
