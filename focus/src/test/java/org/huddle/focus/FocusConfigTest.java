package org.huddle.focus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.huddle.common.config.Settings;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FocusConfigTest {
  @Nested
  class Defaults {
    @Test
    void followJicofoAndDockerJitsiMeet() {
      FocusConfig c = FocusConfig.defaults();
      assertThat(c.xmpp().focusJid()).isEqualTo("focus@auth.meet.jitsi");
      assertThat(c.xmpp().focusDomain()).isEqualTo("focus.meet.jitsi");
      assertThat(c.xmpp().conferenceMucDomain()).isEqualTo("muc.meet.jitsi");
      assertThat(c.bridge().breweryJid()).isEqualTo("jvbbrewery@internal-muc.meet.jitsi");
      assertThat(c.bridge().strategy()).isEqualTo(FocusConfig.Strategy.LEAST_LOADED);
      assertThat(c.bridge().healthInterval()).isEqualTo(Duration.ofSeconds(10));
      assertThat(c.conference().minParticipants()).isEqualTo(2);
      assertThat(c.conference().stripSimulcast()).isTrue();
      assertThat(c.http().port()).isEqualTo(8888);
      assertThat(c.component().enabled()).isFalse();
      assertThat(c.codec().vp8().pt()).isEqualTo(100);
      assertThat(c.codec().vp8().rtxPt()).isEqualTo(96);
      assertThat(c.codec().opusPt()).isEqualTo(111);
    }
  }

  @Nested
  class Environment {
    @Test
    void dockerJitsiMeetNamesOverrideTheDefaults() {
      FocusConfig c =
          FocusConfig.fromEnvironment(
              Settings.Env.of(
                  Map.ofEntries(
                      Map.entry("XMPP_SERVER", "xmpp.example"),
                      Map.entry("XMPP_PORT", "15222"),
                      Map.entry("XMPP_DOMAIN", "meet.example"),
                      Map.entry("XMPP_AUTH_DOMAIN", "auth.meet.example"),
                      Map.entry("XMPP_MUC_DOMAIN", "conference.meet.example"),
                      Map.entry("XMPP_INTERNAL_MUC_DOMAIN", "internal.meet.example"),
                      Map.entry("JVB_BREWERY_MUC", "bridges"),
                      Map.entry("JICOFO_AUTH_USER", "Jicofo"),
                      Map.entry("JICOFO_AUTH_PASSWORD", "s3cret"),
                      Map.entry("JICOFO_COMPONENT_SECRET", "c0mp"),
                      Map.entry("JICOFO_ENABLE_BRIDGE_HEALTH_CHECKS", "0"),
                      Map.entry("JICOFO_ENABLE_HEALTH_CHECKS", "false"),
                      Map.entry(
                          "OCTO_BRIDGE_SELECTION_STRATEGY", "RegionBasedBridgeSelectionStrategy"),
                      Map.entry(
                          "JICOFO_BRIDGE_REGION_GROUPS", "[\"us-east\",\"us-west\"],[\"eu\"]"),
                      Map.entry("ENABLE_CODEC_H264", "1"),
                      Map.entry("HUDDLE_BIND_ADDRESS", "127.0.0.2"),
                      Map.entry("HUDDLE_FOCUS_HTTP_PORT", "0"))));
      assertThat(c.xmpp().host()).isEqualTo("xmpp.example");
      assertThat(c.component().host()).isEqualTo("xmpp.example");
      assertThat(c.xmpp().port()).isEqualTo(15222);
      assertThat(c.xmpp().focusJid()).isEqualTo("jicofo@auth.meet.example");
      assertThat(c.xmpp().focusDomain()).isEqualTo("focus.meet.example");
      assertThat(c.xmpp().conferenceMucDomain()).isEqualTo("conference.meet.example");
      assertThat(c.bridge().breweryJid()).isEqualTo("bridges@internal.meet.example");
      assertThat(c.component().enabled()).isTrue();
      assertThat(c.bridge().healthChecks()).isFalse();
      assertThat(c.health()).isFalse();
      assertThat(c.bridge().strategy()).isEqualTo(FocusConfig.Strategy.REGION);
      assertThat(c.bridge().regionGroups())
          .containsExactly(List.of("us-east", "us-west"), List.of("eu"));
      assertThat(c.codec().h264().enabled()).isTrue();
      assertThat(c.http().host()).isEqualTo("127.0.0.2");
      assertThat(c.http().port()).isZero();
    }

    @Test
    void aFileSitsBetweenTheDefaultsAndTheEnvironment(@TempDir Path dir) throws Exception {
      Path f = dir.resolve("focus.conf");
      Files.writeString(
          f, "focus.conference.min-participants = 3\nfocus.xmpp.host = \"from-file\"\n");
      FocusConfig c =
          FocusConfig.fromEnvironment(
              Settings.Env.of(
                  Map.of(FocusConfig.FILE_VARIABLE, f.toString(), "XMPP_SERVER", "from-env")));
      assertThat(c.conference().minParticipants()).isEqualTo(3);
      assertThat(c.xmpp().host()).isEqualTo("from-env");
    }

    @Test
    void anUnknownStrategyIsRefusedWithItsName() {
      assertThatThrownBy(
              () ->
                  FocusConfig.fromEnvironment(
                      Settings.Env.of(Map.of("OCTO_BRIDGE_SELECTION_STRATEGY", "Fastest"))))
          .hasMessageContaining("Fastest");
    }

    @Test
    void dockerJitsiMeetAuthVariablesSetWhoMayStartAConference() {
      FocusConfig.Authentication off = FocusConfig.defaults().authentication();
      assertThat(off.enabled()).isFalse();
      assertThat(off.guests()).isFalse();
      assertThat(off.publicRooms())
          .containsExactly("daily-standup", "team-meeting", "weekly-review");

      FocusConfig.Authentication on =
          FocusConfig.fromEnvironment(
                  Settings.Env.of(
                      Map.of(
                          "ENABLE_AUTH", "1",
                          "AUTH_TYPE", "jwt",
                          "ENABLE_GUESTS", "true",
                          "PUBLIC_ROOMS", "lobby, Town-Hall")))
              .authentication();
      assertThat(on.enabled()).isTrue();
      assertThat(on.type()).isEqualTo(FocusConfig.AuthType.JWT);
      assertThat(on.guests()).isTrue();
      assertThat(on.publicRooms()).containsExactly("lobby", "town-hall");

      assertThat(
              FocusConfig.fromEnvironment(
                      Settings.Env.of(
                          Map.of("PUBLIC_ROOMS", "lobby", "HUDDLE_PUBLIC_ROOMS", "standup")))
                  .authentication()
                  .publicRooms())
          .as("as the room policy: HUDDLE_PUBLIC_ROOMS wins")
          .containsExactly("standup");
      assertThatThrownBy(
              () -> FocusConfig.fromEnvironment(Settings.Env.of(Map.of("AUTH_TYPE", "kerberos"))))
          .hasMessageContaining("AUTH_TYPE")
          .hasMessageContaining("kerberos");
    }

    @Test
    void theHttpStrategyNeedsAnAllocationUrl() {
      assertThatThrownBy(
              () ->
                  FocusConfig.fromEnvironment(
                      Settings.Env.of(Map.of("HUDDLE_FOCUS_BRIDGE_SELECTION", "http"))))
          .hasMessageContaining("HUDDLE_FOCUS_ALLOCATION_URL");
    }
  }
}
