package org.huddle.common.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * The rules every module of ours keeps, library or role, as tests: it does not touch Smack's
 * JVM-wide provider registry, and it logs only through SLF4J. {@link ModuleConventions} and {@link
 * LibraryConventions} add what roles and libraries keep besides.
 */
public interface Conventions {
  /** The module's root package. */
  String root();

  /** The module's main classes, imported once per test run. */
  default JavaClasses classes() {
    return ModuleRules.mainClasses(root());
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
