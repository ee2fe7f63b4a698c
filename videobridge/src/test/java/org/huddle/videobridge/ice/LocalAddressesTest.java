package org.huddle.videobridge.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the media ports bind, from the bind address and the machine's interfaces. */
class LocalAddressesTest {
  static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void theWildcardMeansEveryAddressButLoopbackAndLinkLocal() throws Exception {
    LocalAddresses l =
        LocalAddresses.choose(
            "0.0.0.0",
            () ->
                List.of(
                    uncheckedIp("127.0.0.1"), uncheckedIp("fe80::1"), uncheckedIp("172.18.0.5")));
    assertThat(l.addresses()).containsExactly(ip("172.18.0.5"));
    assertThat(l.warning()).isEmpty();
  }

  @Test
  void aHostWithOnlyLoopbackFallsBackTo127001WithOneWarning() throws Exception {
    for (List<InetAddress> only :
        List.of(List.<InetAddress>of(), List.of(ip("127.0.0.1"), ip("::1"), ip("fe80::1")))) {
      LocalAddresses l = LocalAddresses.choose("0.0.0.0", () -> only);
      assertThat(l.addresses()).containsExactly(ip("127.0.0.1"));
      assertThat(l.warning())
          .hasValueSatisfying(w -> assertThat(w).contains("127.0.0.1", "loopback"));
    }
  }

  @Test
  void aConfiguredAddressIsTakenAsItIs() throws Exception {
    LocalAddresses l = LocalAddresses.choose("127.0.0.1", List::of);
    assertThat(l.addresses()).containsExactly(ip("127.0.0.1"));
    assertThat(l.warning()).isEmpty();
  }

  static InetAddress uncheckedIp(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
