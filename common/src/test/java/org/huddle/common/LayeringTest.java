package org.huddle.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.huddle.common.testing.ModuleRules;
import org.junit.jupiter.api.Test;

/**
 * {@code common} is the bottom of every role: settings primitives that depend on nothing of ours
 * and on no network or server library.
 */
class LayeringTest {
  static final String ROOT = "org.huddle.common";
  static final JavaClasses CLASSES = ModuleRules.mainClasses(ROOT);

  @Test
  void dependsOnNoOtherHuddleModule() {
    ModuleRules.dependsOnNoOtherHuddleModule(ROOT).check(CLASSES);
  }

  @Test
  void knowsNoNetworkOrServerLibrary() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.net..",
            "io.netty..",
            "org.eclipse.jetty..",
            "org.jivesoftware..",
            "org.ice4j..",
            "redis.clients..")
        .check(CLASSES);
  }

  @Test
  void logsThroughSlf4jOnly() {
    ModuleRules.LOGS_THROUGH_SLF4J_ONLY.check(CLASSES);
  }
}
