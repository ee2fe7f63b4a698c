package org.huddle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code huddle all} from the packaged jar, as a newcomer runs it: the XMPP server with the room
 * policy plugins, a videobridge, the focus and the web app in one JVM of their own, on free
 * loopback ports, with the secrets it makes up itself. {@link #start} returns once the web app is
 * healthy and the focus sees an operational bridge ({@code JICOFO_ENABLE_HEALTH_CHECKS}).
 */
final class HuddleAll implements AutoCloseable {
  private static final Duration READY_WITHIN = Duration.ofSeconds(120);

  final Process process;
  final Path log;
  final int xmppPort;
  final int webPort;
  final int focusPort;

  private HuddleAll(Process process, Path log, int xmppPort, int webPort, int focusPort) {
    this.process = process;
    this.log = log;
    this.xmppPort = xmppPort;
    this.webPort = webPort;
    this.focusPort = focusPort;
  }

  /**
   * Starts {@code huddle all} with its data and log ({@code roles.log}) in {@code dir}; the
   * bridge's forwarding decisions, with each receiver's bandwidth estimate, are logged at DEBUG to
   * help read a media failure.
   */
  static HuddleAll start(Path dir) throws Exception {
    return start(dir, Map.of(), Map.of());
  }

  /**
   * As {@link #start(Path)}, with more environment (ENABLE_AUTH, ...) and accounts made first with
   * {@code huddle user add}, as an operator makes them (JID to password).
   */
  static HuddleAll start(Path dir, Map<String, String> extraEnv, Map<String, String> accounts)
      throws Exception {
    Files.createDirectories(dir);
    Path jar = Path.of(System.getProperty("huddle.dist.jar", "../dist/huddle.jar"));
    assertThat(jar).as("dist/huddle.jar (built by the launcher module)").isRegularFile();
    Path log = dir.resolve("roles.log");
    Path logback = dir.resolve("roles-logback.xml");
    Files.writeString(
        logback,
        """
        <configuration>
          <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n</pattern></encoder>
          </appender>
          <logger name="org.eclipse.jetty" level="WARN"/>
          <logger name="org.huddle.videobridge.conference.ForwardingPlan" level="DEBUG"/>
          <root level="INFO"><appender-ref ref="OUT"/></root>
        </configuration>
        """);
    int xmpp = freeTcpPort();
    int web = freeTcpPort();
    int focus = freeTcpPort();
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + logback,
                "-jar",
                jar.toString(),
                "all")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("HUDDLE_BIND_ADDRESS", "127.0.0.1");
    env.put("HUDDLE_DATA_PATH", dir.resolve("data").toAbsolutePath().toString());
    env.put("XMPP_PORT", Integer.toString(xmpp));
    env.put("XMPP_COMPONENT_PORT", "0");
    env.put("PROSODY_HTTP_PORT", Integer.toString(freeTcpPort()));
    env.put("JVB_PORT", Integer.toString(freeUdpPort()));
    env.put("HUDDLE_JVB_WS_PORT", "0");
    env.put("HUDDLE_JVB_REST_PORT", Integer.toString(freeTcpPort()));
    env.put("HTTP_PORT", Integer.toString(web));
    env.put("PUBLIC_URL", "http://127.0.0.1:" + web);
    env.put("HUDDLE_FOCUS_HTTP_PORT", Integer.toString(focus));
    env.put("JICOFO_ENABLE_HEALTH_CHECKS", "true");
    for (String secret :
        List.of("JVB_AUTH_PASSWORD", "JICOFO_AUTH_PASSWORD", "JICOFO_COMPONENT_SECRET")) {
      env.remove(secret); // 'all' makes them up
    }
    env.putAll(extraEnv);
    for (Map.Entry<String, String> account : accounts.entrySet()) {
      addAccount(jar, env, account.getKey(), account.getValue());
    }
    HuddleAll all = new HuddleAll(pb.start(), log, xmpp, web, focus);
    try {
      all.awaitReady();
    } catch (Throwable t) {
      all.close();
      throw t;
    }
    return all;
  }

  /**
   * {@code huddle user add <jid>} with the password on stdin, in the data folder {@code all} uses.
   */
  private static void addAccount(Path jar, Map<String, String> env, String jid, String password)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "user",
                "add",
                jid)
            .redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      in.write((password + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("huddle user add %s finished", jid).isTrue();
    assertThat(p.exitValue()).as("huddle user add %s: %s", jid, out).isZero();
  }

  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (status(webPort) != 200 || status(focusPort) != 200) {
      assertThat(process.isAlive())
          .as("huddle all stopped before it was up; see %s:%n%s", log, tail(30))
          .isTrue();
      assertThat(System.nanoTime())
          .as(
              "huddle all was not up within %d s (web %d, focus %d); see %s:%n%s",
              READY_WITHIN.toSeconds(), status(webPort), status(focusPort), log, tail(30))
          .isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  /** The web app's address. */
  String url() {
    return "http://127.0.0.1:" + webPort;
  }

  /** The focus's health: 200 while it is logged in and sees an operational bridge. */
  int focusHealth() {
    return status(focusPort);
  }

  /** The last {@code n} lines of the roles' log. */
  String tail(int n) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** SIGTERM, then SIGKILL after 30 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** {@code GET /about/health} on a loopback port: the status, or -1 when nothing answers. */
  static int status(int port) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/about/health"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
