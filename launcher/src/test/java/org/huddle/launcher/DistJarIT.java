package org.huddle.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code dist/huddle.jar} as an operator runs it: a real process, configured by
 * environment variables, serving a login, and stopping cleanly on SIGTERM.
 */
class DistJarIT {
  @TempDir Path data;

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void theJarRunsTheXmppRoleAndStopsOnSigterm() throws Exception {
    Path jar = Path.of(System.getProperty("huddle.dist.jar", "../dist/huddle.jar"));
    assertThat(jar).as("dist/huddle.jar is built by 'mvn package'").exists();
    int port = freePort();
    Path log = data.resolve("huddle.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-jar",
                    jar.toString(),
                    "xmpp"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("HUDDLE_BIND_ADDRESS", "127.0.0.1");
    pb.environment().put("XMPP_PORT", Integer.toString(port));
    pb.environment().put("XMPP_COMPONENT_PORT", "0");
    pb.environment().put("PROSODY_HTTP_PORT", "0");
    pb.environment().put("HUDDLE_DATA_PATH", data.resolve("data").toString());
    pb.environment().put("JICOFO_AUTH_PASSWORD", "pw");
    // This test's raw client logs in without TLS (c2s requires STARTTLS by default; the probe and
    // InternalClientsTest cover the encrypted path).
    pb.environment().put("PROSODY_C2S_REQUIRE_ENCRYPTION", "false");
    // Connection events are DEBUG; the INFO summary comes every second here.
    pb.environment().put("HUDDLE_CONNECTION_LOG_INTERVAL", "1 second");
    Process p = pb.start();
    try {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while (!Files.readString(log).contains("XMPP server started")) {
        assertThat(p.isAlive()).as("huddle xmpp is running: %s", Files.readString(log)).isTrue();
        assertThat(Instant.now()).as("started: %s", Files.readString(log)).isBefore(deadline);
        Thread.sleep(200);
      }
      String got = loginAnonymously(port, Duration.ofSeconds(60));
      assertThat(probe("xmpp", "127.0.0.1:" + port)).as("huddle probe xmpp").isZero();
      assertThat(probe("xmpp", "127.0.0.1:" + freePort())).as("nothing listening").isEqualTo(1);
      assertThat(got).contains("<success").contains("</jid>");
      Instant summaryBy = Instant.now().plus(Duration.ofSeconds(20));
      while (!java.util.regex.Pattern.compile("[1-9][0-9]* logins")
          .matcher(Files.readString(log))
          .find()) {
        assertThat(Instant.now()).as("a connection summary counts the login").isBefore(summaryBy);
        Thread.sleep(200);
      }
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
      String output = Files.readString(log);
      assertThat(output).contains("XMPP server started").contains("XMPP server stopped");
      assertThat(output).contains("account focus@auth.meet.jitsi set");
      assertThat(data.resolve("data/auth%2emeet%2ejitsi/accounts/focus.properties")).exists();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void allRunsTheXmppServerAVideobridgeThatJoinsItsBreweryTheFocusAndTheWebApp() throws Exception {
    Path jar = Path.of(System.getProperty("huddle.dist.jar", "../dist/huddle.jar"));
    int xmpp = freePort();
    int http = freePort();
    int rest = freePort();
    int web = freePort();
    int focus = freePort();
    int media;
    try (java.net.DatagramSocket s =
        new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      media = s.getLocalPort();
    }
    Path log = data.resolve("all.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-jar",
                    jar.toString(),
                    "all"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("HUDDLE_BIND_ADDRESS", "127.0.0.1");
    env.put("XMPP_PORT", Integer.toString(xmpp));
    env.put("XMPP_COMPONENT_PORT", "0");
    env.put("PROSODY_HTTP_PORT", Integer.toString(http));
    env.put("HUDDLE_DATA_PATH", data.resolve("data").toString());
    env.put("JVB_PORT", Integer.toString(media));
    env.put("HUDDLE_JVB_WS_PORT", "0");
    env.put("HUDDLE_JVB_REST_PORT", Integer.toString(rest));
    env.put("HTTP_PORT", Integer.toString(web));
    env.put("HUDDLE_FOCUS_HTTP_PORT", Integer.toString(focus));
    env.remove("JVB_AUTH_PASSWORD"); // 'all' makes one up and gives it to both roles
    Process p = pb.start();
    try {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
      while (!Files.readString(log).contains("joined jvbbrewery@internal-muc.meet.jitsi")) {
        assertThat(p.isAlive()).as("huddle all is running: %s", Files.readString(log)).isTrue();
        assertThat(Instant.now())
            .as("the bridge joined the brewery: %s", Files.readString(log))
            .isBefore(deadline);
        Thread.sleep(250);
      }
      assertThat(get(http, "/about/health")).isEqualTo(200);
      assertThat(get(rest, "/about/health")).isEqualTo(200);
      assertThat(probe("http", "http://127.0.0.1:" + rest + "/about/health")).isZero();
      // The focus answers on its HTTP port once it is logged in and sees the bridge.
      Instant focusDeadline = Instant.now().plus(Duration.ofSeconds(60));
      while (get(focus, "/about/health") != 200) {
        assertThat(Instant.now())
            .as("the focus became healthy: %s", Files.readString(log))
            .isBefore(focusDeadline);
        Thread.sleep(250);
      }
      // The web app, with the meeting app built into the jar, and its proxy to the XMPP server.
      assertThat(get(web, "/about/health")).isEqualTo(200);
      assertThat(body(web, "/config.js")).contains("\"muc\":\"muc.meet.jitsi\"");
      assertThat(get(web, "/daily-standup")).isEqualTo(200);
      assertThat(
              post(
                  web,
                  "/http-bind",
                  "<body rid='1' xmlns='http://jabber.org/protocol/httpbind' to='meet.jitsi'"
                      + " xml:lang='en' wait='60' hold='1' ver='1.6' xmpp:version='1.0'"
                      + " xmlns:xmpp='urn:xmpp:xbosh'/>"))
          .contains("sid=");
      p.destroy();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
    } finally {
      p.destroyForcibly();
    }
  }

  /** Runs {@code huddle probe ...} from the jar; returns its exit status. */
  private static int probe(String... args) throws Exception {
    Path jar = Path.of(System.getProperty("huddle.dist.jar", "../dist/huddle.jar"));
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                jar.toString(),
                "probe"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  private static int get(int port, String path) throws Exception {
    return exchange(port, path, null).statusCode();
  }

  private static String body(int port, String path) throws Exception {
    return exchange(port, path, null).body();
  }

  private static String post(int port, String path, String body) throws Exception {
    return exchange(port, path, body).body();
  }

  /** A GET, or a POST of an XML body, to 127.0.0.1. */
  private static java.net.http.HttpResponse<String> exchange(int port, String path, String post)
      throws Exception {
    var request =
        java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + port + path));
    if (post != null) {
      request
          .header("Content-Type", "text/xml; charset=utf-8")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(post));
    }
    return java.net.http.HttpClient.newHttpClient()
        .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  private static String loginAnonymously(int port, Duration patience) throws Exception {
    Instant deadline = Instant.now().plus(patience);
    while (true) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        String header =
            "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
                + " to='meet.jitsi' version='1.0'>";
        StringBuilder got = new StringBuilder();
        out.write(header.getBytes(UTF_8));
        read(in, got, "</stream:features>");
        out.write(
            "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>"
                .getBytes(UTF_8));
        read(in, got, "<success");
        out.write(header.getBytes(UTF_8));
        read(in, got, "<bind");
        out.write(
            "<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>"
                .getBytes(UTF_8));
        read(in, got, "</jid>");
        return got.toString();
      } catch (java.net.ConnectException e) {
        if (Instant.now().isAfter(deadline)) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  private static void read(InputStream in, StringBuilder got, String marker) throws Exception {
    byte[] buf = new byte[4096];
    while (!got.toString().contains(marker)) {
      int n = in.read(buf);
      if (n < 0) {
        throw new AssertionError("closed before " + marker + ": " + got);
      }
      got.append(new String(buf, 0, n, UTF_8));
    }
  }
}
