package org.huddle.xmpp.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** trusted_proxies with ranges and with the names of a Compose deployment's services. */
class TrustedProxiesTest {
  final Map<String, String> dns = new ConcurrentHashMap<>(Map.of("nginx", "10.89.3.7"));
  final AtomicInteger lookups = new AtomicInteger();
  final AtomicLong clock = new AtomicLong();

  TrustedProxies.Resolver resolver() {
    return name -> {
      lookups.incrementAndGet();
      String a = dns.get(name);
      if (a == null) {
        throw new UnknownHostException(name);
      }
      return new InetAddress[] {InetAddress.getByName(a)};
    };
  }

  @Test
  void rangesAndAddressesAreTrustedAsBefore() {
    TrustedProxies t = TrustedProxies.parse(List.of("127.0.0.1/8", "::1", "172.16.0.0/12"));
    assertThat(t.trusts("127.0.0.9")).isTrue();
    assertThat(t.trusts("::1")).isTrue();
    assertThat(t.trusts("172.20.1.1")).isTrue();
    assertThat(t.trusts("10.0.0.1")).isFalse();
    assertThat(t.trusts("not-an-address")).isFalse();
  }

  @Test
  void aServiceNameIsTrustedAtTheAddressItResolvesTo() {
    TrustedProxies t = TrustedProxies.parse(List.of("nginx"), resolver(), clock::get);
    assertThat(t.trusts("10.89.3.7")).isTrue();
    assertThat(t.trusts("10.89.3.8")).as("another container on the network").isFalse();
  }

  @Test
  void aRestartedServiceIsFollowedToItsNewAddressAfterTheRefreshInterval() {
    TrustedProxies t = TrustedProxies.parse(List.of("nginx"), resolver(), clock::get);
    dns.put("nginx", "10.89.3.20");
    assertThat(t.trusts("10.89.3.20")).as("not before the interval").isFalse();
    int before = lookups.get();
    clock.addAndGet(TrustedProxies.REFRESH.toNanos() + 1);
    t.trusts("10.89.3.20"); // starts the refresh; this request uses the last answer
    await().atMost(Duration.ofSeconds(10)).until(() -> t.trusts("10.89.3.20"));
    assertThat(lookups.get()).isGreaterThan(before);
    assertThat(t.trusts("10.89.3.7")).as("the old address is no longer trusted").isFalse();
  }

  @Test
  void aNameThatDoesNotResolveTrustsNobody() {
    TrustedProxies t = TrustedProxies.parse(List.of("proxy"), resolver(), clock::get);
    assertThat(t.trusts("10.89.3.7")).isFalse();
  }

  @Test
  void anEntryThatIsNeitherARangeNorANameIsRefused() {
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/33")))
        .hasMessageContaining("10.0.0.0/33");
    assertThatThrownBy(() -> TrustedProxies.parse(List.of("ngi nx")))
        .hasMessageContaining("'ngi nx'");
  }
}
