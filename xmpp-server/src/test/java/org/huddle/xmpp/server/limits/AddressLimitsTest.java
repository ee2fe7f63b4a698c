package org.huddle.xmpp.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AddressLimitsTest {
  final AtomicLong clock = new AtomicLong();

  AddressLimits limits(Map<Limit, Integer> caps) {
    return new AddressLimits(
        new LimitSettings(
            caps, 0, Duration.ofSeconds(2), Set.of(), Duration.ofMinutes(1), Duration.ZERO),
        clock::get);
  }

  @Nested
  class Keys {
    @Test
    void canonicalIpv4IsTakenAsGivenAndEverythingElseIsParsed() {
      for (String a : new String[] {"127.0.0.1", "0.0.0.0", "255.255.255.255", "10.20.30.4"}) {
        assertThat(AddressLimits.canonicalIpv4(a)).as(a).isTrue();
        assertThat(AddressLimits.key(a)).isEqualTo(a);
      }
      for (String a :
          new String[] {
            "",
            "1.2.3",
            "1.2.3.4.5",
            "1.2.3.",
            ".1.2.3",
            "01.2.3.4",
            "256.1.1.1",
            "1..2.3",
            "1.2.3.4 ",
            "1234.1.1.1",
            "::1",
            "a.b.c.d",
            "2001:db8::1"
          }) {
        assertThat(AddressLimits.canonicalIpv4(a)).as(a).isFalse();
      }
      assertThat(AddressLimits.key("2001:db8::1")).isEqualTo(AddressLimits.key("2001:db8::2"));
    }
  }

  @Nested
  class Caps {
    @Test
    void anAddressGetsUpToItsCapAndOthersAreNotAffected() {
      AddressLimits l = limits(Map.of(Limit.SESSIONS, 2));
      assertThat(l.acquire(Limit.SESSIONS, "203.0.113.7")).isNotNull();
      assertThat(l.acquire(Limit.SESSIONS, "203.0.113.7")).isNotNull();
      assertThat(l.acquire(Limit.SESSIONS, "203.0.113.7")).isNull();
      assertThat(l.acquire(Limit.SESSIONS, "198.51.100.1")).isNotNull();
      assertThat(l.acquire(Limit.CONNECTIONS, "203.0.113.7"))
          .as("each limit counts on its own")
          .isNotNull();
    }

    @Test
    void releasingMakesRoomOnceEvenIfReleasedTwice() {
      AddressLimits l = limits(Map.of(Limit.SESSIONS, 1));
      AddressLimits.Permit p = l.acquire(Limit.SESSIONS, "203.0.113.7");
      p.release();
      p.release();
      assertThat(l.held(Limit.SESSIONS, "203.0.113.7")).isZero();
      assertThat(l.acquire(Limit.SESSIONS, "203.0.113.7")).isNotNull();
      assertThat(l.acquire(Limit.SESSIONS, "203.0.113.7")).isNull();
    }

    @Test
    void zeroMeansNoCap() {
      AddressLimits l = limits(Map.of(Limit.SESSIONS, 0));
      for (int i = 0; i < 1000; i++) {
        assertThat(l.acquire(Limit.SESSIONS, "127.0.0.1")).isNotNull();
      }
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
      AddressLimits l = limits(Map.of(Limit.CONNECTIONS, 1));
      assertThat(l.acquire(Limit.CONNECTIONS, "2001:db8:1:2::1")).isNotNull();
      assertThat(l.acquire(Limit.CONNECTIONS, "2001:db8:1:2:ffff::9")).isNull();
      assertThat(l.acquire(Limit.CONNECTIONS, "2001:db8:1:3::1")).isNotNull();
    }
  }

  @Nested
  class ComponentHandshakes {
    @Test
    void anAddressIsBlockedAfterItsFailuresUntilTheWindowEnds() {
      AddressLimits l = limits(Map.of(Limit.COMPONENT_HANDSHAKES, 3));
      for (int i = 0; i < 3; i++) {
        assertThat(l.handshakesBlocked("10.0.0.9")).isFalse();
        l.handshakeFailed("10.0.0.9");
      }
      assertThat(l.handshakesBlocked("10.0.0.9")).isTrue();
      assertThat(l.handshakesBlocked("10.0.0.10")).isFalse();
      clock.addAndGet(Duration.ofMinutes(1).plusMillis(1).toNanos());
      assertThat(l.handshakesBlocked("10.0.0.9")).isFalse();
    }
  }
}
