package org.huddle.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.huddle.common.config.Settings;
import org.huddle.common.config.SettingsDoc;
import org.junit.jupiter.api.Test;

class FileShareConfigTest {
  @Test
  void docsSettingsListsEveryVariableWithTheKeysItSetsAndTheirDefaults() throws Exception {
    SettingsDoc.verify("web-files", FileShareConfig.ENVIRONMENT, FileShareConfig.reference());
  }

  /** The config as text (its secret is an array, which records compare by identity). */
  static String describe(FileShareConfig c) {
    return java.util.Arrays.toString(c.secret())
        + c.sizeLimit()
        + c.expiresAfter()
        + c.sweepInterval()
        + c.sweepBatch()
        + c.path()
        + c.s3();
  }

  @Test
  void everyVariableChangesTheConfig() {
    Map<String, String> samples =
        Map.ofEntries(
            Map.entry("HUDDLE_FILE_SHARE_SECRET", "s"),
            Map.entry("HUDDLE_FILE_SHARE_SIZE_LIMIT", "5 MiB"),
            Map.entry("HUDDLE_FILE_SHARE_EXPIRES_AFTER", "1 day"),
            Map.entry("HUDDLE_FILE_SHARE_SWEEP_INTERVAL", "1 minute"),
            Map.entry("HUDDLE_FILE_SHARE_SWEEP_BATCH", "7"),
            Map.entry("HUDDLE_FILE_SHARE_PATH", "/srv/files"),
            Map.entry("HUDDLE_FILE_SHARE_S3_ENDPOINT", "http://127.0.0.1:9000"),
            Map.entry("HUDDLE_FILE_SHARE_S3_BUCKET", "b"),
            Map.entry("HUDDLE_FILE_SHARE_S3_REGION", "eu-west-1"),
            Map.entry("HUDDLE_FILE_SHARE_S3_ACCESS_KEY", "ak"),
            Map.entry("HUDDLE_FILE_SHARE_S3_SECRET_KEY", "sk"),
            Map.entry("HUDDLE_FILE_SHARE_S3_PATH_STYLE", "false"));
    assertThat(FileShareConfig.ENVIRONMENT.variables())
        .containsExactlyInAnyOrderElementsOf(samples.keySet());
    String defaults = describe(FileShareConfig.fromEnvironment(Settings.Env.of(Map.of())));
    samples.forEach(
        (variable, value) ->
            assertThat(
                    describe(
                        FileShareConfig.fromEnvironment(Settings.Env.of(Map.of(variable, value)))))
                .as(variable)
                .isNotEqualTo(defaults));
  }

  @Test
  void offWithoutASecretAndInAFolderByDefault() {
    FileShareConfig c = FileShareConfig.fromEnvironment(Settings.Env.of(Map.of()));
    assertThat(c.enabled()).isFalse();
    assertThat(c.s3().configured()).isFalse();
    assertThat(c.sizeLimit()).isEqualTo(100L * 1024 * 1024);
    assertThat(c.expiresAfter()).isEqualTo(Duration.ofDays(7));
    assertThat(c.path().toString()).endsWith("data/files");
  }

  @Test
  void theEnvironmentSetsTheBucketAndTheRetention() {
    FileShareConfig c =
        FileShareConfig.fromEnvironment(
            Settings.Env.of(
                Map.of(
                    "HUDDLE_FILE_SHARE_SECRET", "s",
                    "HUDDLE_FILE_SHARE_S3_BUCKET", "files",
                    "HUDDLE_FILE_SHARE_EXPIRES_AFTER", "2 days")));
    assertThat(c.enabled()).isTrue();
    assertThat(c.s3().configured()).isTrue();
    assertThat(c.expiresAfter()).isEqualTo(Duration.ofDays(2));
    assertThatThrownBy(() -> FileShareConfig.fromHocon("web.files.sweep-batch = 0"))
        .hasMessageContaining("sweep-batch");
  }
}
