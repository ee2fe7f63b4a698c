package org.huddle.focus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Jicofo's HTTP API on the focus (docs/wire.md#http). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  HuddleDeployment d;

  @BeforeAll
  void start() throws Exception {
    d = new HuddleDeployment();
    d.startBridge("jvb-http");
    d.startFocus("focus.health.enabled = true");
    d.awaitBridges(1);
  }

  @AfterAll
  void stop() throws Exception {
    d.close();
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.focus.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.focus.httpPort() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Nested
  class Health {
    @Test
    void isOkWithTheXmppConnectionAndAnOperationalBridge() throws Exception {
      HttpResponse<String> r = get("/about/health");
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }

  @Nested
  class ConferenceRequest {
    @Test
    void answersReadyWithTheFocusJid() throws Exception {
      String room = FailoverTest.room("http");
      String request = "{\"room\":\"" + room + "\",\"properties\":{\"rtcstatsEnabled\":\"false\"}}";
      // ready=false means "not in the room yet, ask again", as lib-jitsi-meet does: the answer
      // waits up to xmpp.ready-wait (5 s), which a cold, loaded JVM can exceed on its first room.
      JsonNode body = null;
      for (int attempt = 0; attempt < 6; attempt++) {
        HttpResponse<String> r = post("/conference-request/v1", request);
        assertThat(r.statusCode()).isEqualTo(200);
        body = JSON.readTree(r.body());
        if (body.path("ready").asBoolean()) {
          break;
        }
      }
      assertThat(body.path("ready").asBoolean()).as("ready within six requests: %s", body).isTrue();
      assertThat(body.path("focusJid").asText()).isEqualTo("focus@auth.meet.jitsi");
      assertThat(body.path("room").asText()).isEqualToIgnoringCase(room);
    }

    @Test
    void aRequestWithoutRoomIsA400() throws Exception {
      HttpResponse<String> r = post("/conference-request/v1", "{}");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).startsWith("Bad request");
    }

    @Test
    void notJsonIsA400() throws Exception {
      assertThat(post("/conference-request/v1", "room=x").statusCode()).isEqualTo(400);
    }
  }

  @Nested
  class Observability {
    @Test
    void metricsArePrometheusText() throws Exception {
      HttpResponse<String> r = get("/metrics");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("# TYPE").contains("huddle_focus_");
    }

    @Test
    void statsAreJsonWithConferenceAndBridgeCounts() throws Exception {
      HttpResponse<String> r = get("/stats");
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.has("conferences")).isTrue();
      assertThat(body.has("participants")).isTrue();
    }
  }
}
