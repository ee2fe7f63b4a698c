package org.huddle.xmpp.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huddle.xmpp.server.limits.Limit;
import org.huddle.xmpp.server.testing.RawClient;
import org.huddle.xmpp.server.testing.TestServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ConnectionLogTest {
  @Nested
  class Summary {
    final ConnectionLog log = new ConnectionLog();

    @Test
    void sumsUpAnIntervalInOneLineAndStartsAfresh() {
      log.connected("c2s");
      log.connected("websocket");
      log.connected("websocket");
      log.authenticated("ANONYMOUS");
      log.authenticationFailed("PLAIN");
      log.refused(Limit.UNAUTHENTICATED);
      log.throttled("websocket");
      log.ended("websocket");
      assertThat(log.summary(Duration.ofMinutes(1)))
          .isEqualTo(
              "connections in the last 1 minute: 3 opened (c2s 1, websocket 2), 1 closed, 1 logins,"
                  + " 1 failed logins, 1 refused (unauthenticated 1), 1 throttled;"
                  + " open now: c2s 1, websocket 1");
      log.ended("c2s");
      assertThat(log.summary(Duration.ofSeconds(30)))
          .isEqualTo(
              "connections in the last 30 s: 0 opened, 1 closed, 0 logins, 0 failed logins,"
                  + " 0 refused, 0 throttled; open now: c2s 0, websocket 1");
    }

    @Test
    void aQuietIntervalSaysNothing() {
      assertThat(log.summary(Duration.ofMinutes(1))).isNull();
      log.connected("bosh");
      log.summary(Duration.ofMinutes(1));
      assertThat(log.summary(Duration.ofMinutes(1))).isNull();
    }
  }

  /** Collects the INFO (and above) lines of the whole server. */
  static final class Lines extends AppenderBase<ILoggingEvent> {
    final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent e) {
      if (e.getLevel().isGreaterOrEqual(Level.INFO)) {
        events.add(e);
      }
    }

    long total(String pattern) {
      Pattern p = Pattern.compile(pattern);
      long n = 0;
      for (ILoggingEvent e : events) {
        if (e.getLoggerName().equals(ConnectionLog.class.getName())) {
          Matcher m = p.matcher(e.getFormattedMessage());
          if (m.find()) {
            n += Long.parseLong(m.group(1));
          }
        }
      }
      return n;
    }
  }

  @Test
  void aClientsConnectionLogsNothingAtInfoButTheSummaryCountsIt() throws Exception {
    Logger server = (Logger) LoggerFactory.getLogger("org.huddle.xmpp.server");
    Lines lines = new Lines();
    lines.start();
    server.addAppender(lines);
    try (TestServer s =
        TestServer.start(Map.of("HUDDLE_CONNECTION_LOG_INTERVAL", "200 ms"), null)) {
      int before = lines.events.size();
      try (RawClient raw = RawClient.loggedInAnonymously(s.port())) {
        raw.send("</stream:stream>").readUntil("</stream:stream>", Duration.ofSeconds(5));
      }
      await("the summary counts the connection")
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(lines.total("(\\d+) opened")).isEqualTo(1);
                assertThat(lines.total("(\\d+) logins")).isEqualTo(1);
                assertThat(lines.total("(\\d+) closed")).isEqualTo(1);
              });
      List<String> perConnection =
          lines.events.subList(before, lines.events.size()).stream()
              .filter(e -> !e.getLoggerName().equals(ConnectionLog.class.getName()))
              .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
              .toList();
      assertThat(perConnection).as("INFO lines about the one connection").isEmpty();
    } finally {
      server.detachAppender(lines);
    }
  }
}
