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
