package org.huddle.xmpp.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huddle.xmpp.server.testing.Metrics;
import org.huddle.xmpp.server.testing.RawClient;
import org.huddle.xmpp.server.testing.TestServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The component port over TCP: where it listens, and the per-address handshake limit (which needs
 * client addresses). The protocol itself is tested in memory, in {@link ComponentTest}; the
 * successful handshake here is the component transport's smoke test.
 */
class ComponentPortTest {
  static final String SECRET = "s3cr3t-component";
  static final Pattern ID = Pattern.compile("id='([^']+)'");

  static String header(String to) {
    return "<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' to='"
        + to
        + "'>";
  }

  /** As {@link #connect(RawClient, String, String)}, reading until {@code until} arrives. */
  static String connect(RawClient raw, String domain, String secret, String until)
      throws Exception {
    String opened = raw.send(header(domain)).readUntil("id='", Duration.ofSeconds(5));
    opened = raw.readUntil(">", Duration.ofSeconds(5));
    Matcher m = ID.matcher(opened);
    assertThat(m.find()).as("stream id in %s", opened).isTrue();
    raw.send("<handshake>" + ComponentSession.sha1Hex(m.group(1) + secret) + "</handshake>");
    return raw.readUntil(until, Duration.ofSeconds(5));
  }

  /**
   * Opens a component stream and sends the handshake for {@code secret}; returns what came back.
   */
  static String connect(RawClient raw, String domain, String secret) throws Exception {
    return connect(raw, domain, secret, "<handshake/>");
  }

  /** The component port is for the server's own services: loopback unless told otherwise. */
  @Nested
  class Exposure {
    static boolean accepts(String address, int port) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(address, port), 2000);
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    @Test
    void withClientsOnEveryInterfaceTheComponentPortStaysOnLoopback() {
      // 127.0.0.2 reaches a socket bound to every interface, but not one bound to 127.0.0.1.
      try (TestServer open = TestServer.start(Map.of("HUDDLE_BIND_ADDRESS", "0.0.0.0"), null)) {
        assertThat(accepts("127.0.0.2", open.port())).as("c2s on every interface").isTrue();
        assertThat(accepts("127.0.0.1", open.componentPort())).isTrue();
        assertThat(accepts("127.0.0.2", open.componentPort())).isFalse();
      }
    }

    @Test
    void xmppComponentInterfacesMovesIt() {
      try (TestServer moved =
          TestServer.start(Map.of("XMPP_COMPONENT_INTERFACES", "127.0.0.3"), null)) {
        assertThat(accepts("127.0.0.3", moved.componentPort())).isTrue();
        assertThat(accepts("127.0.0.1", moved.componentPort())).isFalse();
      }
    }
  }

  @Nested
  class FailedHandshakes {
    @Test
    void afterFiveWrongSecretsAnAddressIsRefusedEvenWithTheRightOne() throws Exception {
      try (TestServer s = TestServer.start(Map.of("JICOFO_COMPONENT_SECRET", SECRET), null)) {
        InetAddress guesser = InetAddress.getByName("127.0.0.4");
        for (int i = 0; i < 5; i++) {
          try (RawClient c = new RawClient(guesser, s.componentPort())) {
            assertThat(connect(c, "focus.meet.jitsi", "guess-" + i, "</stream:stream>"))
                .contains("<not-authorized");
          }
        }
        try (RawClient c = new RawClient(guesser, s.componentPort())) {
          assertThat(connect(c, "focus.meet.jitsi", SECRET, "</stream:stream>"))
              .contains("<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
              .contains(
                  "too many failed handshakes from 127.0.0.4; try again later"
                      + " (component_max_failed_handshakes)")
              .doesNotContain("<handshake/>");
        }
        assertThat(Metrics.of(s).refusals("component_handshakes")).isEqualTo(1);
        try (RawClient focus =
            new RawClient(InetAddress.getByName("127.0.0.5"), s.componentPort())) {
          assertThat(connect(focus, "focus.meet.jitsi", SECRET))
              .as("another address is not affected")
              .contains("<handshake/>");
        }
      }
    }
  }
}
