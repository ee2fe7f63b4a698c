package org.huddle.xmpp.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.huddle.xmpp.server.auth.AccountStore;
import org.huddle.xmpp.server.testing.Clients;
import org.huddle.xmpp.server.testing.RawClient;
import org.huddle.xmpp.server.testing.TestServer;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;

/** Domains, accounts and per-host policy come from the environment and the config file. */
class ConfiguredHostsTest {
  @Test
  void theDomainsFollowXmppDomain() throws Exception {
    try (TestServer server = TestServer.start(Map.of("XMPP_DOMAIN", "chat.example"), null);
        Clients clients = new Clients(server)) {
      XMPPTCPConnection guest =
          clients.login(clients.base("chat.example").performSaslAnonymousAuthentication());
      assertThat(guest.getUser().getDomain().toString()).isEqualTo("chat.example");
      XMPPTCPConnection focus =
          clients.login(
              clients
                  .accountConfig("auth.chat.example", "focus", TestServer.FOCUS_PASSWORD)
                  .addEnabledSaslMechanism("SCRAM-SHA-1"));
      assertThat(focus.getUser().asBareJid().toString()).isEqualTo("focus@auth.chat.example");
    }
  }

  @Test
  void anAccountAddedWhileTheServerRunsCanLogInAtOnce() throws Exception {
    try (TestServer server = TestServer.start();
        Clients clients = new Clients(server)) {
      // What 'huddle user add' does: a separate store on the same data directory.
      new AccountStore(server.dataDir(), 4096).put(TestServer.AUTH, "recorder", "rec-pw");
      XMPPTCPConnection c =
          clients.login(
              clients
                  .accountConfig(TestServer.AUTH, "recorder", "rec-pw")
                  .addEnabledSaslMechanism("SCRAM-SHA-1"));
      assertThat(c.isAuthenticated()).isTrue();
    }
  }

  @Test
  void encryptionCanBeRequiredOnOneHostOnly() throws Exception {
    String config =
        """
        VirtualHost "meet.jitsi"
            authentication = "anonymous"
        VirtualHost "auth.meet.jitsi"
            authentication = "internal_hashed"
            c2s_require_encryption = true
        """;
    try (TestServer server = TestServer.start(Map.of(), config);
        RawClient guests = new RawClient(server.port());
        RawClient accounts = new RawClient(server.port())) {
      assertThat(
              guests.send(RawClient.HEADER).readUntil("</stream:features>", Duration.ofSeconds(5)))
          .contains("<mechanism>ANONYMOUS</mechanism>")
          .doesNotContain("<required/>");
      String header = RawClient.HEADER.replace("to='meet.jitsi'", "to='auth.meet.jitsi'");
      assertThat(accounts.send(header).readUntil("</stream:features>", Duration.ofSeconds(5)))
          .contains("<required/>")
          .doesNotContain("<mechanisms");
    }
  }
}
