package org.huddle.web.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.huddle.common.config.Settings;
import org.huddle.records.Accounts.Role;
import org.huddle.records.Records;
import org.huddle.records.testing.TestDatabase;
import org.huddle.web.WebConfig;
import org.huddle.web.WebServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Accounts over real HTTP, in PostgreSQL and in H2: logging in and out with a session cookie,
 * organizers kept to their own scheduled meetings, login limits, and every state-changing call in
 * the audit log with the caller's name and never a password.
 */
class AdminLoginTest {
  private static final String TOKEN = "s3cret-admin-token";
  private static final String OLGA_PW = "olga's long password";
  private static final String ADA_PW = "ada's long password";
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private WebServer web;

  private HttpResponse<String> send(String method, String path, String cookie, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> withToken(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + TOKEN)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Logs in and returns the cookie to send back ("huddle_session=..."). */
  private String logsIn(String name, String password) throws Exception {
    HttpResponse<String> r =
        send(
            "POST",
            "/api/login",
            null,
            "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie)
        .startsWith("huddle_session=")
        .containsIgnoringCase("HttpOnly")
        .containsIgnoringCase("SameSite=Strict")
        .containsIgnoringCase("Max-Age=28800")
        .contains("Path=/api/")
        .doesNotContainIgnoringCase("secure");
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private static String plan(String room, String organizer) {
    Instant begin = Instant.now().plus(Duration.ofDays(1));
    return "{\"room\":\""
        + room
        + "\",\"title\":\"Planning\",\"begin\":\""
        + begin
        + "\",\"end\":\""
        + begin.plus(Duration.ofHours(1))
        + "\""
        + (organizer == null ? "" : ",\"organizer\":\"" + organizer + "\"")
        + ",\"invitees\":[\"guest@example.org\"]}";
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void anOrganizerLogsInAndSchedulesOnlyItsOwnMeetingsAndTheAdminSeesItAudited(
      TestDatabase.Kind kind) throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        Records records = Records.open(db.config())) {
      records.accounts().put("olga", OLGA_PW, Role.ORGANIZER, "olga@example.org");
      records.accounts().put("ada", ADA_PW, Role.ADMIN, "ada@example.org");
      WebConfig config =
          WebConfig.fromEnvironment(
              Settings.Env.of(Map.of("HUDDLE_BIND_ADDRESS", "127.0.0.1", "HTTP_PORT", "0")));
      try (WebServer w = WebServer.start(config, null, TOKEN, records)) {
        web = w;
        assertThat(send("GET", "/api/schedule", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong =
            send("POST", "/api/login", null, "{\"name\":\"olga\",\"password\":\"guess-one\"}");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        String olga = logsIn("olga", OLGA_PW);
        assertThat(send("GET", "/api/me", olga, null).body())
            .contains("\"name\":\"olga\"", "\"role\":\"organizer\"", "olga@example.org");

        // The organizer's meeting is organized by its account's e-mail, whatever the body says.
        HttpResponse<String> created =
            send("POST", "/api/schedule", olga, plan("olgas-planning", "ceo@example.org"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body())
            .contains("\"organizer\":\"olga@example.org\"")
            .contains("\"link\":\"https://meet.jitsi/olgas-planning\"");
        String id = created.body().replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
        HttpResponse<String> tokens =
            withToken("POST", "/api/schedule", plan("board", "ceo@example.org"));
        assertThat(tokens.statusCode()).isEqualTo(201);
        String boardId = tokens.body().replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");

        assertThat(send("GET", "/api/schedule", olga, null).body())
            .contains("olgas-planning")
            .doesNotContain("board");
        assertThat(send("GET", "/api/schedule/" + boardId, olga, null).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/api/schedule/" + boardId, olga, null).statusCode())
            .isEqualTo(403);
        assertThat(send("GET", "/api/meetings", olga, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/audit", olga, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/accounts", olga, null).statusCode()).isEqualTo(403);
        assertThat(
                send("PUT", "/api/schedule/" + id, olga, plan("olgas-planning", null)).statusCode())
            .isEqualTo(200);
        assertThat(send("DELETE", "/api/schedule/" + id, olga, null).statusCode()).isEqualTo(200);

        // Logging out ends the session.
        assertThat(send("POST", "/api/logout", olga, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/schedule", olga, null).statusCode()).isEqualTo(401);
        // An account removed elsewhere (huddle admin, another process) loses its sessions too.
        String again = logsIn("olga", OLGA_PW);
        assertThat(records.accounts().remove("olga")).isTrue();
        assertThat(send("GET", "/api/schedule", again, null).statusCode()).isEqualTo(401);

        // The admin account sees everything, and changes accounts.
        String ada = logsIn("ada", ADA_PW);
        assertThat(send("GET", "/api/schedule", ada, null).body()).contains("board");
        HttpResponse<String> added =
            send(
                "PUT",
                "/api/accounts/newbie",
                ada,
                "{\"password\":\"newbie's password\",\"role\":\"organizer\","
                    + "\"email\":\"newbie@example.org\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(send("GET", "/api/accounts", ada, null).body())
            .contains("newbie")
            .doesNotContain("argon2");
        HttpResponse<String> badAccount =
            send("PUT", "/api/accounts/x%27%20OR%201=1", ada, "{\"password\":\"long enough pw\"}");
        assertThat(badAccount.statusCode()).isEqualTo(400);
        assertThat(badAccount.body()).startsWith("name:");

        await().atMost(TestDatabase.PATIENCE).until(() -> records.written() >= 10);
        String audit = send("GET", "/api/audit?limit=100", ada, null).body();
        assertThat(audit)
            .contains("\"action\":\"LOGIN_FAILED\"", "\"actor\":\"olga\"")
            .contains("\"action\":\"LOGIN\"")
            .contains("\"action\":\"LOGOUT\"")
            .contains("\"action\":\"SCHEDULE_CREATED\"")
            .contains("\"action\":\"SCHEDULE_CHANGED\"")
            .contains("\"action\":\"SCHEDULE_CANCELLED\"")
            .contains("\"actor\":\"admin-token\"")
            .contains("\"action\":\"ACCOUNT_CHANGED\"", "\"target\":\"newbie\"")
            .doesNotContain(OLGA_PW, ADA_PW, "guess-one", "newbie's password");
        // The token keeps working beside the accounts.
        assertThat(withToken("GET", "/api/audit?action=login", null).statusCode()).isEqualTo(200);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void failedLoginsAreLimitedPerNameAndBadBodiesGetA400(TestDatabase.Kind kind) throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        Records records = Records.open(db.config())) {
      records.accounts().put("olga", OLGA_PW, Role.ORGANIZER, "olga@example.org");
      WebConfig config =
          WebConfig.fromEnvironment(
              Settings.Env.of(Map.of("HUDDLE_BIND_ADDRESS", "127.0.0.1", "HTTP_PORT", "0")));
      try (WebServer w = WebServer.start(config, null, TOKEN, records)) {
        web = w;
        HttpResponse<String> notJson = send("POST", "/api/login", null, "name=olga");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("not JSON");
        HttpResponse<String> noPassword = send("POST", "/api/login", null, "{\"name\":\"olga\"}");
        assertThat(noPassword.statusCode()).isEqualTo(400);
        assertThat(noPassword.body()).startsWith("password:");
        assertThat(send("GET", "/api/login", null, null).statusCode()).isEqualTo(405);
        String guess = "{\"name\":\"OLGA\",\"password\":\"' OR '1'='1\"}";
        for (int i = 0; i < LoginLimits.PER_NAME; i++) {
          assertThat(send("POST", "/api/login", null, guess).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> limited = send("POST", "/api/login", null, guess);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
            .isPositive();
        // Even the right password waits: the name is locked, not the guess.
        String right = "{\"name\":\"olga\",\"password\":\"" + OLGA_PW + "\"}";
        assertThat(send("POST", "/api/login", null, right).statusCode()).isEqualTo(429);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void behindHttpsTheSessionCookieIsSecure() throws Exception {
    try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
        Records records = Records.open(db.config())) {
      records.accounts().put("ada", ADA_PW, Role.ADMIN, null);
      WebConfig config =
          WebConfig.fromEnvironment(
              Settings.Env.of(
                  Map.of(
                      "HUDDLE_BIND_ADDRESS", "127.0.0.1",
                      "HTTP_PORT", "0",
                      "PUBLIC_URL", "https://meet.example.com")));
      try (WebServer w = WebServer.start(config, null, TOKEN, records)) {
        web = w;
        HttpResponse<String> r =
            send("POST", "/api/login", null, "{\"name\":\"ada\",\"password\":\"" + ADA_PW + "\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Set-Cookie").orElseThrow())
            .containsIgnoringCase("; Secure")
            .containsIgnoringCase("HttpOnly");
      }
    }
  }
}
