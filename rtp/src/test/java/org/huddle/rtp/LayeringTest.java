package org.huddle.rtp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import org.huddle.common.testing.LibraryConventions;
import org.junit.jupiter.api.Test;

/**
 * The RTP codec is the bottom of the bridge's packet path, as jitsi-videobridge's {@code rtp} is:
 * bytes in, facts out, and bytes written back. It depends on nothing but the JDK, knows nothing of
 * sockets, and holds no state between calls: the bridge's estimators, caches and packet buffer are
 * the bridge's (docs/rtp.md). One package, as the XMPP codec is, so no layers of its own.
 */
class LayeringTest implements LibraryConventions {
  @Override
  public String root() {
    return "org.huddle.rtp";
  }

  @Test
  void dependsOnNothingButTheJdk() {
    ArchRuleDefinition.classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(root() + "..", "java..")
        .check(classes());
  }

  @Test
  void knowsNothingOfSocketsOrThreads() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.net..", "java.nio.channels..", "java.util.concurrent..")
        .check(classes());
  }
}
