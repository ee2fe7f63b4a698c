package org.huddle.launcher.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huddle.common.config.Settings.Env;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.VideobridgeConfig;
import org.huddle.web.SelfCheck;
import org.huddle.web.WebConfig;
import org.huddle.web.WebServer;
import org.huddle.xmpp.server.XmppServer;
import org.huddle.xmpp.server.config.XmppConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code huddle doctor} against the roles on loopback (the XMPP server, a bridge bound to
 * 127.0.0.1, the web role, a real coturn): everything passes, and a wrong advertised address, or a
 * wrong TURN secret, fails with its fix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DoctorTest {
  static final String SECRET = "doctor-turn-secret";
  Path data;
  final Map<String, String> env = new HashMap<>();
  XmppServer xmpp;
  Videobridge bridge;
  WebServer web;
  Process coturn;

  @BeforeAll
  void start() throws Exception {
    data = java.nio.file.Files.createTempDirectory("doctor-test");
    int turnPort = freePort();
    coturn =
        new ProcessBuilder(
                "turnserver",
                "--listening-ip=127.0.0.1",
                "--relay-ip=127.0.0.1",
                "--listening-port=" + turnPort,
                "--use-auth-secret",
                "--static-auth-secret=" + SECRET,
                "--realm=meet.jitsi",
                "--no-cli",
                "--no-tls",
                "--no-dtls",
                "-n")
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("coturn.log").toFile())
            .start();
    env.put("HUDDLE_BIND_ADDRESS", "127.0.0.1");
    env.put("XMPP_PORT", "0");
    env.put("XMPP_COMPONENT_PORT", "0");
    env.put("PROSODY_HTTP_PORT", "0");
    env.put("HUDDLE_DATA_PATH", data.toString());
    env.put("JVB_AUTH_PASSWORD", "jvb-pw-1");
    env.put("XMPP_SERVER", "127.0.0.1");
    env.put("JVB_PORT", Integer.toString(freePort()));
    env.put("JVB_TCP_PORT", Integer.toString(freePort()));
    env.put("HUDDLE_JVB_WS_PORT", Integer.toString(freePort()));
    env.put("HUDDLE_JVB_REST_PORT", "0");
    env.put("DOCKER_HOST_ADDRESS", "127.0.0.1");
    env.put("TURN_HOST", "127.0.0.1");
    env.put("TURN_PORT", Integer.toString(turnPort));
    env.put("TURN_TRANSPORT", "udp,tcp");
    env.put("TURN_CREDENTIALS", SECRET);
    xmpp = XmppServer.start(XmppConfigLoader.load(Optional.empty(), Env.of(env)));
    env.put("XMPP_PORT", Integer.toString(xmpp.c2sPort()));
    env.put("XMPP_BOSH_URL_BASE", "http://127.0.0.1:" + xmpp.httpPort());
    bridge = Videobridge.start(VideobridgeConfig.fromEnvironment(Env.of(env)));
    env.put("HUDDLE_COLIBRI_WS_URL_BASE", "http://127.0.0.1:" + bridge.publicHttpPort());
    SelfCheck checks =
        () -> {
          try {
            Report r = doctor(Map.of()).run();
            return new SelfCheck.Result(r.failed(), r.text(), r.json());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        };
    // Chosen last: the bridge's XMPP connection takes an ephemeral port, which a port chosen
    // before it started could be (CI once failed to bind 35037 here).
    env.put("HTTP_PORT", Integer.toString(freePort()));
    web = WebServer.start(WebConfig.fromEnvironment(Env.of(env)), checks, "admin-token");
    waitForTcp(turnPort);
  }

  @AfterAll
  void stop() {
    if (web != null) {
      web.close();
    }
    if (bridge != null) {
      bridge.close();
    }
    if (xmpp != null) {
      xmpp.close();
    }
    if (coturn != null) {
      coturn.destroy();
    }
  }

  Doctor doctor(Map<String, String> changes) throws IOException {
    Map<String, String> e = new HashMap<>(env);
    e.putAll(changes);
    return Doctor.fromEnvironment(Env.of(e), Duration.ofSeconds(2), false);
  }

  @Test
  void everyCheckPassesWhenTheAdvertisedAddressLeadsToTheBridge() throws Exception {
    Report r = doctor(Map.of()).run();
    assertThat(r.checks()).as(r.text()).allMatch(c -> c.status() == Check.Status.OK);
    assertThat(r.text())
        .contains("the bridge advertises [127.0.0.1]")
        .contains("STUN echo over UDP to 127.0.0.1:" + env.get("JVB_PORT"))
        .contains("STUN echo over TCP to 127.0.0.1:" + env.get("JVB_TCP_PORT"))
        .contains("TURN Allocate over UDP")
        .contains("TURN Allocate over TCP")
        .contains("meeting page")
        .contains("BOSH")
        .contains("XMPP WebSocket")
        .contains("reached the bridge");
    assertThat(r.failed()).isFalse();
  }

  @Test
  void aWrongAdvertisedAddressFailsTheEchoWithTheFix() throws Exception {
    Report r = doctor(Map.of("DOCKER_HOST_ADDRESS", "127.0.0.2")).run();
    List<Check> echoes = r.checks().stream().filter(c -> c.what().startsWith("STUN echo")).toList();
    assertThat(echoes).as(r.text()).hasSize(2).allMatch(c -> c.status() == Check.Status.FAIL);
    assertThat(echoes)
        .allMatch(
            c -> c.fix().contains("not forwarded") && c.fix().contains("DOCKER_HOST_ADDRESS"));
    assertThat(r.failed()).isTrue();
  }

  @Test
  void aWrongTurnSecretFailsTheAllocationWithTheFix() throws Exception {
    Report r = doctor(Map.of("TURN_CREDENTIALS", "not-the-secret")).run();
    List<Check> turn = r.checks().stream().filter(c -> c.what().startsWith("TURN")).toList();
    assertThat(turn).as(r.text()).hasSize(2).allMatch(c -> c.status() == Check.Status.FAIL);
    assertThat(turn).allMatch(c -> c.fix().contains("static-auth-secret"));
  }

  @Test
  void theWebRolesDoctorPageNeedsTheAdminToken() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI page = URI.create("http://127.0.0.1:" + web.port() + "/about/doctor");
    HttpResponse<String> wrong =
        http.send(
            HttpRequest.newBuilder(page).header("Authorization", "Bearer nope").build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(wrong.statusCode()).isEqualTo(401);
    HttpResponse<String> right =
        http.send(
            HttpRequest.newBuilder(page)
                .header("Authorization", "Bearer admin-token")
                .header("Accept", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
    assertThat(right.body()).startsWith("{\"ok\":true,\"checks\":[");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void waitForTcp(int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("coturn did not start on port " + port);
  }
}
