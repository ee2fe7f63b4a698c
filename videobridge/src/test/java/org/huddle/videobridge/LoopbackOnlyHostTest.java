package org.huddle.videobridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.huddle.common.config.Settings;
import org.huddle.videobridge.testkit.TestBridges;
import org.huddle.videobridge.testkit.TestConference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A host whose only interface is loopback (a container without a network, a fresh network
 * namespace): with the default bind address the bridge starts on 127.0.0.1 and says so once,
 * instead of exiting with "no interface to bind UDP port 10000 on".
 */
class LoopbackOnlyHostTest {
  @Test
  void theBridgeFallsBackTo127001WithOneWarningAndCarriesMedia() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    VideobridgeConfig config = TestBridges.config("videobridge.ice.bind-address = \"0.0.0.0\"");
    List<InetAddress> onlyLoopback =
        List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"));
    try (Videobridge bridge = Videobridge.start(config, () -> onlyLoopback);
        TestConference conference = new TestConference(bridge, "loopback-only")) {
      assertThat(bridge.mediaAddresses()).containsExactly(InetAddress.getByName("127.0.0.1"));
      conference.join("alice", null); // ICE and DTLS over the fallback address
      List<String> warnings =
          log.list.stream()
              .filter(e -> e.getLevel() == Level.WARN)
              .filter(e -> e.getLoggerName().startsWith("org.huddle.videobridge"))
              .map(ILoggingEvent::getFormattedMessage)
              .toList();
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0)).contains("loopback", "127.0.0.1", "HUDDLE_BIND_ADDRESS");
    } finally {
      root.detachAppender(log);
    }
  }

  /**
   * The same in a real network namespace with nothing but {@code lo} ({@code unshare -n}, which
   * needs root), with every default but XMPP: the process a container would run.
   */
  @Test
  void inANetworkNamespaceWithOnlyLoopbackTheDefaultsStart(@TempDir Path dir) throws Exception {
    assumeThat(new ProcessBuilder("unshare", "-n", "true").start().waitFor())
        .as("unshare -n works here (root)")
        .isZero();
    Path conf = dir.resolve("vb.conf");
    Files.writeString(conf, "videobridge.xmpp.enabled = false\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                "unshare",
                "-n",
                "sh",
                "-c",
                "ip link set lo up && exec \"$0\" \"$@\"",
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Dvb.conf=" + conf,
                "-cp",
                System.getProperty("java.class.path"),
                StartAndStop.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.log").toFile())
            .start();
    p.getOutputStream().close();
    boolean ended = p.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String out = Files.readString(dir.resolve("out.log"), StandardCharsets.UTF_8);
    assertThat(ended).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("STARTED media=[127.0.0.1] udp=10000 tcp=4443");
    assertThat(out.lines().filter(l -> l.contains("WARN") && l.contains("loopback")).count())
        .as(out)
        .isEqualTo(1);
  }

  /** Starts a bridge from the environment, as {@code huddle videobridge} does, then stops. */
  public static final class StartAndStop {
    public static void main(String[] args) throws Exception {
      var env = new java.util.HashMap<>(System.getenv());
      env.put(VideobridgeConfig.FILE_VARIABLE, System.getProperty("vb.conf", ""));
      try (Videobridge bridge =
          Videobridge.start(VideobridgeConfig.fromEnvironment(Settings.Env.of(env)))) {
        System.out.println(
            "STARTED media="
                + bridge.mediaAddresses().stream().map(InetAddress::getHostAddress).toList()
                + " udp="
                + bridge.udpPort()
                + " tcp="
                + bridge.tcpPort());
      }
      System.exit(0);
    }
  }
}
