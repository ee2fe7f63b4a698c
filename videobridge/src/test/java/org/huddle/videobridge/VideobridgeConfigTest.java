package org.huddle.videobridge;

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

class VideobridgeConfigTest {
  @Nested
  class Defaults {
    @Test
    void areDocker_jitsi_meetsDefaults() {
      VideobridgeConfig c = VideobridgeConfig.fromEnvironment(Settings.Env.of(Map.of()));
      assertThat(c.ice().udpPort()).isEqualTo(10000);
      assertThat(c.ice().tcpEnabled()).isFalse();
      assertThat(c.ice().tcpPort()).isEqualTo(4443);
      assertThat(c.http().publicPort()).isEqualTo(9090);
      assertThat(c.http().privatePort()).isEqualTo(8080);
      assertThat(c.xmpp().username()).isEqualTo("jvb");
      assertThat(c.xmpp().domain()).isEqualTo("auth.meet.jitsi");
      assertThat(c.xmpp().breweryJid()).isEqualTo("jvbbrewery@internal-muc.meet.jitsi");
      assertThat(c.ice().consentTimeout()).isEqualTo(Duration.ofSeconds(30));
      assertThat(c.webSockets().enabled()).isTrue();
    }
  }

  @Nested
  class Environment {
    @Test
    void docker_jitsi_meetVariablesOverrideTheDefaults() {
      VideobridgeConfig c =
          VideobridgeConfig.fromEnvironment(
              Settings.Env.of(
                  Map.ofEntries(
                      Map.entry("JVB_PORT", "10001"),
                      Map.entry("JVB_TCP_HARVESTER_DISABLED", "false"),
                      Map.entry("JVB_TCP_PORT", "4444"),
                      Map.entry("JVB_ADVERTISE_IPS", "203.0.113.7, 192.0.2.1"),
                      Map.entry("JVB_AUTH_USER", "bridge"),
                      Map.entry("JVB_AUTH_PASSWORD", "s3cret"),
                      Map.entry("JVB_BREWERY_MUC", "JvbBrewery"),
                      Map.entry("XMPP_SERVER", "xmpp.example"),
                      Map.entry("XMPP_PORT", "5223"),
                      Map.entry("XMPP_AUTH_DOMAIN", "auth.example"),
                      Map.entry("XMPP_INTERNAL_MUC_DOMAIN", "internal.example"),
                      Map.entry("JVB_WS_SERVER_ID", "jvb7"),
                      Map.entry("PUBLIC_URL", "https://meet.example:8443/"),
                      Map.entry("JVB_OCTO_REGION", "eu"),
                      Map.entry("HOSTNAME", "host-1"))));
      assertThat(c.ice().udpPort()).isEqualTo(10001);
      assertThat(c.ice().tcpEnabled()).isTrue();
      assertThat(c.ice().tcpPort()).isEqualTo(4444);
      assertThat(c.ice().advertiseIps()).containsExactly("203.0.113.7", "192.0.2.1");
      assertThat(c.xmpp().username()).isEqualTo("bridge");
      assertThat(c.xmpp().password()).isEqualTo("s3cret");
      assertThat(c.xmpp().breweryJid()).isEqualTo("JvbBrewery@internal.example");
      assertThat(c.xmpp().host()).isEqualTo("xmpp.example");
      assertThat(c.xmpp().port()).isEqualTo(5223);
      assertThat(c.xmpp().domain()).isEqualTo("auth.example");
      assertThat(c.xmpp().nickname()).isEqualTo("host-1");
      assertThat(c.webSockets().serverId()).isEqualTo("jvb7");
      assertThat(c.webSockets().domain()).isEqualTo("meet.example:8443");
      assertThat(c.region()).isEqualTo("eu");
    }

    @Test
    void aBadValueNamesTheVariable() {
      assertThatThrownBy(
              () -> VideobridgeConfig.fromEnvironment(Settings.Env.of(Map.of("JVB_PORT", "ten"))))
          .hasMessageContaining("JVB_PORT");
    }
  }

  @Nested
  class File {
    @Test
    void aFileSitsBetweenDefaultsAndEnvironment(@TempDir Path dir) throws Exception {
      Path f = dir.resolve("vb.conf");
      Files.writeString(
          f,
          """
          videobridge.ice.udp-port = 12000
          videobridge.media.keyframe-request-interval = 1 second
          videobridge.ice.advertise-ips = [ "198.51.100.1" ]
          """);
      VideobridgeConfig c =
          VideobridgeConfig.fromEnvironment(
              Settings.Env.of(
                  Map.of(VideobridgeConfig.FILE_VARIABLE, f.toString(), "JVB_PORT", "13000")));
      assertThat(c.ice().udpPort()).isEqualTo(13000);
      assertThat(c.media().keyframeRequestInterval()).isEqualTo(Duration.ofSeconds(1));
      assertThat(c.ice().advertiseIps()).isEqualTo(List.of("198.51.100.1"));
    }

    @Test
    void aMissingFileIsAnError() {
      assertThatThrownBy(
              () ->
                  VideobridgeConfig.fromEnvironment(
                      Settings.Env.of(
                          Map.of(VideobridgeConfig.FILE_VARIABLE, "/nonexistent.conf"))))
          .hasMessageContaining("/nonexistent.conf");
    }
  }
}
