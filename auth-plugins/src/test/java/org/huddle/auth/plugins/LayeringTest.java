package org.huddle.auth.plugins;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.huddle.common.testing.ModuleConventions;
import org.huddle.common.testing.ModuleRules;
import org.junit.jupiter.api.Test;

/**
 * The plugins see the XMPP server only through {@code org.huddle.xmpp.server.api}, what a built-in
 * feature sees. Inside, shared state is the bottom layer, the Lua host sits on it, token
 * authentication stands apart, and {@link LuaPlugins} wires the three into one server extension.
 */
class LayeringTest implements ModuleConventions {
  static final String ROOT = "org.huddle.auth.plugins";
  static final String SERVER = "org.huddle.xmpp.server";

  @Override
  public String root() {
    return ROOT;
  }

  @Test
  void reachesTheServerOnlyThroughItsApi() {
    noClasses()
        .should()
        .dependOnClassesThat(
            resideInAPackage(SERVER + "..").and(not(resideInAPackage(SERVER + ".api"))))
        .check(classes());
  }

  /** Tests may also start a server with the server's test kit. */
  @Test
  void testsReachTheServerOnlyThroughItsApiAndTestKit() {
    JavaClasses tests =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages(ROOT);
    noClasses()
        .should()
        .dependOnClassesThat(
            resideInAPackage(SERVER + "..")
                .and(not(resideInAnyPackage(SERVER + ".api", SERVER + ".testing"))))
        .check(tests);
  }

  @Test
  void packagesDependDownwardsOnly() {
    ModuleRules.layers()
        .layer("state")
        .definedBy(ROOT + ".state..")
        .layer("token")
        .definedBy(ROOT + ".token..")
        .layer("lua")
        .definedBy(ROOT + ".lua..")
        .layer("extension")
        .definedBy(ROOT)
        .whereLayer("state")
        .mayNotAccessAnyLayer()
        .whereLayer("token")
        .mayNotAccessAnyLayer()
        .whereLayer("lua")
        .mayOnlyAccessLayers("state")
        .whereLayer("extension")
        .mayNotBeAccessedByAnyLayer()
        .check(classes());
  }
}
