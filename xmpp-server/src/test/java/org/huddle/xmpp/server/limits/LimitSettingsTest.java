package org.huddle.xmpp.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.huddle.common.config.Settings.Env;
import org.huddle.xmpp.server.config.XmppConfig;
import org.huddle.xmpp.server.config.XmppConfigLoader;
import org.junit.jupiter.api.Test;

/** The limits as the config loader builds them: defaults, then the file, then the environment. */
class LimitSettingsTest {
  static LimitSettings load(String file, Map<String, String> env) {
    XmppConfig c = XmppConfigLoader.load(file, Env.of(env));
    return LimitSettings.from(c);
  }

  @Test
  void theDefaultsAreGenerousAndLikeProsodys() {
    LimitSettings l = load("", Map.of());
    assertThat(l.cap(Limit.CONNECTIONS)).isEqualTo(500);
    assertThat(l.cap(Limit.UNAUTHENTICATED)).isEqualTo(50);
    assertThat(l.cap(Limit.SESSIONS)).isEqualTo(500);
    assertThat(l.cap(Limit.BOSH_SESSIONS)).isEqualTo(200);
    assertThat(l.cap(Limit.COMPONENT_HANDSHAKES)).isEqualTo(5);
    assertThat(l.bytesPerSecond()).isEqualTo(10 * 1024);
    assertThat(l.burst()).isEqualTo(Duration.ofSeconds(2));
    assertThat(l.unlimitedJids())
        .containsExactlyInAnyOrder("focus@auth.meet.jitsi", "jvb@auth.meet.jitsi");
    assertThat(l.componentHandshakeWindow()).isEqualTo(Duration.ofMinutes(1));
    assertThat(l.logInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void theEnvironmentOverridesTheFile() {
    LimitSettings l =
        load(
            """
            max_sessions_per_ip = 7
            limits = { c2s = { rate = "100kb/s"; burst = "3s" } }
            """,
            Map.of(
                "HUDDLE_MAX_SESSIONS_PER_IP", "9",
                "HUDDLE_MAX_CONNECTIONS_PER_IP", "0",
                "PROSODY_C2S_LIMIT", "512kb/s",
                "HUDDLE_CONNECTION_LOG_INTERVAL", "5 minutes"));
    assertThat(l.cap(Limit.SESSIONS)).isEqualTo(9);
    assertThat(l.cap(Limit.CONNECTIONS)).isZero();
    assertThat(l.bytesPerSecond()).isEqualTo(512 * 1024);
    assertThat(l.burst()).as("the file's, kept").isEqualTo(Duration.ofSeconds(3));
    assertThat(l.logInterval()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aFileCanListItsOwnUnlimitedJidsOrDropTheRate() {
    LimitSettings l =
        load("unlimited_jids = { \"recorder@auth.meet.jitsi\" }\nlimits = { }\n", Map.of());
    assertThat(l.unlimitedJids()).containsExactly("recorder@auth.meet.jitsi");
    assertThat(l.bytesPerSecond()).isZero();
  }

  @Test
  void aRateWithoutPerSecondIsRefusedByName() {
    assertThatThrownBy(() -> load("limits = { c2s = { rate = \"10kb\" } }", Map.of()))
        .hasMessageContaining("limits")
        .hasMessageContaining("10kb");
  }
}
