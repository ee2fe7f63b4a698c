package org.huddle.videobridge;

import org.huddle.common.config.SettingsDoc;
import org.junit.jupiter.api.Test;

/** The videobridge's environment variables, each listed in docs/settings.md with its default. */
class VideobridgeConfigEnvironmentTest {
  @Test
  void docsSettingsListsEveryVariableWithTheKeysItSetsAndTheirDefaults() throws Exception {
    SettingsDoc.verify("videobridge", VideobridgeConfig.ENVIRONMENT, VideobridgeConfig.reference());
  }
}
