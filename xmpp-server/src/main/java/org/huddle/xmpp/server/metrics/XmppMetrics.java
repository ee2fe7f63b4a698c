package org.huddle.xmpp.server.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.huddle.xmpp.server.limits.Limit;
import org.huddle.xmpp.server.muc.MucService;
import org.huddle.xmpp.server.session.SessionObserver;

/**
 * The XMPP role's Prometheus metrics: sessions by transport, stanzas in and out by kind, MUC rooms
 * and occupants by service, authentication outcomes by mechanism, refusals by per-address limit and
 * byte-rate pauses by transport. One registry per server, so several servers in one JVM (tests, the
 * {@code all} role) don't mix their numbers.
 */
public final class XmppMetrics implements SessionObserver {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Gauge sessions;
  private final Counter connections;
  private final Counter stanzasIn;
  // Every stanza counts once each way: the data point per kind is looked up once, not per stanza
  // (labelValues builds a label list for its map), and no metric keeps exemplars (no tracing here;
  // sampling them costs a scheduled task on the metrics library's own thread).
  private final Map<String, CounterDataPoint> stanzasInByKind = new ConcurrentHashMap<>();
  private final Map<String, CounterDataPoint> stanzasOutByKind = new ConcurrentHashMap<>();
  private final Counter stanzasOut;
  private final Counter authSuccess;
  private final Counter authFailures;
  private final Counter refusals;
  private final Counter throttled;

  public XmppMetrics(Supplier<Collection<MucService>> mucs) {
    sessions =
        Gauge.builder()
            .withoutExemplars()
            .name("huddle_xmpp_sessions")
            .help("Open client sessions, by transport (c2s, websocket, bosh)")
            .labelNames("transport")
            .register(registry);
    connections =
        Counter.builder()
            .withoutExemplars()
            .name("huddle_xmpp_connections_total")
            .help("Client stream connections opened, by transport")
            .labelNames("transport")
            .register(registry);
    stanzasIn =
        Counter.builder()
            .withoutExemplars()
            .name("huddle_xmpp_stanzas_in_total")
            .help("Stanzas received from clients, by kind")
            .labelNames("kind")
            .register(registry);
    stanzasOut =
        Counter.builder()
            .withoutExemplars()
            .name("huddle_xmpp_stanzas_out_total")
            .help("Stanzas sent to clients, by kind")
            .labelNames("kind")
            .register(registry);
    authSuccess =
        Counter.builder()
            .withoutExemplars()
            .name("huddle_xmpp_auth_success_total")
            .help("Successful SASL authentications, by mechanism")
            .labelNames("mechanism")
            .register(registry);
    authFailures =
        Counter.builder()
            .withoutExemplars()
            .name("huddle_xmpp_auth_failures_total")
            .help("Failed SASL authentications, by mechanism")
            .labelNames("mechanism")
            .register(registry);
    refusals =
        Counter.builder()
            .withoutExemplars()
            .name("huddle_xmpp_limit_refusals_total")
            .help(
                "Connections, streams, sessions, BOSH sessions and component handshakes refused by a"
                    + " per-address limit, by limit")
            .labelNames("limit")
            .register(registry);
    throttled =
        Counter.builder()
            .withoutExemplars()
            .name("huddle_xmpp_throttled_total")
            .help("Times a client connection sent faster than its byte rate and was paused")
            .labelNames("transport")
            .register(registry);
    GaugeWithCallback.builder()
        .name("huddle_xmpp_muc_rooms")
        .help("MUC rooms, by service")
        .labelNames("service")
        .callback(cb -> mucs.get().forEach(m -> cb.call(m.rooms().size(), m.host().name())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("huddle_xmpp_muc_occupants")
        .help("MUC occupants, by service")
        .labelNames("service")
        .callback(cb -> mucs.get().forEach(m -> cb.call(m.occupantCount(), m.host().name())))
        .register(registry);
    for (String t : new String[] {"c2s", "websocket", "bosh"}) {
      sessions.labelValues(t).set(0);
      throttled.labelValues(t);
    }
    for (Limit l : Limit.values()) {
      refusals.labelValues(l.label());
    }
  }

  /** Writes the metrics in Prometheus text format. */
  public void write(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }

  public String contentType() {
    return writer.getContentType();
  }

  @Override
  public void connected(String transport) {
    sessions.labelValues(transport).inc();
    connections.labelValues(transport).inc();
  }

  @Override
  public void ended(String transport) {
    sessions.labelValues(transport).dec();
  }

  @Override
  public void stanzaIn(String kind) {
    stanzasInByKind.computeIfAbsent(kind, k -> stanzasIn.labelValues(k)).inc();
  }

  @Override
  public void stanzaOut(String kind) {
    stanzasOutByKind.computeIfAbsent(kind, k -> stanzasOut.labelValues(k)).inc();
  }

  @Override
  public void authenticated(String mechanism) {
    authSuccess.labelValues(mechanism == null ? "none" : mechanism).inc();
  }

  @Override
  public void authenticationFailed(String mechanism) {
    authFailures.labelValues(mechanism == null ? "none" : mechanism).inc();
  }

  @Override
  public void refused(Limit limit) {
    refusals.labelValues(limit.label()).inc();
  }

  @Override
  public void throttled(String transport) {
    throttled.labelValues(transport).inc();
  }
}
