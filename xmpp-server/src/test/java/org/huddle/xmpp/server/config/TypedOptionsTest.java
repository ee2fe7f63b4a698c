package org.huddle.xmpp.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huddle.common.config.Settings.Env;
import org.huddle.xmpp.server.api.RoomConfig;
import org.huddle.xmpp.server.config.MucOptions.RoomCreation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each feature's options, read once at load into its record: the defaults, then what a file sets.
 */
class TypedOptionsTest {
  static final Env NO_ENV = Env.of(Map.of());

  static XmppConfig load(String file) {
    return XmppConfigLoader.load(file, NO_ENV);
  }

  @Test
  void everyOptionReadIsInTheReferenceFileAndEveryDefaultFitsItsType() throws Exception {
    String reference = XmppConfigLoaderTest.reference();
    for (var spec : ServerOptions.READ.values()) {
      assertThat(reference).as(spec.name()).containsPattern("\\b" + spec.name() + " = ");
    }
    XmppConfigLoader.defaultGlobals()
        .forEach(
            (name, value) ->
                assertThat(ServerOptions.READ.get(name).type().accepts(value))
                    .as(name + " = " + value)
                    .isTrue());
    assertThat(ServerOptions.IGNORED)
        .as("an ignored option is not also read")
        .doesNotContainAnyElementsOf(ServerOptions.READ.keySet());
  }

  @Nested
  class Bosh {
    @Test
    void defaultsAreProsodys() {
      XmppConfig.Bosh b = load("").bosh();
      assertThat(b.maxWait()).isEqualTo(Duration.ofSeconds(120));
      assertThat(b.maxHold()).isEqualTo(1);
      assertThat(b.maxInactivity()).isEqualTo(Duration.ofSeconds(60));
      assertThat(b.maxPolling()).isEqualTo(Duration.ofSeconds(5));
      assertThat(b.crossDomain()).isFalse();
      assertThat(b.considerSecure()).isFalse();
      assertThat(b.trustedProxies()).containsExactly("127.0.0.1/8", "::1");
    }

    @Test
    void readsTheFileWithUnits() {
      XmppConfig.Bosh b =
          load("""
                  bosh_max_wait = 30
                  bosh_max_hold = 2
                  bosh_max_inactivity = "2 minutes"
                  cross_domain_bosh = true
                  consider_websocket_secure = true
                  trusted_proxies = { "10.0.0.0/8" }
                  """)
              .bosh();
      assertThat(b.maxWait()).isEqualTo(Duration.ofSeconds(30));
      assertThat(b.maxHold()).isEqualTo(2);
      assertThat(b.maxInactivity()).isEqualTo(Duration.ofMinutes(2));
      assertThat(b.crossDomain()).isTrue();
      assertThat(b.considerSecure()).as("either secure option").isTrue();
      assertThat(b.trustedProxies()).containsExactly("10.0.0.0/8");
    }
  }

  @Nested
  class StreamManagement {
    @Test
    void defaultsThenTheFile() {
      assertThat(load("").streamManagement())
          .isEqualTo(new XmppConfig.StreamManagement(Duration.ofSeconds(60), 5000));
      assertThat(
              load("smacks_hibernation_time = 15\nsmacks_max_queue_size = 100").streamManagement())
          .isEqualTo(new XmppConfig.StreamManagement(Duration.ofSeconds(15), 100));
    }
  }

  @Nested
  class PerAddress {
    @Test
    void defaultsAreGenerous() {
      XmppConfig.PerAddress p = load("").perAddress();
      assertThat(p)
          .isEqualTo(
              new XmppConfig.PerAddress(
                  500,
                  50,
                  500,
                  200,
                  5,
                  Duration.ofMinutes(1),
                  10 * 1024,
                  Duration.ofSeconds(2),
                  Optional.empty(),
                  Duration.ofMinutes(1)));
    }

