package org.huddle.deployment;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.huddle.focus.Scenario;
import org.huddle.focus.TestParticipant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code huddle all}, as a newcomer runs it: the XMPP server, the videobridge, the focus and the
 * web app in one JVM (sharing Smack's static provider registry). The focus must see the bridge in
 * the brewery, and two participants must get a session-initiate from it and exchange media through
 * the bridge.
 */
class AllRolesInOneJvmIT {
  @TempDir Path dir;

  @Test
  void twoParticipantsGetASessionFromTheFocusAndExchangeMediaThroughTheBridge() throws Exception {
    Path jar = Path.of(System.getProperty("huddle.dist.jar", "../dist/huddle.jar"));
    assertThat(jar).as("the packaged jar (mvn package builds it)").exists();
    int xmpp = freeTcpPort();
    int focus = freeTcpPort();
    int rest = freeTcpPort();
    int media;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      media = s.getLocalPort();
    }
    Path log = dir.resolve("all.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                jar.toString(),
                "all")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("HUDDLE_BIND_ADDRESS", "127.0.0.1");
    env.put("XMPP_PORT", Integer.toString(xmpp));
    env.put("XMPP_COMPONENT_PORT", "0");
    env.put("PROSODY_HTTP_PORT", Integer.toString(freeTcpPort()));
    env.put("HUDDLE_DATA_PATH", dir.resolve("data").toString());
    env.put("JVB_PORT", Integer.toString(media));
    env.put("HUDDLE_JVB_WS_PORT", "0");
    env.put("HUDDLE_JVB_REST_PORT", Integer.toString(rest));
    env.put("HTTP_PORT", Integer.toString(freeTcpPort()));
    env.put("HUDDLE_FOCUS_HTTP_PORT", Integer.toString(focus));
    // With this on, the focus is healthy only once it sees an operational bridge in the brewery.
    env.put("JICOFO_ENABLE_HEALTH_CHECKS", "true");
    env.remove("JVB_AUTH_PASSWORD");
    env.remove("JICOFO_AUTH_PASSWORD");
    env.remove("JICOFO_COMPONENT_SECRET");
    Process p = pb.start();
    List<TestParticipant> call = new ArrayList<>();
    try {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
      while (httpStatus(focus) != 200) {
        assertThat(p.isAlive()).as("huddle all runs: %s", Files.readString(log)).isTrue();
        assertThat(Instant.now())
            .as("the focus sees an operational bridge: %s", Files.readString(log))
            .isBefore(deadline);
        Thread.sleep(250);
      }
      for (int i = 0; i < 2; i++) {
        TestParticipant t =
            new TestParticipant(
                xmpp, "daily-standup@muc.meet.jitsi", "all" + i, 90_000L * (i + 1), true);
        call.add(t);
        assertThat(t.requestConference("focus.meet.jitsi").attr("type")).isEqualTo("result");
        t.join();
      }
      for (TestParticipant t : call) {
        t.acceptSession();
      }
      Scenario.exchangeMedia(call, Duration.ofSeconds(30));
      for (TestParticipant t : call) {
        assertThat(t.knownOwners()).as("%s knows the other's sources", t.nick).isNotEmpty();
      }
    } finally {
      call.forEach(TestParticipant::close);
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  private static int httpStatus(int port) {
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
}
