package org.huddle.common.testing;

import org.junit.jupiter.api.Test;

/**
 * The rules a library module at the bottom keeps, as tests: it uses no other module of ours,
 * registers nothing in Smack's JVM-wide providers, and logs only through SLF4J. A library's {@code
 * LayeringTest} implements this, names its root package, and adds what is its own (no sockets, no
 * XML factories, ...).
 */
public interface LibraryConventions extends Conventions {
  @Test
  default void dependsOnNoOtherHuddleModule() {
    ModuleRules.dependsOnNoOtherHuddleModule(root()).check(classes());
  }
}
