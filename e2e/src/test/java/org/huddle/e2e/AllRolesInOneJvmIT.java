package org.huddle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huddle.focus.Scenario;
import org.huddle.focus.TestParticipant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code huddle all}, as a newcomer runs it: the XMPP server, the videobridge, the focus and the
 * web app in one JVM (sharing Smack's static provider registry). The focus must see the bridge in
 * the brewery, and two scripted Jitsi participants must get a session-initiate from it and exchange
 * media through the bridge.
 */
class AllRolesInOneJvmIT {
  @TempDir Path dir;

  @Test
  void twoParticipantsGetASessionFromTheFocusAndExchangeMediaThroughTheBridge() throws Exception {
    List<TestParticipant> call = new ArrayList<>();
    try (HuddleAll all =
        HuddleAll.start(dir, Map.of("HUDDLE_ADMIN_TOKEN", ADMIN_TOKEN), Map.of())) {
      try {
        for (int i = 0; i < 2; i++) {
          TestParticipant t =
              new TestParticipant(
                  all.xmppPort, "daily-standup@muc.meet.jitsi", "all" + i, 90_000L * (i + 1), true);
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
      }
      // The focus kept the meeting in the embedded records, and the admin API shows it.
      String meeting = awaitMeetingWithParticipants(all.webPort, 2);
      assertThat(meeting)
          .contains("\"room\":\"daily-standup@muc.meet.jitsi\"", "\"endpoint\":\"all0\"")
          .contains("\"endpoint\":\"all1\"", "\"bridges\":[{\"bridge\":");
    }
  }

  private static final String ADMIN_TOKEN = "all-roles-admin";

  /** Polls /api/meetings until a meeting has {@code n} participations; returns its detail. */
  private static String awaitMeetingWithParticipants(int webPort, int n) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      String list = get(http, webPort, "/api/meetings?room=daily-standup");
      Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(list);
      if (id.find()) {
        last = get(http, webPort, "/api/meetings/" + id.group(1));
        if (last.split("\"endpoint\":", -1).length - 1 >= n) {
          return last;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no meeting with " + n + " participants in /api/meetings: " + last);
  }

  private static String get(HttpClient http, int port, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }
}
