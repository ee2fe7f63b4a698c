package org.huddle.web;

import org.huddle.common.config.SettingsDoc;
import org.junit.jupiter.api.Test;

/** The web's environment variables, each listed in docs/settings.md with its default. */
class WebConfigEnvironmentTest {
  @Test
  void docsSettingsListsEveryVariableWithTheKeysItSetsAndTheirDefaults() throws Exception {
    SettingsDoc.verify("web", WebConfig.ENVIRONMENT, WebConfig.reference());
  }
}
