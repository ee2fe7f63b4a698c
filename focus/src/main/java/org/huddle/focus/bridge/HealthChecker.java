package org.huddle.focus.bridge;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.huddle.focus.xml.Xml;
import org.huddle.focus.xmpp.StanzaLink;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jicofo's bridge doctor: every interval, a {@code healthcheck} IQ to each bridge. An empty result
 * is healthy; an error answer fails the bridge at once; no answer is asked again once, at once, and
 * a second silence fails it. So a bridge that stops answering is failed at most interval + two
 * timeouts after it stopped.
 */
public final class HealthChecker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);
  static final String NS = WireNamespaces.HEALTHCHECK;

  private final BridgeRegistry registry;
  private final StanzaLink link;
  private final Duration interval;
  private final Duration timeout;
  private final Map<Bridge, Boolean> inFlight = new java.util.concurrent.ConcurrentHashMap<>();
  private ScheduledFuture<?> timer;

  public HealthChecker(
      BridgeRegistry registry, StanzaLink link, Duration interval, Duration timeout) {
    this.registry = registry;
    this.link = link;
    this.interval = interval;
    this.timeout = timeout;
  }

  public void start(ScheduledExecutorService scheduler) {
    timer =
        scheduler.scheduleWithFixedDelay(
            this::checkAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Checks every bridge now. */
  public void checkAll() {
    for (Bridge b : registry.all()) {
      if (inFlight.putIfAbsent(b, true) == null) {
        check(b, true).whenComplete((v, e) -> inFlight.remove(b));
      }
    }
  }

  private CompletableFuture<Void> check(Bridge b, boolean retry) {
    Element iq = Xml.iq("get", b.jid(), new Element("healthcheck", NS));
    return link.request(iq, timeout)
        .handle(
            (answer, e) -> {
              Throwable cause = e instanceof CompletionException ? e.getCause() : e;
              if (answer != null && !Xml.isError(answer)) {
                registry.healthy(b);
              } else if (answer != null) {
                registry.failed(b, "health check answered " + Xml.errorCondition(answer));
              } else if (cause instanceof java.io.IOException) {
                LOG.debug("health check of {} not sent: {}", b, cause.getMessage());
              } else if (cause instanceof TimeoutException && retry) {
                LOG.info("health check of {} timed out; asking again", b);
                return check(b, false);
              } else {
                registry.failed(b, "health check: " + cause);
              }
              return CompletableFuture.<Void>completedFuture(null);
            })
        .thenCompose(f -> f);
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
