package org.huddle.xmpp.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a server holds for clients, to check that bad input leaves nothing behind: open BOSH
 * sessions (the HTTP listener's registry), bound sessions (the router), and open client sessions on
 * every transport, bound or not ({@code huddle_xmpp_sessions} from {@code /metrics}).
 */
public record SessionCounts(int bosh, int bound, int c2s, int websocket, int boshXmpp) {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The counts now. */
  public static SessionCounts of(TestServer server) {
    String metrics;
    try {
      metrics =
          HTTP.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
    } catch (Exception e) {
      throw new AssertionError("could not read /metrics", e);
    }
    return new SessionCounts(
        server.server().boshSessions(),
        server.server().router().sessions().count(),
        gauge(metrics, "c2s"),
        gauge(metrics, "websocket"),
        gauge(metrics, "bosh"));
  }

  private static int gauge(String metrics, String transport) {
    Matcher m =
        Pattern.compile(
                "(?m)^huddle_xmpp_sessions\\{transport=\"" + transport + "\"} ([0-9.eE+-]+)$")
            .matcher(metrics);
    if (!m.find()) {
      throw new AssertionError("no huddle_xmpp_sessions for " + transport + " in\n" + metrics);
    }
    return (int) Double.parseDouble(m.group(1));
  }

  /** Waits (up to 10 s) until the server holds exactly what it held at {@code before}. */
  public static void awaitBackTo(TestServer server, SessionCounts before) {
    await("no session leaked: back to " + before)
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(of(server)).isEqualTo(before));
  }
}