    @Test
    void readsTheLimitsTableAndUnlimitedJids() {
      XmppConfig.PerAddress p =
          load("""
                  limits = { c2s = { rate = "1 MiB/s"; burst = 5 } }
                  unlimited_jids = { "rec@auth.meet.jitsi" }
                  component_failed_handshake_window = "5 minutes"
                  """)
              .perAddress();
      assertThat(p.bytesPerSecond()).isEqualTo(1 << 20);
      assertThat(p.burst()).isEqualTo(Duration.ofSeconds(5));
      assertThat(p.unlimitedJids()).contains(List.of("rec@auth.meet.jitsi"));
      assertThat(p.failedHandshakeWindow()).isEqualTo(Duration.ofMinutes(5));
    }
  }

  @Nested
  class ExternalServices {
    @Test
    void noneByDefault() {
      assertThat(load("").externalServices())
          .isEqualTo(
              new ExternalServiceOptions(
                  List.of(),
                  Optional.empty(),
                  java.time.Duration.ofDays(1),
                  List.of("focus@auth.meet.jitsi", "focus.meet.jitsi")));
    }

    @Test
    void theFocusJidsFollowTheDomainsOrHuddleFocusJids() {
      assertThat(
              XmppConfigLoader.load(
                      "",
                      org.huddle.common.config.Settings.Env.of(
                          java.util.Map.of(
                              "XMPP_DOMAIN", "example.org", "JICOFO_AUTH_USER", "jicofo")))
                  .externalServices()
                  .focusJids())
          .containsExactly("jicofo@auth.example.org", "focus.example.org");
      assertThat(
              XmppConfigLoader.load(
                      "",
                      org.huddle.common.config.Settings.Env.of(
                          java.util.Map.of("HUDDLE_FOCUS_JIDS", "f@a.example, c.example")))
                  .externalServices()
                  .focusJids())
          .containsExactly("f@a.example", "c.example");
      assertThat(load("focus_jids = { \"x@y.example\" }").externalServices().focusJids())
          .containsExactly("x@y.example");
    }

    @Test
    void eachEntryTakesPortTransportAndTtlDefaultsByType() {
      XmppConfig c =
          load(
              """
              external_service_secret = "s3cret"
              external_service_ttl = "1 hour"
              external_services = {
                { type = "turn", host = "turn.example", secret = true };
                { type = "turns", host = "turn.example", ttl = 60 };
              }
              VirtualHost "meet.example"
              """);
      List<ExternalServiceOptions.Service> s = c.externalServices().services();
      assertThat(s.get(0))
          .isEqualTo(
              new ExternalServiceOptions.Service(
                  "turn", "turn.example", 3478, "udp", true, Duration.ofHours(1), null, null));
      assertThat(s.get(1))
          .isEqualTo(
              new ExternalServiceOptions.Service(
                  "turns", "turn.example", 5349, "tcp", false, Duration.ofMinutes(1), null, null));
      assertThat(c.externalServices().secret()).contains("s3cret");
      assertThat(c.host("meet.example").get().externalServices())
          .as("a host sees the global services")
          .isEqualTo(c.externalServices());
    }

    @Test
    void anEntryWithoutAHostIsRefusedNamingTheOptionAndFile() {
      assertThatThrownBy(() -> load("external_services = { { type = \"stun\" } }"))
          .hasMessageContaining("config")
          .hasMessageContaining("external_services")
          .hasMessageContaining("host");
    }
  }

  @Nested
  class Hosts {
    @Test
    void aVirtualHostOverridesTheGlobalEncryptionRule() {
      XmppConfig c =
          load(
              """
              c2s_require_encryption = true
              VirtualHost "a.example"
              VirtualHost "b.example"
                  c2s_require_encryption = false
              """);
      assertThat(c.host("a.example").get().requireEncryption()).isTrue();
      assertThat(c.host("b.example").get().requireEncryption()).isFalse();
      assertThat(c.host("a.example").get().authentication()).isEqualTo("internal_hashed");
    }

