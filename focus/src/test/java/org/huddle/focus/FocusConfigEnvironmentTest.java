package org.huddle.focus;

import org.huddle.common.config.SettingsDoc;
import org.junit.jupiter.api.Test;

/** The focus's environment variables, each listed in docs/settings.md with its default. */
class FocusConfigEnvironmentTest {
  @Test
  void docsSettingsListsEveryVariableWithTheKeysItSetsAndTheirDefaults() throws Exception {
    SettingsDoc.verify("focus", FocusConfig.ENVIRONMENT, FocusConfig.reference());
  }
}
