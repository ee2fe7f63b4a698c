package org.huddle.records;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.huddle.common.testing.ModuleRules;
import org.junit.jupiter.api.Test;

/**
 * The records depend on common only; inside, the store knows nothing of the queue, and the queue
 * nothing of the database.
 */
class LayeringTest {
  static final String ROOT = "org.huddle.records";
  static final JavaClasses CLASSES = ModuleRules.mainClasses(ROOT);

  @Test
  void dependsOnNoOtherHuddleModuleButCommon() {
    noClasses()
        .should()
        .dependOnClassesThat(
            resideInAPackage("org.huddle..")
                .and(not(resideInAnyPackage(ROOT + "..", "org.huddle.common.."))))
        .check(CLASSES);
  }

  @Test
  void theStoreDoesNotKnowTheQueue() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".store..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + ".writer..")
        .check(CLASSES);
  }

  @Test
  void theQueueDoesNotKnowTheDatabase() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".writer..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT + ".store..", "org.jdbi..", "java.sql..", "com.zaxxer..")
        .check(CLASSES);
  }

  @Test
  void logsThroughSlf4jOnly() {
    ModuleRules.LOGS_THROUGH_SLF4J_ONLY.check(CLASSES);
  }
}
