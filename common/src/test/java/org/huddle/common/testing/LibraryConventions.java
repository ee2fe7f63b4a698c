package org.huddle.common.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * The rules a library module at the bottom keeps, as tests: it uses no other module of ours,
 * registers nothing in Smack's JVM-wide providers, and logs only through SLF4J. A library's {@code
 * LayeringTest} implements this, names its root package, and adds what is its own (no sockets, no
 * XML factories, ...).
 */
public interface LibraryConventions {
  /** The module's root package. */
  String root();

  /** The module's main classes, imported once per test run. */
  default JavaClasses classes() {
    return ModuleRules.mainClasses(root());
  }

  @Test
  default void dependsOnNoOtherHuddleModule() {
    ModuleRules.dependsOnNoOtherHuddleModule(root()).check(classes());
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
