package org.huddle.xmpp.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies go one way: codec ← event ← routing ← session ← transport, and features (MUC
 * included) see only routing and events. A feature knows nothing of sockets; the router knows
 * nothing of how sessions negotiate.
 */
class LayeringTest {
  static final String ROOT = "org.huddle.xmpp.server";
  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
  }

  @Test
  void eventsDependOnNothingElseOfTheServer() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".event..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".routing..",
            ROOT + ".session..",
            ROOT + ".transport..",
            ROOT + ".features..",
            ROOT + ".muc..")
        .check(classes);
  }

  @Test
  void routingKnowsNothingOfSessionsTransportsOrFeatures() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".routing..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".session..",
            ROOT + ".transport..",
            ROOT + ".features..",
            ROOT + ".muc..",
            ROOT + ".auth..",
            "io.netty..")
        .check(classes);
  }

  @Test
  void featuresKnowNothingOfSocketsOrSessions() {
    noClasses()
        .that()
        .resideInAnyPackage(ROOT + ".features..", ROOT + ".muc..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".session..", ROOT + ".transport..", ROOT + ".tls..", "io.netty..")
        .check(classes);
  }

  @Test
  void sessionsKnowNothingOfTransportsOrFeatures() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".session..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".transport..", ROOT + ".features..", ROOT + ".muc..", "io.netty..")
        .check(classes);
  }

  @Test
  void authenticationKnowsNothingOfSessionsOrRouting() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".auth..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".session..",
            ROOT + ".routing..",
            ROOT + ".transport..",
            ROOT + ".features..",
            ROOT + ".muc..")
        .check(classes);
  }
}
