package org.huddle.xmpp.codec;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.huddle.common.testing.ModuleRules;
import org.junit.jupiter.api.Test;

/**
 * The XMPP codec is the bottom layer of the server, the focus and the bridge's XMPP link: bytes ↔
 * elements, JIDs and error conditions. It knows nothing of sockets or sessions, depends on nothing
 * of ours, and parses XML only with the non-blocking parser it configures itself.
 */
class LayeringTest {
  static final String ROOT = "org.huddle.xmpp.codec";
  static final JavaClasses CLASSES = ModuleRules.mainClasses(ROOT);

  @Test
  void dependsOnNoOtherHuddleModule() {
    ModuleRules.dependsOnNoOtherHuddleModule(ROOT).check(CLASSES);
  }

  @Test
  void knowsNothingOfSocketsOrSessions() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.net..", "java.nio.channels..", "io.netty..", "org.eclipse.jetty..")
        .check(CLASSES);
  }

  /**
   * DOM, SAX and transformer factories resolve DTDs and external entities unless told otherwise;
   * the codec's parser refuses them (RFC 6120 §11.1).
   */
  @Test
  void parsesOnlyWithItsOwnNonBlockingParser() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "javax.xml.parsers..", "org.xml.sax..", "org.w3c.dom..", "javax.xml.transform..")
        .check(CLASSES);
  }

  @Test
  void logsThroughSlf4jOnly() {
    ModuleRules.LOGS_THROUGH_SLF4J_ONLY.check(CLASSES);
  }
}
