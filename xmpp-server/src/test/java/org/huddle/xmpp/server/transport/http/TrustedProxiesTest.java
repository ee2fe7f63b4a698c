package org.huddle.xmpp.server.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Map;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.server.testing.BoshClient;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.WsClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * X-Forwarded-For over real sockets. The "proxy" is a client bound to a chosen loopback address
 * that adds the header, as nginx does: 127.0.0.1 is the one trusted proxy here, 127.0.0.2 is
 * anybody else.
 */
class TrustedProxiesTest {
  static final InetAddress PROXY = address("127.0.0.1");
  // Strangers: one address per test, so that one test's sessions, which end asynchronously, never
  // count against another's.
  static final InetAddress STRANGER = address("127.0.0.2");
  static final InetAddress STRANGER_WITH_TWO = address("127.0.0.3");
  static final InetAddress STRANGER_OVER_BOSH = address("127.0.0.4");
  static final InetAddress STRANGER_CLAIMING_HTTPS = address("127.0.0.5");

  @RegisterExtension
  static final TestServerExtension kit =
      TestServerExtension.with(
          Map.of("PROSODY_TRUSTED_PROXIES", "127.0.0.1/32", "HUDDLE_MAX_SESSIONS_PER_IP", "1"),
          null);

  static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> forwardedFor(String chain) {
    return Map.of("X-Forwarded-For", chain);
  }

  /** The client address the server holds for a bound session. */
  static String addressOf(String jid) {
    return kit.server().server().router().sessions().get(Jid.ofOrNull(jid)).remoteAddress();
  }

  @Nested
  class OverWebSocket {
    @Test
    void fromTheTrustedProxyTheRightMostUntrustedHopIsTheClient() throws Exception {
      try (WsClient ws =
          WsClient.connect(
              kit.server().httpPort(),
              "",
              PROXY,
              forwardedFor("10.9.9.9, 203.0.113.7, 127.0.0.1"))) {
        assertThat(addressOf(ws.loginAnonymously())).isEqualTo("203.0.113.7");
      }
    }

    @Test
    void fromAnyOtherPeerTheHeaderIsIgnored() throws Exception {
      try (WsClient ws =
          WsClient.connect(kit.server().httpPort(), "", STRANGER, forwardedFor("203.0.113.8"))) {
        assertThat(addressOf(ws.loginAnonymously())).isEqualTo("127.0.0.2");
      }
    }

    @Test
    void theForwardedAddressIsWhatThePerAddressCapsCount() throws Exception {
      // One session per address here: two clients behind the proxy are two addresses...
      try (WsClient alice =
              WsClient.connect(kit.server().httpPort(), "", PROXY, forwardedFor("198.51.100.1"));
          WsClient bob =
              WsClient.connect(kit.server().httpPort(), "", PROXY, forwardedFor("198.51.100.2"))) {
        alice.loginAnonymously();
        bob.loginAnonymously();
      }
      // ...while whatever a stranger claims, all its clients are its own address.
      try (WsClient one =
              WsClient.connect(
                  kit.server().httpPort(), "", STRANGER_WITH_TWO, forwardedFor("198.51.100.3"));
          WsClient two =
              WsClient.connect(
                  kit.server().httpPort(), "", STRANGER_WITH_TWO, forwardedFor("198.51.100.4"))) {
        one.loginAnonymously();
        two.send(WsClient.OPEN);
        two.next("<mechanism>ANONYMOUS</mechanism>");
        two.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
        assertThat(two.next("stream:error"))
            .contains("policy-violation")
            .contains("too many sessions from 127.0.0.3 (max_sessions_per_ip)");
      }
    }

    @Test
    void xForwardedProtoCountsOnlyFromTheTrustedProxy() throws Exception {
      String open = WsClient.OPEN.replace("to='meet.jitsi'", "to='auth.meet.jitsi'");
      try (WsClient viaProxy =
              WsClient.connect(
                  kit.server().httpPort(), "", PROXY, Map.of("X-Forwarded-Proto", "https"));
          WsClient stranger =
              WsClient.connect(
                  kit.server().httpPort(),
                  "",
                  STRANGER_CLAIMING_HTTPS,
                  Map.of("X-Forwarded-Proto", "https"))) {
        // PLAIN is offered on encrypted connections only (allow_unencrypted_plain_auth = false).
        assertThat(viaProxy.send(open).next("mechanisms")).contains("<mechanism>PLAIN</mechanism>");
        assertThat(stranger.send(open).next("mechanisms")).doesNotContain("PLAIN");
      }
    }
  }

  @Nested
  class OverBosh {
    @Test
    void fromTheTrustedProxyTheRightMostUntrustedHopIsTheClient() {
      BoshClient bosh =
          new BoshClient(
              kit.server().httpPort(), "", PROXY, forwardedFor("203.0.113.9, 127.0.0.1"));
      assertThat(addressOf(bosh.loginAnonymously())).isEqualTo("203.0.113.9");
      bosh.sendWithRid(bosh.nextRid(), "", " type='terminate'").join();
    }

    @Test
    void fromAnyOtherPeerTheHeaderIsIgnored() {
      BoshClient bosh =
          new BoshClient(
              kit.server().httpPort(), "", STRANGER_OVER_BOSH, forwardedFor("203.0.113.10"));
      assertThat(addressOf(bosh.loginAnonymously())).isEqualTo("127.0.0.4");
      bosh.sendWithRid(bosh.nextRid(), "", " type='terminate'").join();
    }
  }
}
