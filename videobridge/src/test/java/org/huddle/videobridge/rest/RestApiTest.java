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
  static final String TOKEN = "test-token"; // TestBridges' rest.token
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

  /** A POST as an operator's script sends it: with the bridge's token. */
  HttpResponse<String> post(Videobridge b, String path, String body) throws Exception {
    return post(b, path, body, "Authorization", "Bearer " + TOKEN);
  }

  HttpResponse<String> post(Videobridge b, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.privateHttpPort() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      r.headers(headers);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  boolean draining(Videobridge b) throws Exception {
    return JSON.readTree(get(b, "/colibri/stats").body()).path("drain").asBoolean();
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

  /** State-changing calls: a token, and nothing a cross-site page could send. */
  @Nested
  class Guard {
    @Test
    void withoutAConfiguredTokenEveryStateChangingCallIsRefusedWithTheReason() throws Exception {
      try (Videobridge open = TestBridges.start("videobridge.rest.token = \"\"")) {
        for (String path : new String[] {"/colibri/drain/enable", "/colibri/shutdown"}) {
          HttpResponse<String> r = post(open, path, "", "Authorization", "Bearer anything");
          assertThat(r.statusCode()).as(path).isEqualTo(403);
          assertThat(r.body()).as(path).contains("JVB_REST_TOKEN");
        }
        assertThat(draining(open)).isFalse();
        assertThat(open.isHealthy()).isTrue();
      }
    }

    @Test
    void aMissingOrWrongTokenIs401() throws Exception {
      HttpResponse<String> none = post(bridge, "/colibri/drain/enable", "", new String[0]);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("www-authenticate")).hasValue("Bearer");
      HttpResponse<String> wrong =
          post(bridge, "/colibri/drain/enable", "", "Authorization", "Bearer " + TOKEN + "x");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(
              post(bridge, "/colibri/drain/enable", "", "Authorization", "Basic " + TOKEN)
                  .statusCode())
          .isEqualTo(401);
      assertThat(draining(bridge)).isFalse();
    }

    @Test
    void aForeignOriginIsRefusedEvenWithTheTokenAndTheOwnOriginIsNot() throws Exception {
      HttpResponse<String> r =
          post(
              bridge,
              "/colibri/drain/enable",
              "",
              "Authorization",
              "Bearer " + TOKEN,
              "Origin",
              "http://evil.example");
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.body()).contains("cross-origin");
      assertThat(
              post(
                      bridge,
                      "/colibri/drain/enable",
                      "",
                      "Authorization",
                      "Bearer " + TOKEN,
                      "Origin",
                      "null")
                  .statusCode())
          .isEqualTo(403);
      assertThat(
              post(
                      bridge,
                      "/colibri/drain/enable",
                      "",
                      "Authorization",
                      "Bearer " + TOKEN,
                      "Sec-Fetch-Site",
                      "cross-site")
                  .statusCode())
          .isEqualTo(403);
      assertThat(draining(bridge)).isFalse();
      String own = "http://127.0.0.1:" + bridge.privateHttpPort();
      assertThat(
              post(
                      bridge,
                      "/colibri/drain/disable",
                      "",
                      "Authorization",
                      "Bearer " + TOKEN,
                      "Origin",
                      own)
                  .statusCode())
          .isEqualTo(200);
    }

    @Test
    void theContentTypesOfACorsSimpleRequestAre415() throws Exception {
      for (String type :
          new String[] {
            "text/plain",
            "text/plain;charset=UTF-8",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x"
          }) {
        HttpResponse<String> r =
            post(
                bridge,
                "/colibri/drain/enable",
                "{}",
                "Authorization",
                "Bearer " + TOKEN,
                "Content-Type",
                type);
        assertThat(r.statusCode()).as(type).isEqualTo(415);
        assertThat(r.headers().firstValue("connection"))
            .as("a refusal leaves the body unread, so it closes the connection and says so")
            .contains("close");
      }
      assertThat(draining(bridge)).isFalse();
      assertThat(
              post(
                      bridge,
                      "/colibri/drain/disable",
                      "{}",
                      "Authorization",
                      "Bearer " + TOKEN,
                      "Content-Type",
                      "application/json")
                  .statusCode())
          .isEqualTo(200);
    }

    @Test
    void healthStatsAndMetricsStayOpenWithoutAToken() throws Exception {
      for (String path : new String[] {"/about/health", "/colibri/stats", "/metrics"}) {
        assertThat(get(bridge, path).statusCode()).as(path).isEqualTo(200);
      }
    }
  }
}
