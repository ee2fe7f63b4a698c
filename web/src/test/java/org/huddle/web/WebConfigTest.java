package org.huddle.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huddle.common.config.Settings;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebConfigTest {
  /** A value for every environment variable the reference file names, unlike its default. */
  private static final Map<String, String> SAMPLES =
      Map.ofEntries(
          Map.entry("PUBLIC_URL", "https://meet.example.com/"),
          Map.entry("HUDDLE_BIND_ADDRESS", "127.0.0.1"),
          Map.entry("HTTP_PORT", "18000"),
          Map.entry("HTTPS_PORT", "18443"),
          Map.entry("HUDDLE_WEB_TLS_CERT", "/etc/huddle/cert.pem"),
          Map.entry("HUDDLE_WEB_TLS_KEY", "/etc/huddle/key.pem"),
          Map.entry("XMPP_DOMAIN", "example.com"),
          Map.entry("XMPP_MUC_DOMAIN", "conference.example.com"),
          Map.entry("XMPP_FOCUS_DOMAIN", "focus.example.org"),
          Map.entry("ENABLE_AUTH", "1"),
          Map.entry("ENABLE_GUESTS", "1"),
          Map.entry("AUTH_TYPE", "jwt"),
          Map.entry("XMPP_GUEST_DOMAIN", "guest.example.com"),
          Map.entry("XMPP_BOSH_URL_BASE", "http://127.0.0.1:5280"),
          Map.entry("ENABLE_XMPP_WEBSOCKET", "0"),
          Map.entry("ENABLE_COLIBRI_WEBSOCKET", "false"),
          Map.entry("HUDDLE_COLIBRI_WS_URL_BASE", "http://127.0.0.1:9090"),
          Map.entry("RESOLUTION", "360"),
          Map.entry("ENABLE_PREJOIN_PAGE", "0"),
          Map.entry("ENABLE_SIMULCAST", "0"),
          Map.entry("HUDDLE_WEB_LAST_N", "4"),
          Map.entry("HUDDLE_PRIVATE_ROOM_PREFIX", "secret-"),
          Map.entry("CODEC_ORDER_JVB", "[\"VP9\", \"VP8\"]"),
          Map.entry("CODEC_ORDER_JVB_MOBILE", "H264,VP8"),
          Map.entry("DEFAULT_LANGUAGE", "ru"),
          Map.entry("HUDDLE_LANGUAGE_DETECTION", "0"),
          Map.entry("HUDDLE_FRAME_ANCESTORS", "self, https://Intranet.example.com/"));

  private static WebConfig from(Map<String, String> env) {
    return WebConfig.fromEnvironment(Settings.Env.of(env));
  }

  @Test
  void defaultsAreDockerJitsiMeetsLayout() {
    WebConfig c = WebConfig.defaults();
    assertThat(c.publicUrl()).isEmpty();
    assertThat(c.http().bindAddress()).isEqualTo("0.0.0.0");
    assertThat(c.http().port()).isEqualTo(8000);
    assertThat(c.http().httpsPort()).isEqualTo(8443);
    assertThat(c.http().tls()).isEmpty();
    assertThat(c.http().proxyTimeout()).isEqualTo(Duration.ofSeconds(150));
    assertThat(c.xmpp().domain()).isEqualTo("meet.jitsi");
    assertThat(c.xmpp().mucDomain()).isEqualTo("muc.meet.jitsi");
    assertThat(c.xmpp().focusDomain()).isEqualTo("focus.meet.jitsi");
    assertThat(c.xmpp().anonymousDomain()).isEmpty();
    assertThat(c.xmpp().boshUrlBase()).isEqualTo(URI.create("http://xmpp.meet.jitsi:5280"));
    assertThat(c.xmpp().websocket()).isTrue();
    assertThat(c.bridge().colibriWebsocket()).isTrue();
    assertThat(c.app().resolution()).isEqualTo(720);
    assertThat(c.app().simulcast()).isTrue();
    assertThat(c.app().lastN()).isEqualTo(-1);
    assertThat(c.app().privateRoomPrefix()).isEqualTo("private-");
    assertThat(c.app().codecPreferenceOrder()).containsExactly("AV1", "VP9", "VP8", "H264");
    assertThat(c.app().mobileCodecPreferenceOrder()).containsExactly("VP8", "VP9", "H264", "AV1");
    assertThat(c.app().defaultLanguage()).isEqualTo("en");
    assertThat(c.app().languageDetection()).isTrue();
    assertThat(c.app().frameAncestors()).containsExactly("'self'");
  }

  @Test
  void theEnvironmentOverridesEachSetting() {
    WebConfig c = from(SAMPLES);
    assertThat(c.publicUrl()).isEqualTo("https://meet.example.com");
    assertThat(c.http().port()).isEqualTo(18000);
    assertThat(c.xmpp().focusDomain()).isEqualTo("focus.example.org");
    assertThat(c.xmpp().anonymousDomain()).contains("guest.example.com");
    assertThat(c.xmpp().auth()).contains(new WebConfig.Auth("jwt", true));
    assertThat(c.xmpp().websocket()).isFalse();
    assertThat(c.bridge().colibriWsUrlBase()).isEqualTo(URI.create("http://127.0.0.1:9090"));
    assertThat(c.app().privateRoomPrefix()).isEqualTo("secret-");
    assertThat(c.app().codecPreferenceOrder()).containsExactly("VP9", "VP8");
    assertThat(c.app().mobileCodecPreferenceOrder()).containsExactly("H264", "VP8");
    assertThat(c.app().defaultLanguage()).isEqualTo("ru");
    assertThat(c.app().languageDetection()).isFalse();
    assertThat(c.app().frameAncestors()).containsExactly("'self'", "https://intranet.example.com");
  }

  @Test
  void theDefaultLanguageIsAJitsiCodeOrATagOfIt() {
    assertThat(from(Map.of("DEFAULT_LANGUAGE", "zhCN")).app().defaultLanguage()).isEqualTo("zhCN");
    assertThat(from(Map.of("DEFAULT_LANGUAGE", "zh-CN")).app().defaultLanguage()).isEqualTo("zhCN");
    assertThat(from(Map.of("DEFAULT_LANGUAGE", " RU ")).app().defaultLanguage()).isEqualTo("ru");
    assertThatThrownBy(() -> from(Map.of("DEFAULT_LANGUAGE", "de")))
        .hasMessageContaining("DEFAULT_LANGUAGE")
        .hasMessageContaining("'de'")
        .hasMessageContaining("[en, zhCN, ru]");
  }

  @Test
  void codecOrdersAreReadAsDockerJitsiMeetWritesThemOrCommaSeparated() {
    // docker-jitsi-meet's own default value, spaces and all.
    assertThat(
            from(Map.of("CODEC_ORDER_JVB", "[\"AV1\", \"VP9\", \"VP8\", \"H264\"]"))
                .app()
                .codecPreferenceOrder())
        .containsExactly("AV1", "VP9", "VP8", "H264");
    assertThat(from(Map.of("CODEC_ORDER_JVB", " vp8 , h264 ")).app().codecPreferenceOrder())
        .containsExactly("VP8", "H264");
    assertThat(from(Map.of("CODEC_ORDER_JVB", "['av1','vp8']")).app().codecPreferenceOrder())
        .containsExactly("AV1", "VP8");
    assertThat(
            WebConfig.fromHocon("web.app.codec-preference-order = [h264]")
                .app()
                .codecPreferenceOrder())
        .containsExactly("H264");
  }

  @Test
  void everyVariableInTheReferenceFileChangesTheConfig() throws Exception {
    String reference;
    try (InputStream in = WebConfig.class.getResourceAsStream("/web-reference.conf")) {
      reference = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Set<String> named = new TreeSet<>();
    Matcher m = Pattern.compile("Env: ([A-Z_, ]+)").matcher(reference);
    while (m.find()) {
      for (String v : m.group(1).split(",")) {
        // web.files is FileShareConfig's block; FileShareConfigTest checks its variables
        if (!v.isBlank() && !v.trim().startsWith("HUDDLE_FILE_SHARE_")) {
          named.add(v.trim());
        }
      }
    }
    assertThat(named).isEqualTo(new TreeSet<>(SAMPLES.keySet()));
    for (String variable : named) {
      // Some settings only count together: guests need auth, a certificate needs its key.
      Map<String, String> companions =
          switch (variable) {
            case "ENABLE_AUTH" -> Map.of("ENABLE_GUESTS", "1");
            case "ENABLE_GUESTS", "AUTH_TYPE", "XMPP_GUEST_DOMAIN" -> Map.of("ENABLE_AUTH", "1");
            default -> Map.of();
          };
      Map<String, String> with = new java.util.HashMap<>(companions);
      with.put(variable, SAMPLES.get(variable));
      if (variable.startsWith("HUDDLE_WEB_TLS_")) {
        with.put("HUDDLE_WEB_TLS_CERT", SAMPLES.get("HUDDLE_WEB_TLS_CERT"));
        with.put("HUDDLE_WEB_TLS_KEY", SAMPLES.get("HUDDLE_WEB_TLS_KEY"));
      }
      assertThat(from(with)).as(variable).isNotEqualTo(from(companions));
    }
  }

  @Test
  void aFileSitsBetweenTheDefaultsAndTheEnvironment(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("web.conf");
    Files.writeString(file, "web.http.port = 9000\nweb.xmpp.domain = file.example\n");
    WebConfig c =
        from(Map.of(WebConfig.FILE_VARIABLE, file.toString(), "XMPP_DOMAIN", "env.example"));
    assertThat(c.http().port()).isEqualTo(9000);
    assertThat(c.xmpp().domain()).isEqualTo("env.example");
  }

  @Nested
  class BadValues {
    @Test
    void aBoshUrlThatIsNotHttpIsNamed() {
      assertThatThrownBy(() -> from(Map.of("XMPP_BOSH_URL_BASE", "xmpp.meet.jitsi:5280")))
          .hasMessageContaining("web.xmpp.bosh-url-base");
    }

    @Test
    void aPortOutOfRangeIsNamed() {
      assertThatThrownBy(() -> from(Map.of("HTTP_PORT", "70000")))
          .hasMessageContaining("web.http.port");
    }

    @Test
    void aCertificateWithoutAKeyIsRefused() {
      assertThatThrownBy(() -> from(Map.of("HUDDLE_WEB_TLS_CERT", "/tmp/cert.pem")))
          .hasMessageContaining("HUDDLE_WEB_TLS_KEY");
    }

    @Test
    void anUnknownCodecIsNamedWithItsVariable() {
      assertThatThrownBy(() -> from(Map.of("CODEC_ORDER_JVB", "AV1,HEVC")))
          .hasMessageContaining("CODEC_ORDER_JVB")
          .hasMessageContaining("HEVC")
          .hasMessageContaining("[AV1, VP9, VP8, H264]");
    }

    @Test
    void aCodecListedTwiceOrNoCodecAtAllIsRefused() {
      assertThatThrownBy(() -> from(Map.of("CODEC_ORDER_JVB_MOBILE", "VP8,vp8")))
          .hasMessageContaining("CODEC_ORDER_JVB_MOBILE")
          .hasMessageContaining("VP8 is listed twice");
      assertThatThrownBy(() -> from(Map.of("CODEC_ORDER_JVB", "[]")))
          .hasMessageContaining("CODEC_ORDER_JVB")
          .hasMessageContaining("at least one");
    }

    @Test
    void aBooleanThatIsNotOneIsNamed() {
      assertThatThrownBy(() -> from(Map.of("ENABLE_XMPP_WEBSOCKET", "maybe")))
          .hasMessageContaining("ENABLE_XMPP_WEBSOCKET");
    }
  }
}
