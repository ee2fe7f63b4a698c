package org.huddle.xmpp.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CidrTest {
  @Nested
  class Ranges {
    @Test
    void anIpv4RangeHoldsItsAddressesAndNoOthers() {
      Cidr docker = Cidr.parse("172.16.0.0/12");
      assertThat(docker.contains("172.18.0.5")).isTrue();
      assertThat(docker.contains("172.31.255.255")).isTrue();
      assertThat(docker.contains("172.32.0.1")).isFalse();
      assertThat(docker.contains("10.0.0.1")).isFalse();
    }

    @Test
    void hostBitsInTheRangeAreIgnored() {
      assertThat(Cidr.parse("127.0.0.1/8")).isEqualTo(Cidr.parse("127.0.0.0/8"));
      assertThat(Cidr.parse("127.0.0.1/8").contains("127.9.8.7")).isTrue();
    }

    @Test
    void aBareAddressIsARangeOfOne() {
      assertThat(Cidr.parse("::1").contains("::1")).isTrue();
      assertThat(Cidr.parse("::1").contains("::2")).isFalse();
      assertThat(Cidr.parse("127.0.0.1").contains("127.0.0.2")).isFalse();
    }

    @Test
    void anIpv6RangeHoldsItsAddressesAndNoIpv4() {
      Cidr ula = Cidr.parse("fd00::/8");
      assertThat(ula.contains("fd12:3456::1")).isTrue();
      assertThat(ula.contains("fe80::1")).isFalse();
      assertThat(ula.contains("10.0.0.1")).isFalse();
      assertThat(Cidr.parse("0.0.0.0/0").contains("::1")).isFalse();
    }

    @Test
    void anIpv4MappedAddressIsTheIpv4One() {
      assertThat(Cidr.parse("10.0.0.0/8").contains("::ffff:10.1.2.3")).isTrue();
      assertThat(Cidr.canonical("::ffff:10.1.2.3")).contains("10.1.2.3");
    }

    @Test
    void badRangesAreRefusedWithTheirText() {
      assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("10.0.0.0/33");
      assertThatThrownBy(() -> Cidr.parse("proxy.example.com"))
          .hasMessageContaining("proxy.example.com");
      assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("10.0.0.0/x");
    }
  }

  @Nested
  class Literals {
    @Test
    void onlyLiteralsAreAddressesSoAHeaderCannotCauseADnsLookup() {
      assertThat(Cidr.literal("localhost")).isEmpty();
      assertThat(Cidr.literal("example.com")).isEmpty();
      assertThat(Cidr.literal("abc")).isEmpty();
      assertThat(Cidr.literal("1.2.3")).isEmpty();
      assertThat(Cidr.literal("256.1.1.1")).isEmpty();
      assertThat(Cidr.literal("fe80::zz")).isEmpty();
      assertThat(Cidr.literal("")).isEmpty();
      assertThat(Cidr.literal(null)).isEmpty();
    }

    @Test
    void ipv6IsCanonicalWithOrWithoutBrackets() {
      assertThat(Cidr.canonical("[2001:DB8::1]")).contains("2001:db8:0:0:0:0:0:1");
      assertThat(Cidr.canonical("2001:db8:0::1")).contains("2001:db8:0:0:0:0:0:1");
      assertThat(Cidr.canonical("203.0.113.7")).contains("203.0.113.7");
    }
  }
}
