package org.huddle.common.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * The rules every role module keeps, as tests. A module's {@code LayeringTest} implements this,
 * names its root package, and adds the layers of its own packages.
 */
public interface ModuleConventions {
  /** The module's root package. */
  String root();

  /** The module's main classes, imported once per test run. */
  default JavaClasses classes() {
    return ModuleRules.mainClasses(root());
  }

  /**
   * Classes of other modules that this one still uses although their modules do not publish them.
   * Each is a debt, to be paid by publishing what is needed; none by default.
   */
  default Class<?>[] unpublishedClassesUsed() {
    return new Class<?>[0];
  }

  @Test
  default void packagesFormNoCycles() {
    ModuleRules.packagesFormNoCycles(root()).check(classes());
  }

  @Test
  default void reachesOtherModulesOnlyThroughWhatTheyPublish() {
    ModuleRules.reachesOtherModulesOnlyThroughWhatTheyPublish(root(), unpublishedClassesUsed())
        .check(classes());
  }

  @Test
  default void registersNoSmackProviders() {
    ModuleRules.REGISTERS_NO_SMACK_PROVIDERS.check(classes());
  }

  @Test
  default void logsThroughSlf4jOnly() {
    ModuleRules.LOGS_THROUGH_SLF4J_ONLY.check(classes());
  }
}
