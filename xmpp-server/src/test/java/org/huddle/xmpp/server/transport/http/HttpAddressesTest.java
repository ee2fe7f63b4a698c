package org.huddle.xmpp.server.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.huddle.xmpp.server.limits.Cidr;
import org.junit.jupiter.api.Test;

/**
 * Reading X-Forwarded-For behind a trusted peer (the socket-level cases are in TrustedProxiesTest).
 */
class HttpAddressesTest {
  final HttpAddresses behindNginx =
      new HttpAddresses(Cidr.parseAll(List.of("172.16.0.0/12", "::1")), false);

  @Test
  void theClientIsTheRightMostAddressThatIsNotATrustedProxy() {
    // The client wrote the first one itself; nginx appended what it saw.
    assertThat(behindNginx.client("172.18.0.2", "10.9.9.9, 203.0.113.7")).isEqualTo("203.0.113.7");
    // Two trusted proxies in a row.
    assertThat(behindNginx.client("172.18.0.2", "203.0.113.7, 172.18.0.3"))
        .isEqualTo("203.0.113.7");
  }

  @Test
  void whenEveryHopIsTrustedTheLeftMostIsTheClient() {
    assertThat(behindNginx.client("172.18.0.2", "172.18.0.9, 172.18.0.3")).isEqualTo("172.18.0.9");
  }

  @Test
  void withoutAChainThePeerIsTheClient() {
    assertThat(behindNginx.client("172.18.0.2", "")).isEqualTo("172.18.0.2");
  }

  @Test
  void aHopThatIsNotAnAddressEndsTheChainAtTheLastTrustedOne() {
    assertThat(behindNginx.client("172.18.0.2", "203.0.113.7, unknown")).isEqualTo("172.18.0.2");
    assertThat(behindNginx.client("172.18.0.2", "evil.example.com, 172.18.0.3"))
        .isEqualTo("172.18.0.3");
  }

  @Test
  void portsAndBracketsAreDropped() {
    assertThat(behindNginx.client("172.18.0.2", "203.0.113.7:41000")).isEqualTo("203.0.113.7");
    assertThat(behindNginx.client("172.18.0.2", "[2001:db8::7]:41000"))
        .isEqualTo("2001:db8:0:0:0:0:0:7");
  }
}
