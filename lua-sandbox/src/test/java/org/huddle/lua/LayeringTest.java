package org.huddle.lua;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.huddle.common.testing.ModuleRules;
import org.junit.jupiter.api.Test;

/**
 * The Lua sandbox depends on nothing of ours, and gives a script no way out: its own code reaches
 * no files, sockets, processes or LuaJ's Java bridge ({@code luajava}) or I/O libraries.
 */
class LayeringTest {
  static final String ROOT = "org.huddle.lua";
  static final JavaClasses CLASSES = ModuleRules.mainClasses(ROOT);

  @Test
  void dependsOnNoOtherHuddleModule() {
    ModuleRules.dependsOnNoOtherHuddleModule(ROOT).check(CLASSES);
  }

  @Test
  void loadsNoLibraryThatReachesOutOfTheSandbox() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.net..", "java.nio.file..", "java.nio.channels..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.luaj.vm2.lib.jse.LuajavaLib")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.luaj.vm2.lib.jse.JseIoLib")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.luaj.vm2.lib.jse.JseOsLib")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.luaj.vm2.lib.jse.JsePlatform")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.ProcessBuilder")
        .check(CLASSES);
  }

  @Test
  void logsThroughSlf4jOnly() {
    ModuleRules.LOGS_THROUGH_SLF4J_ONLY.check(CLASSES);
  }
}
