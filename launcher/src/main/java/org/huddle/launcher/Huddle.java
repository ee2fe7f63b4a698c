package org.huddle.launcher;

import java.util.concurrent.Callable;
import org.huddle.xmpp.server.features.version.SoftwareVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one runnable jar: {@code huddle <role>}. Each role is also a Compose service; {@code all}
 * runs every role in one JVM for trying Huddle on one machine.
 */
@Command(
    name = "huddle",
    mixinStandardHelpOptions = true,
    versionProvider = Huddle.Version.class,
    description = "Self-hosted video meetings that speak the Jitsi and Prosody wire protocols.",
    subcommands = {
      AllCommand.class,
      XmppCommand.class,
      FocusCommand.class,
      VideobridgeCommand.class,
      WebCommand.class,
      UserCommand.class,
      AdminCommand.class,
      ProbeCommand.class,
      DoctorCommand.class,
      AotTrainCommand.class
    })
public final class Huddle implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // ice4j, jitsi-srtp and Smack log through java.util.logging: one format, one level, via SLF4J.
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    System.exit(run(args));
  }

  /** Runs a command line and returns the exit status (for tests). */
  public static int run(String... args) {
    return new CommandLine(new Huddle()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    spec.commandLine().getErr().flush();
    return CommandLine.ExitCode.USAGE;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"Huddle " + SoftwareVersion.version()};
    }
  }
}
