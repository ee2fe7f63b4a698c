package org.huddle.xmpp.server.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of a test server's {@code /metrics}. */
public record Metrics(String text) {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public static Metrics of(TestServer server) {
    try {
      return new Metrics(
          HTTP.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body());
    } catch (Exception e) {
      throw new AssertionError("could not read /metrics", e);
    }
  }

  /** The value of {@code name{label="value"}}; fails when the series is missing. */
  public double value(String name, String label, String value) {
    Matcher m =
        Pattern.compile(
                "(?m)^"
                    + Pattern.quote(name)
                    + "\\{"
                    + Pattern.quote(label)
                    + "=\""
                    + Pattern.quote(value)
                    + "\"} ([0-9.eE+-]+)$")
            .matcher(text);
    if (!m.find()) {
      throw new AssertionError("no " + name + "{" + label + "=\"" + value + "\"} in\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }

  /** {@code huddle_xmpp_limit_refusals_total} for one limit ({@code connections}, ...). */
  public double refusals(String limit) {
    return value("huddle_xmpp_limit_refusals_total", "limit", limit);
  }

  /** {@code huddle_xmpp_throttled_total} for one transport. */
  public double throttled(String transport) {
    return value("huddle_xmpp_throttled_total", "transport", transport);
  }
}
