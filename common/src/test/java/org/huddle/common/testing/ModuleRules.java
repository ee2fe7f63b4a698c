package org.huddle.common.testing;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ArchUnit rules the modules' {@code LayeringTest}s share (see {@link ModuleConventions}), and the
 * one list of what each module lets the others use. See {@code docs/modules.md}.
 */
public final class ModuleRules {
  private ModuleRules() {}

  /**
   * What each module publishes: its role package (the role's entry point and its config), and for
   * the XMPP server its {@code api} and {@code config}. {@code common}, {@code xmpp-codec}, {@code
   * rtp}, {@code signalling} and {@code lua-sandbox} are libraries, published whole. Everything
   * else is internal to its module.
   */
  public static final DescribedPredicate<JavaClass> PUBLISHED =
      resideInAnyPackage(
              "org.huddle.common..",
              "org.huddle.xmpp.codec..",
              "org.huddle.signalling..",
              "org.huddle.rtp..",
              "org.huddle.lua..",
              "org.huddle.xmpp.server",
              "org.huddle.xmpp.server.api",
              "org.huddle.xmpp.server.config",
              "org.huddle.auth.plugins",
              "org.huddle.videobridge",
              "org.huddle.focus",
              "org.huddle.web",
              "org.huddle.records",
              "org.huddle.records.schedule")
          .as("a package another module publishes");

  /**
   * Classes that are, or are nested in, one of these; arrays of them too, which ArchUnit otherwise
   * places in the package of their element type without belonging to it.
   */
  public static DescribedPredicate<JavaClass> partOf(Class<?>... classes) {
    return JavaClass.Predicates.belongToAnyOf(classes)
        .onResultOf(JavaClass::getBaseComponentType)
        .as("part of " + java.util.Arrays.stream(classes).map(Class::getSimpleName).toList());
  }

  private static final Map<String, JavaClasses> IMPORTED = new ConcurrentHashMap<>();

  /** The main classes under a module's root package, imported once. */
  public static JavaClasses mainClasses(String root) {
    return IMPORTED.computeIfAbsent(
        root,
        r ->
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(r));
  }

  /**
   * Logging goes through SLF4J, and nothing writes to the console or prints stack traces. The one
   * exception is the launcher's {@code LogSetup}, which configures the logging backend (logback)
   * for every role; named by string, as {@code common} does not depend on the launcher.
   */
  public static final ArchRule LOGS_THROUGH_SLF4J_ONLY =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName("org.huddle.launcher.LogSetup")
          .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
          .orShould()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "java.util.logging..",
              "org.apache.log4j..",
              "org.apache.logging.log4j..",
              "org.apache.commons.logging..",
              "ch.qos.logback..")
          .as("no classes should write to the console or log other than through SLF4J");

  /**
   * Smack's provider registry is one for the whole JVM, and {@code huddle all} runs the focus and
   * the bridge in one: a provider one role registered would read the other's stanzas with its
   * limits. Only {@code org.huddle.signalling.smack.StanzaReader} touches the registry, to put in
   * the one provider that knows no role; each connection applies its own limits with its reader
   * (docs/wire.md, "Smack"). Named by string: {@code common} does not depend on Smack.
   */
  public static final ArchRule REGISTERS_NO_SMACK_PROVIDERS =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName("org.huddle.signalling.smack.StanzaReader")
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("org.jivesoftware.smack.provider.ProviderManager")
          .as(
              "no classes but the signalling module's StanzaReader should touch Smack's JVM-wide"
                  + " ProviderManager");

  /**
   * The start of a module's layer rule: only dependencies between its layers count, and every class
   * must sit in a layer, so that a new package has to be placed.
   */
  public static LayeredArchitecture layers() {
    return layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .ensureAllClassesAreContainedInArchitecture();
  }

  /** For the library modules at the bottom: nothing of ours outside {@code root}. */
  public static ArchRule dependsOnNoOtherHuddleModule(String root) {
    return noClasses()
        .should()
        .dependOnClassesThat(
            resideInAPackage("org.huddle..").and(not(resideInAPackage(root + ".."))));
  }

  /** The packages under {@code root} (each with its subpackages) form no dependency cycle. */
  public static ArchRule packagesFormNoCycles(String root) {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles();
  }

  /**
   * A module's classes use other Huddle modules only through what those publish ({@link
   * #PUBLISHED}), apart from the named exceptions.
   *
   * @param root the module's root package
   * @param exceptions classes of other modules this one may still use, each a documented debt
   */
  public static ArchRule reachesOtherModulesOnlyThroughWhatTheyPublish(
      String root, Class<?>... exceptions) {
    DescribedPredicate<JavaClass> internalsOfOthers =
        resideInAPackage("org.huddle..")
            .and(not(resideInAPackage(root + "..")))
            .and(not(PUBLISHED))
            .and(not(partOf(exceptions)))
            .as("internals of another Huddle module");
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .should()
        .dependOnClassesThat(internalsOfOthers);
  }
}
