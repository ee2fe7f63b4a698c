package org.huddle.focus.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.huddle.focus.bridge.Bridge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The hook against a tiny allocateserver on 127.0.0.1. */
class HttpAllocationStrategyTest {
  final Bridges bridges = new Bridges();
  final List<URI> asked = new CopyOnWriteArrayList<>();
  final SelectionRequest request =
      new SelectionRequest("standup@muc.meet.jitsi", "", "ann@example.com", 2);
  HttpServer server;
  volatile int status = 200;
  volatile String body = "{}";
  List<Bridge> candidates;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/allocate",
        exchange -> {
          asked.add(exchange.getRequestURI());
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, b.length);
          exchange.getResponseBody().write(b);
          exchange.close();
        });
    server.start();
    candidates =
        List.of(bridges.announce("jvb-1", 0.1, ""), bridges.announce("jvb-2.example", 0.2, ""));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  HttpAllocationStrategy hook() {
    return new HttpAllocationStrategy(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/allocate", Duration.ofSeconds(2));
  }

  @Test
  void asksAsAllocateserverIsAskedForAnInstantMeeting() throws Exception {
    body = "{\"sfu\": \"jvb-1\", \"turn\": \"1.2.3.4:3478\"}";
    hook().select(candidates, request);
    assertThat(asked).hasSize(1);
    assertThat(asked.get(0).getRawQuery())
        .isEqualTo(
            "Kind=SFUTURN&Email=ann%40example.com&BeginAt=0&EndAt=0&Room=standup%40muc.meet.jitsi");
  }

  @Test
  void asksWithTheOrganizerAndSpanOfAScheduledMeeting() throws Exception {
    body = "{\"sfu\": \"jvb-1\"}";
    hook()
        .select(
            candidates,
            new SelectionRequest(
                "review@muc.meet.jitsi",
                "",
                "olga@example.com",
                2,
                1_765_357_200L,
                1_765_360_800L));
    assertThat(asked.get(0).getRawQuery())
        .isEqualTo(
            "Kind=SFUTURN&Email=olga%40example.com&BeginAt=1765357200&EndAt=1765360800"
                + "&Room=review%40muc.meet.jitsi");
  }

  @Nested
  class Answers {
    @Test
    void aHostAndPortNamesTheBridgeByItsHost() throws Exception {
      body = "{\"sfu\": \"jvb-2.example:443\"}";
      assertThat(hook().select(candidates, request)).map(Bridge::nick).contains("jvb-2.example");
    }

    @Test
    void aBreweryJidNamesTheBridge() throws Exception {
      body = "{\"sfu\": \"jvbbrewery@internal-muc.meet.jitsi/jvb-1\"}";
      assertThat(hook().select(candidates, request)).map(Bridge::nick).contains("jvb-1");
    }

    @Test
    void aNon200AnswerMeansWait() {
      status = 503;
      assertThatThrownBy(() -> hook().select(candidates, request))
          .isInstanceOf(BridgeStrategy.NoBridge.class)
          .hasMessageContaining("503");
    }

    @Test
    void aBridgeNotInTheBreweryYetMeansWait() {
      body = "{\"sfu\": \"jvb-7.example:443\"}";
      assertThatThrownBy(() -> hook().select(candidates, request))
          .isInstanceOf(BridgeStrategy.NoBridge.class)
          .hasMessageContaining("jvb-7.example");
    }

    @Test
    void anAnswerThatIsNotJsonMeansTheLeastLoaded() throws Exception {
      body = "<html>oops</html>";
      assertThat(hook().select(candidates, request)).isEmpty();
    }
  }

  @Test
  void aHookThatCannotBeReachedMeansTheLeastLoaded() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    HttpAllocationStrategy down =
        new HttpAllocationStrategy("http://127.0.0.1:" + closed + "/x", Duration.ofSeconds(2));
    assertThat(down.select(candidates, request)).isEmpty();
  }
}
