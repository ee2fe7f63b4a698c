package org.huddle.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.huddle.common.config.Settings;
import org.junit.jupiter.api.Test;

class FrameAncestorsTest {
  private static List<String> parse(String... entries) {
    return FrameAncestors.parse("HUDDLE_FRAME_ANCESTORS", List.of(entries));
  }

  @Test
  void selfNoneAndOriginsAreNormalizedAndRepeatsDropped() {
    assertThat(parse("self", "HTTPS://App.Example.com/", "https://*.example.org", "'self'"))
        .containsExactly("'self'", "https://app.example.com", "https://*.example.org");
    assertThat(parse("http://127.0.0.1:8080", "https://intranet:*"))
        .containsExactly("http://127.0.0.1:8080", "https://intranet:*");
    assertThat(parse("'none'")).containsExactly("'none'");
  }

  @Test
  void theDirectiveListsTheSourcesInOrder() {
    assertThat(FrameAncestors.directive(parse("'self'", "https://a.example")))
        .isEqualTo("frame-ancestors 'self' https://a.example");
  }

  @Test
  void anythingThatIsNotAnOriginIsRefusedWithItsName() {
    for (String bad :
        new String[] {
          "*",
          "example.com",
          "https://a.example/path",
          "https://a.example; script-src *",
          "'unsafe-inline'",
          "javascript:alert(1)",
          "https://a.example 'self'",
          "ftp://a.example",
          "https://*",
        }) {
      assertThatThrownBy(() -> parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("HUDDLE_FRAME_ANCESTORS")
          .hasMessageContaining(bad);
    }
  }

  @Test
  void noneStandsAloneAndTheListIsNeverEmpty() {
    assertThatThrownBy(() -> parse("'none'", "https://a.example"))
        .hasMessageContaining("'none' cannot be combined");
    assertThatThrownBy(() -> parse()).hasMessageContaining("at least one");
  }

  @Test
  void theEnvironmentTakesACommaSeparatedList() {
    WebConfig c =
        WebConfig.fromEnvironment(
            Settings.Env.of(
                java.util.Map.of(
                    "HUDDLE_FRAME_ANCESTORS", "https://lms.example.edu, https://*.example.edu")));
    assertThat(c.app().frameAncestors())
        .containsExactly("https://lms.example.edu", "https://*.example.edu");
    assertThatThrownBy(
            () ->
                WebConfig.fromEnvironment(
                    Settings.Env.of(java.util.Map.of("HUDDLE_FRAME_ANCESTORS", "evil;x"))))
        .hasMessageContaining("HUDDLE_FRAME_ANCESTORS");
  }
}