    @Test
    void aComponentHasItsSecret() {
      XmppConfig c =
          load(
              """
              VirtualHost "a.example"
              Component "focus.a.example"
                  component_secret = "shh"
              """);
      assertThat(c.host("focus.a.example").get().componentSecret()).contains("shh");
      assertThat(c.host("a.example").get().componentSecret()).isEmpty();
    }
  }

  @Nested
  class Muc {
    @Test
    void defaultsAreProsodys() {
      MucOptions m = load("Component \"rooms.example\" \"muc\"").host("rooms.example").get().muc();
      assertThat(m.locking()).isTrue();
      assertThat(m.creation()).isEqualTo(RoomCreation.ANYONE);
      assertThat(m.roomDefaults())
          .isEqualTo(
              new RoomConfig(
                  null, null, null, false, 0, false, false, false, false, true, 20, false));
    }

    @Test
    void readsTheRoomDefaultsAndWhoMayCreate() {
      XmppConfig c =
          load(
              """
              Component "a.example" "muc"
                  muc_room_locking = false
                  restrict_room_creation = true
                  muc_max_occupants = 10
                  muc_room_default_members_only = true
                  muc_room_default_history_length = 0
              Component "b.example" "muc"
                  restrict_room_creation = "local"
              """);
      MucOptions a = c.host("a.example").get().muc();
      assertThat(a.locking()).isFalse();
      assertThat(a.creation()).isEqualTo(RoomCreation.ADMINS);
      assertThat(a.roomDefaults().maxOccupants()).isEqualTo(10);
      assertThat(a.roomDefaults().membersOnly()).isTrue();
      assertThat(a.roomDefaults().historyLength()).isZero();
      assertThat(c.host("b.example").get().muc().creation()).isEqualTo(RoomCreation.LOCAL);
    }

    @Test
    void refusesAnUnknownRoomCreationRule() {
      assertThatThrownBy(
              () -> load("Component \"a.example\" \"muc\"\n    restrict_room_creation = \"all\""))
          .hasMessageContaining("restrict_room_creation")
          .hasMessageContaining("Component \"a.example\"");
    }
  }

  @Nested
  class WrongTypes {
    @Test
    void aGlobalOptionNamesTheFileTheOptionAndTheType() {
      assertThatThrownBy(() -> load("bosh_max_hold = \"two\""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("config: option bosh_max_hold must be a whole number, not \"two\"");
    }

    @Test
    void aSectionsOptionNamesItsSection() {
      assertThatThrownBy(() -> load("Component \"rooms.example\" \"muc\"\n  muc_room_locking = {}"))
          .hasMessage(
              "config: option muc_room_locking (Component \"rooms.example\") must be a boolean"
                  + " (true or false), not a list");
    }

    @ParameterizedTest
    @CsvSource({
      "c2s_timeout, soon, a period",
      "c2s_stanza_size_limit, big, a size",
      "c2s_parse_rate, 2 MiB, a rate"
    })
    void periodsSizesAndRatesNeedTheirUnits(String option, String value, String type) {
      assertThatThrownBy(() -> load(option + " = \"" + value + "\""))
          .hasMessageStartingWith("config: option " + option + " must be " + type);
    }

    @Test
    void aListOptionRefusesATable() {
      assertThatThrownBy(() -> load("admins = { boss = \"x@y\" }"))
          .hasMessageContaining("option admins must be a list");
    }

    @Test
    void anEnvironmentValueIsBlamedOnTheEnvironment() {
      assertThatThrownBy(
              () -> XmppConfigLoader.load("", Env.of(Map.of("HUDDLE_MAX_SESSIONS_PER_IP", "lots"))))
          .hasMessage(
              "the environment: option max_sessions_per_ip must be a whole number, not \"lots\"");
    }
  }
}
