package org.huddle.xmpp.server.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.huddle.xmpp.server.limits.Limit;
import org.huddle.xmpp.server.session.SessionObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection log at INFO: one line per interval ({@code connection_log_interval}) summing up
 * what clients did, instead of several lines per connection (those are at DEBUG, under {@code
 * org.huddle.xmpp.server.session} and {@code .transport}). A quiet interval writes nothing.
 *
 * <pre>
 * connections in the last 1 minute: 12 opened (c2s 2, websocket 9, bosh 1), 10 closed, 11 logins,
 * 2 failed logins, 3 refused (unauthenticated 3), 1 throttled; open now: c2s 5, websocket 20, bosh 2
 * </pre>
 */
public final class ConnectionLog implements SessionObserver {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLog.class);

  private final Map<String, LongAdder> opened = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> open = new ConcurrentHashMap<>();
  private final LongAdder closed = new LongAdder();
  private final LongAdder logins = new LongAdder();
  private final LongAdder failedLogins = new LongAdder();
  private final LongAdder throttled = new LongAdder();
  private final Map<Limit, LongAdder> refused = new EnumMap<>(Limit.class);

  public ConnectionLog() {
    for (Limit l : Limit.values()) {
      refused.put(l, new LongAdder());
    }
  }

  /** Logs the summary every {@code interval} on the timer; a zero interval logs nothing. */
  public void start(ScheduledExecutorService timer, Duration interval) {
    if (interval.isZero() || interval.isNegative()) {
      return;
    }
    timer.scheduleAtFixedRate(
        () -> {
          String line = summary(interval);
          if (line != null) {
            LOG.info(line);
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * What happened since the last summary, as one line, and starts counting afresh; null if nothing.
   */
  public String summary(Duration period) {
    Map<String, Long> openedNow = new TreeMap<>();
    opened.forEach((t, n) -> openedNow.put(t, n.sumThenReset()));
    long openedTotal = openedNow.values().stream().mapToLong(Long::longValue).sum();
    long closedNow = closed.sumThenReset();
    long loginsNow = logins.sumThenReset();
    long failedNow = failedLogins.sumThenReset();
    long throttledNow = throttled.sumThenReset();
    Map<String, Long> refusedNow = new TreeMap<>();
    refused.forEach(
        (l, n) -> {
          long v = n.sumThenReset();
          if (v > 0) {
            refusedNow.put(l.label(), v);
          }
        });
    long refusedTotal = refusedNow.values().stream().mapToLong(Long::longValue).sum();
    if (openedTotal + closedNow + loginsNow + failedNow + throttledNow + refusedTotal == 0) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    parts.add(openedTotal + " opened" + breakdown(openedNow));
    parts.add(closedNow + " closed");
    parts.add(loginsNow + " logins");
    parts.add(failedNow + " failed logins");
    parts.add(refusedTotal + " refused" + breakdown(refusedNow));
    parts.add(throttledNow + " throttled");
    Map<String, Long> openNow = new TreeMap<>();
    open.forEach((t, n) -> openNow.put(t, n.get()));
    return "connections in the last "
        + human(period)
        + ": "
        + String.join(", ", parts)
        + "; open now: "
        + (openNow.isEmpty() ? "none" : list(openNow));
  }

  private static String breakdown(Map<String, Long> counts) {
    Map<String, Long> nonZero = new TreeMap<>(counts);
    nonZero.values().removeIf(v -> v == 0);
    return nonZero.isEmpty() ? "" : " (" + list(nonZero) + ")";
  }

  private static String list(Map<String, Long> counts) {
    List<String> items = new ArrayList<>();
    counts.forEach((k, v) -> items.add(k + " " + v));
    return String.join(", ", items);
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms % 60_000 == 0) {
      long m = ms / 60_000;
      return m + (m == 1 ? " minute" : " minutes");
    }
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  @Override
  public void connected(String transport) {
    opened.computeIfAbsent(transport, t -> new LongAdder()).increment();
    open.computeIfAbsent(transport, t -> new AtomicLong()).incrementAndGet();
  }

  @Override
  public void ended(String transport) {
    closed.increment();
    open.computeIfAbsent(transport, t -> new AtomicLong()).decrementAndGet();
  }

  @Override
  public void authenticated(String mechanism) {
    logins.increment();
  }

  @Override
  public void authenticationFailed(String mechanism) {
    failedLogins.increment();
  }

  @Override
  public void refused(Limit limit) {
    refused.get(limit).increment();
  }

  @Override
  public void throttled(String transport) {
    throttled.increment();
  }
}
