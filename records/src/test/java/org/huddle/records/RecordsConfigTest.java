package org.huddle.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.huddle.common.config.Settings;
import org.huddle.common.config.SettingsDoc;
import org.junit.jupiter.api.Test;

class RecordsConfigTest {
  @Test
  void withoutPostgresTheRecordsGoToAnEmbeddedFileInTheDataFolder() {
    RecordsConfig c = RecordsConfig.defaults();
    assertThat(c.enabled()).isTrue();
    assertThat(c.postgres()).isFalse();
    assertThat(c.target().jdbcUrl())
        .isEqualTo("jdbc:h2:file:" + Path.of("data/records").toAbsolutePath().normalize());
    assertThat(c.buffer()).isEqualTo(10_000);
  }

  @Test
  void herokuStyleDatabaseUrlGivesHostPortNameUserAndPassword() {
    RecordsConfig c =
        RecordsConfig.fromEnvironment(
            Settings.Env.of(
                Map.of(
                    "DATABASE_URL",
                    "postgres://meet:s%40cret@db.internal:6543/records?sslmode=require")));
    assertThat(c.target().jdbcUrl())
        .isEqualTo("jdbc:postgresql://db.internal:6543/records?sslmode=require");
    assertThat(c.target().user()).isEqualTo("meet");
    assertThat(c.target().password()).isEqualTo("s@cret");
  }

  @Test
  void postgresPartsAreUsedWhenAHostIsGivenAndDatabaseUrlWins() {
    Map<String, String> parts =
        Map.of(
            "POSTGRES_HOST", "postgres",
            "POSTGRES_DB", "meetings",
            "POSTGRES_USER", "jitsi",
            "POSTGRES_PASSWORD", "pw");
    RecordsConfig c = RecordsConfig.fromEnvironment(Settings.Env.of(parts));
    assertThat(c.postgres()).isTrue();
    assertThat(c.target().jdbcUrl()).isEqualTo("jdbc:postgresql://postgres:5432/meetings");
    assertThat(c.target().user()).isEqualTo("jitsi");
    assertThat(c.target().password()).isEqualTo("pw");

    Map<String, String> both = new java.util.HashMap<>(parts);
    both.put("DATABASE_URL", "jdbc:postgresql://elsewhere/x");
    RecordsConfig d = RecordsConfig.fromEnvironment(Settings.Env.of(both));
    assertThat(d.target().jdbcUrl()).isEqualTo("jdbc:postgresql://elsewhere/x");
    assertThat(d.target().user())
        .as("a jdbc: URL keeps the user from the parts")
        .isEqualTo("jitsi");
  }

  @Test
  void aBadUrlStopsTheStartAndNamesTheVariableWithoutThePassword() {
    assertThatThrownBy(
            () ->
                RecordsConfig.fromEnvironment(
                    Settings.Env.of(Map.of("DATABASE_URL", "mysql://u:hunter2@h/db"))))
        .hasMessageContaining("DATABASE_URL")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(
            () ->
                RecordsConfig.fromEnvironment(
                    Settings.Env.of(Map.of("DATABASE_URL", "jdbc:mysql://h/db?password=hunter2"))))
        .hasMessageContaining("PostgreSQL or H2")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(
            () ->
                RecordsConfig.fromEnvironment(
                    Settings.Env.of(Map.of("HUDDLE_RECORDS_BUFFER", "0"))))
        .hasMessageContaining("HUDDLE_RECORDS_BUFFER");
  }

  @Test
  void everyVariableIsInTheSettingsReference() throws Exception {
    SettingsDoc.verify("records", RecordsConfig.ENVIRONMENT, RecordsConfig.reference());
  }
}
