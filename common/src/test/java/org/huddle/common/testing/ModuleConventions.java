package org.huddle.common.testing;

import org.junit.jupiter.api.Test;

/**
 * The rules every role module keeps, as tests. A module's {@code LayeringTest} implements this,
 * names its root package, and adds the layers of its own packages.
 */
public interface ModuleConventions extends Conventions {
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
}
