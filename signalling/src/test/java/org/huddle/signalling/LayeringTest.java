package org.huddle.signalling;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.huddle.common.testing.ModuleRules;
import org.junit.jupiter.api.Test;

/**
 * The signalling vocabulary is a library on xmpp-codec: the shared pieces (namespaces, the one
 * exception, attribute readers) ← Jitsi's own elements ← Jingle ← Colibri2, which reuses Jingle's
 * payload types and transports. The Smack adapters stand aside: only the roles' Smack links use
 * them, and no element class knows Smack. No sockets, no roles.
 */
class LayeringTest {
  static final String ROOT = "org.huddle.signalling";
  static final JavaClasses CLASSES = ModuleRules.mainClasses(ROOT);

  @Test
  void packagesDependDownwardsOnly() {
    ModuleRules.layers()
        .layer("shared")
        .definedBy(ROOT)
        .layer("jitsi")
        .definedBy(ROOT + ".jitsi..")
        .layer("jingle")
        .definedBy(ROOT + ".jingle..")
        .layer("colibri2")
        .definedBy(ROOT + ".colibri2..")
        .layer("smack")
        .definedBy(ROOT + ".smack..")
        .whereLayer("shared")
        .mayOnlyBeAccessedByLayers("jitsi", "jingle", "colibri2", "smack")
        .whereLayer("jitsi")
        .mayOnlyBeAccessedByLayers("jingle", "colibri2")
        .whereLayer("jingle")
        .mayOnlyBeAccessedByLayers("colibri2")
        .whereLayer("colibri2")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("smack")
        .mayNotBeAccessedByAnyLayer()
        .check(CLASSES);
  }

  @Test
  void onlyTheSmackAdaptersKnowSmack() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + ".smack..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.jivesoftware..")
        .check(CLASSES);
  }

  @Test
  void usesNoOtherHuddleModuleThanTheCodecAndKnowsNoSockets() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.huddle.xmpp.server..",
            "org.huddle.videobridge..",
            "org.huddle.focus..",
            "org.huddle.web..",
            "java.net..",
            "io.netty..")
        .check(CLASSES);
  }

  @Test
  void registersNothingInSmacksJvmWideProviderRegistry() {
    ModuleRules.REGISTERS_NO_SMACK_PROVIDERS.check(CLASSES);
  }

  @Test
  void packagesFormNoCycles() {
    ModuleRules.packagesFormNoCycles(ROOT).check(CLASSES);
  }

  @Test
  void logsThroughSlf4jOnly() {
    ModuleRules.LOGS_THROUGH_SLF4J_ONLY.check(CLASSES);
  }
}
