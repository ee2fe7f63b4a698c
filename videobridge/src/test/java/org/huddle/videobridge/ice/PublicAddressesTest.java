package org.huddle.videobridge.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which public addresses are advertised, and when the operator is warned that none is. */
class PublicAddressesTest {
  static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void onlyPrivateAddressesAndNoSettingGiveOneWarningNamingThemAndTheSettings() throws Exception {
    PublicAddresses p =
        PublicAddresses.resolve(List.of(ip("172.18.0.5"), ip("10.1.2.3")), List.of(), List.of());
    assertThat(p.mappings()).isEmpty();
    assertThat(p.warnings()).hasSize(1);
    assertThat(p.warnings().get(0))
        .contains("172.18.0.5", "10.1.2.3", "JVB_ADVERTISE_IPS", "DOCKER_HOST_ADDRESS")
        .contains("JVB_STUN_SERVERS");
  }

  @Test
  void carrierGradeNatAndUniqueLocalAddressesArePrivateToo() throws Exception {
    for (String a : new String[] {"100.64.0.1", "100.127.255.254", "fd00::1", "192.168.1.2"}) {
      assertThat(PublicAddresses.isPrivate(ip(a))).as(a).isTrue();
    }
    for (String a : new String[] {"100.128.0.1", "198.51.100.7", "2001:db8::1", "8.8.8.8"}) {
      assertThat(PublicAddresses.isPrivate(ip(a))).as(a).isFalse();
    }
  }

  @Test
  void anAdvertisedAddressIsMappedFromTheFirstLocalOneAndSilencesTheWarning() throws Exception {
    PublicAddresses p =
        PublicAddresses.resolve(
            List.of(ip("172.18.0.5"), ip("10.1.2.3")),
            List.of("198.51.100.4", "203.0.113.9", "198.51.100.4"),
            List.of());
    assertThat(p.mappings())
        .containsExactly(
            new PublicAddresses.Mapping(ip("172.18.0.5"), ip("198.51.100.4"), "advertised"),
            new PublicAddresses.Mapping(ip("172.18.0.5"), ip("203.0.113.9"), "advertised"));
    assertThat(p.warnings()).isEmpty();
    assertThat(p.harvesters()).hasSize(4); // UDP and TCP for each
  }

  @Test
  void aPublicLocalAddressOrLoopbackAloneNeedsNoWarning() throws Exception {
    assertThat(
            PublicAddresses.resolve(List.of(ip("198.51.100.7")), List.of(), List.of()).warnings())
        .isEmpty();
    assertThat(PublicAddresses.resolve(List.of(ip("127.0.0.1")), List.of(), List.of()).warnings())
        .isEmpty();
  }

  @Test
  void anAdvertisedAddressThatIsALocalOneIsNotMappedAgain() throws Exception {
    assertThat(
            PublicAddresses.resolve(List.of(ip("198.51.100.7")), List.of("198.51.100.7"), List.of())
                .mappings())
        .isEmpty();
  }
}
