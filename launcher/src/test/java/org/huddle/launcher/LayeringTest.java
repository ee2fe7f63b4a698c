package org.huddle.launcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.huddle.common.testing.ModuleConventions;
import org.huddle.records.store.Database;
import org.huddle.videobridge.ice.LocalAddresses;
import org.huddle.videobridge.ice.PublicAddresses;
import org.huddle.videobridge.ice.StunMessages;
import org.huddle.xmpp.server.auth.AccountStore;
import org.huddle.xmpp.server.features.extdisco.ExternalServices;
import org.huddle.xmpp.server.features.version.SoftwareVersion;
import org.junit.jupiter.api.Test;

/**
 * The launcher is the composition root: its commands start the roles through what each module
 * publishes (the role and its config). {@code huddle doctor}'s checks sit below the commands and
 * know nothing of them. The console belongs to picocli's writers, so output can be captured.
 */
class LayeringTest implements ModuleConventions {
  static final String ROOT = "org.huddle.launcher";

  @Override
  public String root() {
    return ROOT;
  }

  @Test
  void doctorChecksKnowNothingOfTheCommands() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".doctor..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT)
        .check(classes());
  }

  /**
   * Each a debt to pay by publishing the piece from its module: {@code huddle user} writes the XMPP
   * server's account files ({@link AccountStore}); {@code --version} reads the server's version
   * ({@link SoftwareVersion}); the doctor checks the TURN credentials the server hands out ({@link
   * ExternalServices}) and the addresses and STUN answers the bridge would use ({@link
   * LocalAddresses}, {@link PublicAddresses}, {@link StunMessages}), and logs in to the records
   * database with the roles' settings ({@link Database.Target}, which {@code RecordsConfig} hands
   * out).
   */
  @Override
  public Class<?>[] unpublishedClassesUsed() {
    return new Class<?>[] {
      AccountStore.class,
      SoftwareVersion.class,
      ExternalServices.class,
      LocalAddresses.class,
      PublicAddresses.class,
      StunMessages.class,
      Database.Target.class
    };
  }
}
