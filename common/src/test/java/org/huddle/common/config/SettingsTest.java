package org.huddle.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SettingsTest {
  @Nested
  class Durations {
    @Test
    void readsUnitsAsOperatorsWriteThem() {
      assertThat(Settings.duration("10 seconds")).isEqualTo(Duration.ofSeconds(10));
      assertThat(Settings.duration("5 minutes")).isEqualTo(Duration.ofMinutes(5));
      assertThat(Settings.duration("250ms")).isEqualTo(Duration.ofMillis(250));
      assertThat(Settings.duration("1 day")).isEqualTo(Duration.ofDays(1));
      assertThat(Settings.duration("1.5 h")).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void readsABareNumberAsSecondsLikeProsody() {
      assertThat(Settings.duration("300")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void rejectsUnknownUnitsWithTheValueInTheMessage() {
      assertThatThrownBy(() -> Settings.duration("3 fortnights"))
          .hasMessageContaining("3 fortnights");
      assertThatThrownBy(() -> Settings.duration("soon")).hasMessageContaining("soon");
    }
  }

  @Test
  void readsSizesInBinaryUnits() {
    assertThat(Settings.bytes("256 KiB")).isEqualTo(262_144);
    assertThat(Settings.bytes("10kb")).isEqualTo(10_240);
    assertThat(Settings.bytes("1 MiB")).isEqualTo(1_048_576);
    assertThat(Settings.bytes("512")).isEqualTo(512);
  }

  @Test
  void readsBooleansAsDockerJitsiMeetDoes() {
    assertThat(Settings.bool("1")).isTrue();
    assertThat(Settings.bool("TRUE")).isTrue();
    assertThat(Settings.bool("0")).isFalse();
    assertThat(Settings.bool("no")).isFalse();
    assertThatThrownBy(() -> Settings.bool("maybe")).hasMessageContaining("maybe");
  }

  @Test
  void splitsCommaListsDroppingBlanks() {
    assertThat(Settings.list(" a, b,,c ")).containsExactly("a", "b", "c");
  }

  @Test
  void envTreatsBlankAsUnsetAndNamesTheVariableInErrors() {
    Settings.Env env = Settings.Env.of(Map.of("A", " ", "B", "x"));
    assertThat(env.get("A")).isEmpty();
    assertThatThrownBy(() -> env.get("B", Settings::bool)).hasMessageStartingWith("B: ");
  }
}
