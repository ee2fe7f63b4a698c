package org.huddle.videobridge.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.videobridge.testkit.TestBridges;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The private REST API over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  Videobridge bridge;

  @BeforeAll
  void start() throws Exception {
    bridge = TestBridges.start("");
    bridge.colibri2().handle(Colibri2Requests.conferenceModify("rest-meeting", true));
  }

  @AfterAll
  void stop() {
    bridge.close();
  }

  HttpResponse<String> get(Videobridge b, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.privateHttpPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(Videobridge b, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.privateHttpPort() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Nested
  class About {
    @Test
    void healthIsOkWithAnEmptyBody() throws Exception {
      HttpResponse<String> r = get(bridge, "/about/health");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEmpty();
    }

    @Test
    void versionNamesTheBridgeItsVersionAndOs() throws Exception {
      JsonNode v = JSON.readTree(get(bridge, "/about/version").body());
      assertThat(v.path("name").asText()).isNotBlank();
      assertThat(v.path("version").asText()).isEqualTo(bridge.config().version());
      assertThat(v.path("os").asText()).isNotBlank();
    }

    @Test
    void anUnknownPathIs404() throws Exception {
      assertThat(get(bridge, "/nope").statusCode()).isEqualTo(404);
    }
  }

  @Nested
  class Statistics {
    @Test
    void statsHaveTheKeysTheFocusReads() throws Exception {
      JsonNode s = JSON.readTree(get(bridge, "/colibri/stats").body());
      assertThat(s.path("conferences").asInt()).isGreaterThanOrEqualTo(1);
      for (String key :
          new String[] {
            "stress_level",
            "region",
            "drain",
            "graceful_shutdown",
            "healthy",
            "version",
            "participants",
            "endpoints",
            "largest_conference",
            "total_ice_failed"
          }) {
        assertThat(s.has(key)).as(key).isTrue();
      }
      assertThat(s.path("current_timestamp").asText())
          .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}");
    }

    @Test
    void metricsAreInThePrometheusTextFormat() throws Exception {
      HttpResponse<String> r = get(bridge, "/metrics");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
      assertThat(r.body()).contains("# TYPE huddle_videobridge_conferences gauge");
      assertThat(r.body()).containsPattern("huddle_videobridge_conferences \\d");
    }
  }

  @Nested
  class Control {
    @Test
    void drainCanBeTurnedOnAndOff() throws Exception {
      assertThat(post(bridge, "/colibri/drain/enable", "").statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(get(bridge, "/colibri/stats").body()).path("drain").asBoolean())
          .isTrue();
      assertThat(post(bridge, "/colibri/drain/disable", "").statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(get(bridge, "/colibri/stats").body()).path("drain").asBoolean())
          .isFalse();
    }

    @Test
    void shutdownStopsTheBridge() throws Exception {
      Videobridge other = TestBridges.start("");
      int port = other.privateHttpPort();
      assertThat(post(other, "/colibri/shutdown", "{\"graceful-shutdown\": true}").statusCode())
          .isEqualTo(200);
      await().atMost(Duration.ofSeconds(15)).until(() -> !other.isHealthy());
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () -> {
                try {
                  http.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + port + "/about/health"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
                  return false;
                } catch (java.io.IOException e) {
                  return true;
                }
              });
    }

    @Test
    void shutdownIsRefusedWhenNotEnabled() throws Exception {
      try (Videobridge other = TestBridges.start("videobridge.rest.shutdown-enabled = false")) {
        assertThat(post(other, "/colibri/shutdown", "").statusCode()).isEqualTo(404);
        assertThat(other.isHealthy()).isTrue();
      }
    }
  }
}
