package org.huddle.web.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.huddle.common.config.Settings;
import org.huddle.web.WebConfig;
import org.junit.jupiter.api.Test;

class ConfigScriptTest {
  @Test
  void withoutAPublicUrlTheTransportsArePathsOfThisServer() {
    String js = ConfigScript.render(WebConfig.defaults());
    assertThat(js).startsWith("/* Generated");
    assertThat(js)
        .contains(
            "var config = {\"hosts\":{\"domain\":\"meet.jitsi\",\"muc\":\"muc.meet.jitsi\","
                + "\"focus\":\"focus.meet.jitsi\"},\"bosh\":\"/http-bind\","
                + "\"websocket\":\"/xmpp-websocket\"");
  }

  @Test
  void aPublicHttpsUrlMakesThemAbsoluteWithWss() {
    String js =
        ConfigScript.render(WebConfig.fromHocon("web.public-url = \"https://meet.example.com/\""));
    assertThat(js).contains("\"bosh\":\"https://meet.example.com/http-bind\"");
    assertThat(js).contains("\"websocket\":\"wss://meet.example.com/xmpp-websocket\"");
  }

  @Test
  void withoutWebSocketOnlyBoshIsOffered() {
    String js = ConfigScript.render(WebConfig.fromHocon("web.xmpp.websocket = false"));
    assertThat(js).doesNotContain("websocket");
  }

  @Test
  void guestsGetTheAnonymousDomainWhenTheMainOneNeedsAccounts() {
    String js =
        ConfigScript.render(
            WebConfig.fromHocon("web.xmpp { auth-enabled = true, guests-enabled = true }"));
    assertThat(js).contains("\"anonymousdomain\":\"guest.meet.jitsi\"");
    assertThat(js).contains("\"auth\":{\"type\":\"internal\",\"guests\":true}");
  }

  @Test
  void withoutGuestsTheAnonymousDomainStaysForThePublicRooms() {
    String js =
        ConfigScript.render(
            WebConfig.fromHocon("web.xmpp { auth-enabled = true, auth-type = jwt }"));
    assertThat(js).contains("\"anonymousdomain\":\"guest.meet.jitsi\"");
    assertThat(js).contains("\"auth\":{\"type\":\"jwt\",\"guests\":false}");
    assertThat(ConfigScript.render(WebConfig.defaults()))
        .doesNotContain("anonymousdomain")
        .doesNotContain("\"auth\"");
  }

  @Test
  void anUnknownAuthTypeIsNamed() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> WebConfig.fromHocon("web.xmpp { auth-enabled = true, auth-type = ldap }"))
        .hasMessageContaining("AUTH_TYPE")
        .hasMessageContaining("ldap");
  }

  @Test
  void theCodecOrdersAreJitsiMeetsVideoQualitySettings() {
    assertThat(ConfigScript.render(WebConfig.defaults()))
        .contains(
            "\"videoQuality\":{\"codecPreferenceOrder\":[\"AV1\",\"VP9\",\"VP8\",\"H264\"],"
                + "\"mobileCodecPreferenceOrder\":[\"VP8\",\"VP9\",\"H264\",\"AV1\"]}");
    String js =
        ConfigScript.render(
            WebConfig.fromEnvironment(
                Settings.Env.of(Map.of("CODEC_ORDER_JVB", "[\"VP8\", \"H264\"]"))));
    assertThat(js).contains("\"codecPreferenceOrder\":[\"VP8\",\"H264\"]");
  }

  @Test
  void theLanguageSettingsAreJitsiMeetsDefaultLanguage() {
    assertThat(ConfigScript.render(WebConfig.defaults()))
        .contains("\"defaultLanguage\":\"en\"", "\"disableLanguageDetection\":false");
    String js =
        ConfigScript.render(
            WebConfig.fromEnvironment(
                Settings.Env.of(
                    Map.of("DEFAULT_LANGUAGE", "zh-CN", "HUDDLE_LANGUAGE_DETECTION", "false"))));
    assertThat(js).contains("\"defaultLanguage\":\"zhCN\"", "\"disableLanguageDetection\":true");
  }

  @Test
  void valuesCannotCloseTheScript() {
    String js = ConfigScript.render(WebConfig.fromHocon("web.xmpp.domain = \"</script><b>\\\"x\""));
    assertThat(js).doesNotContain("</script>").contains("\\u003c/script\\u003e");
  }
}
