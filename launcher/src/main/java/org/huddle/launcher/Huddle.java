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
    avoidJettysMBeanQuery();
    // ice4j, jitsi-srtp and Smack log through java.util.logging: one format, one level, via SLF4J.
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    System.exit(run(args));
  }

  /**
   * Jetty sizes the padding of its thread pools' queues from the width of an object reference, and
   * without {@code org.eclipse.jetty.util.referencesPerCacheLine} asks the JVM through the platform
   * MBean server, whose creation registers every diagnostic command and loads some 240 classes (JMX
   * and JFR) that nothing else here uses: about 2 MB of RSS and 30 ms of start-up
   * (docs/BENCHMARKS.md, "Start-up and memory, third pass"). References are 4 bytes with compressed
   * oops, which the JVM uses for heaps under 32 GB, so a 64-byte cache line holds 16 of them.
   */
  static void avoidJettysMBeanQuery() {
    String key = "org.eclipse.jetty.util.referencesPerCacheLine";
    if (System.getProperty(key) == null) {
      boolean compressed = Runtime.getRuntime().maxMemory() < 31L * 1024 * 1024 * 1024;
      System.setProperty(key, compressed ? "16" : "8");
    }
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
