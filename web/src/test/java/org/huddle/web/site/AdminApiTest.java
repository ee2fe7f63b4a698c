package org.huddle.web.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.huddle.common.config.Settings;
import org.huddle.records.AuditAction;
import org.huddle.records.ClientKind;
import org.huddle.records.RecordEvent;
import org.huddle.records.RecordEvent.Audit;
import org.huddle.records.RecordEvent.MeetingEnded;
import org.huddle.records.RecordEvent.MeetingStarted;
import org.huddle.records.RecordEvent.ParticipantJoined;
import org.huddle.records.RecordEvent.ParticipantLeft;
import org.huddle.records.Records;
import org.huddle.records.testing.TestDatabase;
import org.huddle.web.WebConfig;
import org.huddle.web.WebServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The admin API over real HTTP on 127.0.0.1, reading records in the machine's PostgreSQL and in the
 * embedded H2 default.
 */
class AdminApiTest {
  private static final String TOKEN = "s3cret-admin-token";
  private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static WebConfig config() {
    return WebConfig.fromEnvironment(
        Settings.Env.of(Map.of("HUDDLE_BIND_ADDRESS", "127.0.0.1", "HTTP_PORT", "0")));
  }

  private static List<RecordEvent> meeting() {
    String room = "standup@muc.meet.jitsi";
    return List.of(
        new MeetingStarted("m1", room, T0),
        new ParticipantJoined("p1", "m1", "a1", "Alice", ClientKind.HUDDLE_WEB, T0),
        new ParticipantJoined(
            "p2",
            "m1",
            "b2",
            "=HYPERLINK(\"http://x\",\"y, z\")",
            ClientKind.JITSI,
            T0.plusSeconds(60)),
        new Audit("k1", T0.plusSeconds(90), room, AuditAction.KICK, room + "/a1", "b2", "too loud"),
        new RecordEvent.MediaQuality("m1", "a1", T0.plusSeconds(590), 997, 3, 1_250_400, 2),
        new ParticipantLeft("p2", T0.plusSeconds(90)),
        new ParticipantLeft("p1", T0.plusSeconds(600)),
        new MeetingEnded("m1", T0.plusSeconds(600)),
        new MeetingStarted("m2", "retro@muc.meet.jitsi", T0.plusSeconds(86_400)));
  }

