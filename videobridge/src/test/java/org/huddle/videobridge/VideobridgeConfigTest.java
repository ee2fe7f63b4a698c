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
      assertThat(c.ice().tcpEnabled()).isTrue();
      assertThat(c.ice().tcpPort()).isEqualTo(4443);
      assertThat(c.ice().tcpMappedPort()).isZero();
      assertThat(c.ice().advertised()).isEmpty();
      assertThat(c.ice().stunServers()).isEmpty();
      assertThat(c.http().privateHost()).isEqualTo("127.0.0.1");
      assertThat(c.rest().token()).isEmpty();
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
    void natSettingsAreDocker_jitsi_meetsAndTheDockerHostComesFirst() {
      VideobridgeConfig c =
          VideobridgeConfig.fromEnvironment(
              Settings.Env.of(
                  Map.of(
                      "DOCKER_HOST_ADDRESS", "198.51.100.4",
                      "JVB_ADVERTISE_IPS", "203.0.113.7,,192.0.2.1",
                      "JVB_STUN_SERVERS", "stun.example:3478, 192.0.2.9:19302",
                      "JVB_TCP_HARVESTER_DISABLED", "true",
                      "JVB_TCP_MAPPED_PORT", "443")));
      assertThat(c.ice().advertised()).containsExactly("198.51.100.4", "203.0.113.7", "192.0.2.1");
      assertThat(c.ice().stunServers()).containsExactly("stun.example:3478", "192.0.2.9:19302");
      assertThat(c.ice().tcpEnabled()).isFalse();
      assertThat(c.ice().tcpMappedPort()).isEqualTo(443);
    }

    @Test
    void theRestStaysOnLoopbackUnlessToldAndNeverWidensWithTheBindAddress() {
      assertThat(privateHost(Map.of("HUDDLE_BIND_ADDRESS", "0.0.0.0"))).isEqualTo("127.0.0.1");
      assertThat(privateHost(Map.of("HUDDLE_BIND_ADDRESS", "10.0.0.5"))).isEqualTo("10.0.0.5");
      assertThat(
              privateHost(
                  Map.of("HUDDLE_BIND_ADDRESS", "0.0.0.0", "JVB_REST_BIND_ADDRESS", "172.18.0.3")))
          .isEqualTo("172.18.0.3");
      VideobridgeConfig c =
          VideobridgeConfig.fromEnvironment(Settings.Env.of(Map.of("JVB_REST_TOKEN", "s3cret")));
      assertThat(c.rest().token()).isEqualTo("s3cret");
      assertThat(c.toString()).doesNotContain("s3cret");
    }

    private String privateHost(Map<String, String> env) {
      return VideobridgeConfig.fromEnvironment(Settings.Env.of(env)).http().privateHost();
    }

    @Test
    void aBadValueNamesTheVariable() {
      assertThatThrownBy(
              () -> VideobridgeConfig.fromEnvironment(Settings.Env.of(Map.of("JVB_PORT", "ten"))))
          .hasMessageContaining("JVB_PORT");
    }
  }

  /** The reference file documents exactly what the code reads. */
  @Nested
  class Reference {
    /** A value unlike its default for every variable the reference file names. */
    static final Map<String, String> SAMPLES =
        Map.ofEntries(
            Map.entry("HUDDLE_JVB_CAPTURE_DIR", "/tmp/capture"),
            Map.entry("HUDDLE_JVB_CAPTURE_PACKETS", "50"),
            Map.entry("JVB_OCTO_REGION", "eu"),
            Map.entry("JVB_PORT", "10001"),
            Map.entry("HUDDLE_BIND_ADDRESS", "127.0.0.1"),
            Map.entry("JVB_TCP_HARVESTER_DISABLED", "true"),
            Map.entry("JVB_TCP_PORT", "4444"),
            Map.entry("JVB_TCP_MAPPED_PORT", "443"),
            Map.entry("DOCKER_HOST_ADDRESS", "198.51.100.4"),
            Map.entry("JVB_ADVERTISE_IPS", "203.0.113.7"),
            Map.entry("JVB_STUN_SERVERS", "192.0.2.9:3478"),
            Map.entry("HUDDLE_JVB_WS_PORT", "0"),
            Map.entry("JVB_REST_BIND_ADDRESS", "172.18.0.3"),
            Map.entry("HUDDLE_JVB_REST_PORT", "18080"),
            Map.entry("ENABLE_COLIBRI_WEBSOCKET", "false"),
            Map.entry("JVB_WS_DOMAIN", "meet.example:443"),
            Map.entry("PUBLIC_URL", "https://meet.example/"),
            Map.entry("JVB_WS_SERVER_ID", "jvb7"),
            Map.entry("SHUTDOWN_REST_ENABLED", "true"),
            Map.entry("JVB_REST_TOKEN", "s3cret"),
            Map.entry("XMPP_SERVER", "xmpp.example"),
            Map.entry("XMPP_PORT", "5223"),
            Map.entry("XMPP_AUTH_DOMAIN", "auth.example"),
            Map.entry("JVB_AUTH_USER", "bridge"),
            Map.entry("JVB_AUTH_PASSWORD", "pw"),
            Map.entry("JVB_BREWERY_MUC", "brewery"),
            Map.entry("XMPP_INTERNAL_MUC_DOMAIN", "internal.example"),
            Map.entry("JVB_MUC_NICKNAME", "jvb-a"));

    static String reference() throws java.io.IOException {
      try (var in = VideobridgeConfig.class.getResourceAsStream("/videobridge-reference.conf")) {
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
    }

    static String code() throws java.io.IOException {
      return Files.readString(
          Path.of("src/main/java/org/huddle/videobridge/VideobridgeConfig.java"));
    }

    static java.util.Set<String> matches(String text, String regex) {
      java.util.Set<String> out = new java.util.TreeSet<>();
      var m = java.util.regex.Pattern.compile(regex).matcher(text);
      while (m.find()) {
        out.add(m.group(1));
      }
      return out;
    }

    /** The variables named after "Env:" in the reference file's comments. */
    static java.util.Set<String> documentedVariables() throws java.io.IOException {
      String comments =
          reference()
              .lines()
              .map(String::trim)
              .filter(l -> l.startsWith("#"))
              .map(l -> l.substring(1).trim())
              .collect(java.util.stream.Collectors.joining(" "));
      java.util.Set<String> out = new java.util.TreeSet<>();
      var m = java.util.regex.Pattern.compile("Env: (.*?)\\.(\\s|$)").matcher(comments);
      while (m.find()) {
        out.addAll(matches(m.group(1), "\\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\\b"));
      }
      return out;
    }

    @Test
    void everyDocumentedVariableChangesTheConfig() throws Exception {
      assertThat(documentedVariables()).isEqualTo(new java.util.TreeSet<>(SAMPLES.keySet()));
      VideobridgeConfig defaults = VideobridgeConfig.fromEnvironment(Settings.Env.of(Map.of()));
      for (String variable : documentedVariables()) {
        assertThat(
                VideobridgeConfig.fromEnvironment(
                    Settings.Env.of(Map.of(variable, SAMPLES.get(variable)))))
            .as(variable)
            .isNotEqualTo(defaults);
      }
    }

    @Test
    void everyVariableTheCodeReadsIsDocumented() throws Exception {
      java.util.Set<String> read = matches(code(), "env\\.get\\(\\s*\"([A-Z0-9_]+)\"");
      read.remove("HOSTNAME"); // documented in words: "else HOSTNAME"
      assertThat(documentedVariables()).containsAll(read);
    }

    @Test
    void everyKeyOfTheReferenceIsReadAndNoOther() throws Exception {
      java.util.Set<String> keys = new java.util.TreeSet<>();
      com.typesafe.config.ConfigFactory.parseString(reference())
          .getConfig("videobridge")
          .entrySet()
          .forEach(e -> keys.add(e.getKey()));
      java.util.Set<String> read =
          matches(code(), "(?:c\\.get\\w+\\(|duration\\(c, )\"([a-z0-9.-]+)\"");
      assertThat(read).isEqualTo(keys);
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