  private HttpResponse<String> get(WebServer web, String path, String token, String accept)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path))
            .timeout(Duration.ofSeconds(20));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (accept != null) {
      b.header("Accept", accept);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(WebServer web, String path) throws Exception {
    return get(web, path, TOKEN, null);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void theAdminReadsMeetingsParticipantsTimelineStatsAndAuditAsJsonAndCsv(TestDatabase.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        Records records = Records.open(db.config());
        WebServer web = WebServer.start(config(), null, TOKEN, records)) {
      records.writeNow(meeting());

      assertThat(get(web, "/api/meetings", null, null).statusCode()).isEqualTo(401);
      assertThat(get(web, "/api/meetings", "wrong", null).statusCode()).isEqualTo(401);

      HttpResponse<String> all = get(web, "/api/meetings");
      assertThat(all.statusCode()).isEqualTo(200);
      assertThat(all.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      assertThat(all.body()).containsSubsequence("\"id\":\"m2\"", "\"id\":\"m1\"");
      assertThat(get(web, "/api/meetings?room=standup").body())
          .contains("\"id\":\"m1\"", "\"peakParticipants\":2")
          .doesNotContain("m2");
      assertThat(get(web, "/api/meetings?from=2026-12-08").body())
          .contains("\"id\":\"m2\"")
          .doesNotContain("\"id\":\"m1\"");

      HttpResponse<String> one = get(web, "/api/meetings/m1");
      assertThat(one.statusCode()).isEqualTo(200);
      assertThat(one.body())
          .containsSubsequence(
              "\"participants\":[", "\"name\":\"Alice\"", "\"seconds\":600", "\"seconds\":30")
          .containsSubsequence(
              "\"timeline\":[",
              "\"event\":\"join\",\"who\":\"Alice\"",
              "\"event\":\"join\"",
              "\"event\":\"KICK\"",
              "\"event\":\"leave\"",
              "\"event\":\"leave\",\"who\":\"Alice\"");

      assertThat(one.body())
          .contains(
              "\"media\":[{\"endpoint\":\"a1\",\"at\":\"2026-12-07T08:09:50Z\","
                  + "\"packetsReceived\":997,\"packetsLost\":3,\"lossPercent\":0.3,"
                  + "\"bitrateBps\":1250400,\"layerSwitches\":2}]");

      HttpResponse<String> csv = get(web, "/api/meetings/m1/participants?format=csv");
      assertThat(csv.statusCode()).isEqualTo(200);
      assertThat(csv.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
      assertThat(csv.body().split("\r\n"))
          .containsExactly(
              "endpoint,name,client,joined,left,seconds",
              "a1,Alice,huddle-web,2026-12-07T08:00:00Z,2026-12-07T08:10:00Z,600",
              "b2,\"'=HYPERLINK(\"\"http://x\"\",\"\"y, z\"\")\",jitsi,2026-12-07T08:01:00Z,"
                  + "2026-12-07T08:01:30Z,30");
      assertThat(get(web, "/api/audit", TOKEN, "text/csv").body())
          .startsWith("at,room,action,actor,target,detail\r\n")
          .contains("KICK,standup@muc.meet.jitsi/a1,b2,too loud");
      assertThat(get(web, "/api/audit?action=kick").body()).contains("\"action\":\"KICK\"");
      assertThat(get(web, "/api/audit?action=MUTE").body()).isEqualTo("{\"audit\":[]}\n");

      HttpResponse<String> stats = get(web, "/api/stats?from=2026-12-07&to=2026-12-09");
      assertThat(stats.statusCode()).isEqualTo(200);
      assertThat(stats.body())
          .contains("\"meetings\":2", "\"peakConcurrency\":2")
          .contains(
              "{\"date\":\"2026-12-07\",\"meetings\":1,\"participantMinutes\":10,\"peakConcurrency\":2}")
          .contains(
              "{\"date\":\"2026-12-08\",\"meetings\":1,\"participantMinutes\":0,\"peakConcurrency\":0}");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void badInputGetsA400NamingWhatIsWrongAndInjectionIsJustText(TestDatabase.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        Records records = Records.open(db.config());
        WebServer web = WebServer.start(config(), null, TOKEN, records)) {
      records.writeNow(meeting());
      Map<String, String> bad =
          Map.of(
              "/api/meetings?from=yesterday", "from: expected a time",
              "/api/meetings?limit=0", "limit: a whole number from 1 to 1000",
              "/api/meetings?limit=abc", "limit: a whole number",
              "/api/meetings?offset=-1", "offset:",
              "/api/meetings?rooom=standup", "unknown parameter 'rooom'",
              "/api/meetings?from=2026-12-09&to=2026-12-08", "from must be before to",
              "/api/audit?action=DROP%20TABLE", "action: one of",
              "/api/stats?from=2020-01-01&to=2026-01-01", "at most 366 days",
              "/api/meetings?format=xml", "format: csv or json",
              "/api/meetings?room=a&room=b", "more than once");
      for (Map.Entry<String, String> e : bad.entrySet()) {
        HttpResponse<String> r = get(web, e.getKey());
        assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
        assertThat(r.body()).as(e.getKey()).contains(e.getValue());
      }
      for (String attack :
          List.of(
              "x'%20OR%20'1'='1",
              "standup@muc.meet.jitsi'%20--", "'%3B%20DROP%20TABLE%20meeting%3B%20--")) {
        HttpResponse<String> r = get(web, "/api/meetings?room=" + attack);
        assertThat(r.statusCode()).as(attack).isEqualTo(200);
        assertThat(r.body()).as(attack).isEqualTo("{\"meetings\":[]}\n");
      }
      assertThat(get(web, "/api/meetings").body()).as("nothing was dropped").contains("m1", "m2");
      assertThat(get(web, "/api/meetings/nope").statusCode()).isEqualTo(404);
      assertThat(get(web, "/api/meetings/m1/participants?format=csv&x=1").statusCode())
          .isEqualTo(400);
      assertThat(get(web, "/api/nothing").statusCode()).isEqualTo(404);
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + "/api/meetings"))
                  .header("Authorization", "Bearer " + TOKEN)
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }

  private HttpResponse<String> send(WebServer web, String method, String path, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void anOrganizerSchedulesChangesAndCancelsAMeetingAndTheInvitationsGoOut(TestDatabase.Kind kind)
      throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    com.icegreen.greenmail.util.GreenMail smtp =
        new com.icegreen.greenmail.util.GreenMail(
            new com.icegreen.greenmail.util.ServerSetup(
                port, "127.0.0.1", com.icegreen.greenmail.util.ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try (TestDatabase db = TestDatabase.create(kind)) {
      org.huddle.records.RecordsConfig c =
          new org.huddle.records.RecordsConfig(
              true,
              db.config().target(),
              1000,
              new org.huddle.records.RecordsConfig.Mail(
                  List.of(org.huddle.records.schedule.MailServer.parse("smtp://127.0.0.1:" + port)),
                  "huddle@meet.jitsi",
                  Duration.ofSeconds(5)));
      WebConfig withUrl =
          WebConfig.fromEnvironment(
              Settings.Env.of(
                  Map.of(
                      "HUDDLE_BIND_ADDRESS", "127.0.0.1",
                      "HTTP_PORT", "0",
                      "PUBLIC_URL", "https://meet.example.com")));
      try (Records records = Records.open(c);
          WebServer web = WebServer.start(withUrl, null, TOKEN, records)) {
        HttpResponse<String> created =
            send(
                web,
                "POST",
                "/api/schedule",
                "{\"room\":\"planning\",\"title\":\"Q1 planning\",\"begin\":\"2026-12-10T09:00:00Z\","
                    + "\"end\":\"2026-12-10T10:00:00Z\",\"organizer\":\"olga@example.com\","
                    + "\"invitees\":[\"ann@example.com\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = created.body().replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
        assertThat(smtp.waitForIncomingEmail(20_000, 2))
            .as("ann's and olga's invitations")
            .isTrue();
        assertThat(
                com.icegreen.greenmail.util.GreenMailUtil.getWholeMessage(
                    smtp.getReceivedMessages()[0]))
            .contains("METHOD:REQUEST", "https://meet.example.com/planning");

        assertThat(get(web, "/api/schedule?from=2026-12-10T00:00:00Z").body())
            .contains("\"id\":\"" + id + "\"", "\"title\":\"Q1 planning\"");
        HttpResponse<String> moved =
            send(
                web,
                "PUT",
                "/api/schedule/" + id,
                "{\"room\":\"planning\",\"title\":\"Q1 planning\",\"begin\":\"2026-12-10T10:00:00Z\","
                    + "\"end\":\"2026-12-10T11:00:00Z\",\"organizer\":\"olga@example.com\","
                    + "\"invitees\":[\"ann@example.com\"]}");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(moved.body()).contains("\"sequence\":1");
        assertThat(smtp.waitForIncomingEmail(20_000, 4)).isTrue();
        HttpResponse<String> cancelled = send(web, "DELETE", "/api/schedule/" + id, "");
        assertThat(cancelled.body()).contains("\"cancelled\":true", "\"sequence\":2");
        assertThat(smtp.waitForIncomingEmail(20_000, 6)).isTrue();
        assertThat(
                com.icegreen.greenmail.util.GreenMailUtil.getWholeMessage(
                    smtp.getReceivedMessages()[5]))
            .contains("METHOD:CANCEL");

        Map<String, String> bad =
            Map.of(
                "not json", "not JSON",
                "[]", "JSON object",
                "{\"room\":\"x\"}", "title: a string",
                "{\"room\":\"x y\",\"title\":\"t\",\"begin\":\"2026-12-10T09:00:00Z\",\"end\":\"2026-12-10T10:00:00Z\",\"organizer\":\"o@x.org\"}",
                    "room:",
                "{\"room\":\"x\",\"title\":\"t\",\"begin\":\"tomorrow\",\"end\":\"2026-12-10T10:00:00Z\",\"organizer\":\"o@x.org\"}",
                    "begin:",
                "{\"room\":\"x\",\"title\":\"t\",\"begin\":\"2026-12-10T09:00:00Z\",\"end\":\"2026-12-10T10:00:00Z\",\"organizer\":\"o@x.org\",\"invitees\":[\"a@x.org\\r\\nBcc: z@x.org\"]}",
                    "invitees:");
        for (Map.Entry<String, String> e : bad.entrySet()) {
          HttpResponse<String> r = send(web, "POST", "/api/schedule", e.getKey());
          assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
          assertThat(r.body()).as(e.getKey()).contains(e.getValue());
        }
        assertThat(
                send(web, "PUT", "/api/schedule/" + id, created.body().replace(id, "x"))
                    .statusCode())
            .as("a cancelled meeting is not changed")
            .isIn(400, 404);
        assertThat(send(web, "DELETE", "/api/schedule/nope", "").statusCode()).isEqualTo(404);
        assertThat(send(web, "PATCH", "/api/schedule", "").statusCode()).isEqualTo(405);
      }
    } finally {
      smtp.stop();
    }
  }

  @org.junit.jupiter.api.Test
  void withoutATokenOrRecordsTheApiSaysWhy() throws Exception {
    try (WebServer web = WebServer.start(config(), null, "", null)) {
      HttpResponse<String> r = get(web, "/api/meetings", "anything", null);
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.body()).contains("HUDDLE_ADMIN_TOKEN");
    }
    try (WebServer web = WebServer.start(config(), null, TOKEN, null)) {
      HttpResponse<String> r = get(web, "/api/meetings");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("records are off");
    }
  }
}
