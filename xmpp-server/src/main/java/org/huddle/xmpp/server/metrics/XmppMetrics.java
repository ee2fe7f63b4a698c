package org.huddle.xmpp.server.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.function.Supplier;
import org.huddle.xmpp.server.muc.MucService;
import org.huddle.xmpp.server.session.SessionObserver;

/**
 * The XMPP role's Prometheus metrics: sessions by transport, stanzas in and out by kind, MUC rooms
 * and occupants by service, authentication outcomes by mechanism. One registry per server, so
 * several servers in one JVM (tests, the {@code all} role) don't mix their numbers.
 */
public final class XmppMetrics implements SessionObserver {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Gauge sessions;
  private final Counter connections;
  private final Counter stanzasIn;
  private final Counter stanzasOut;
  private final Counter authSuccess;
  private final Counter authFailures;

  public XmppMetrics(Supplier<Collection<MucService>> mucs) {
    sessions =
        Gauge.builder()
            .name("huddle_xmpp_sessions")
            .help("Open client sessions, by transport (c2s, websocket, bosh)")
            .labelNames("transport")
            .register(registry);
    connections =
        Counter.builder()
            .name("huddle_xmpp_connections_total")
            .help("Client stream connections opened, by transport")
            .labelNames("transport")
            .register(registry);
    stanzasIn =
        Counter.builder()
            .name("huddle_xmpp_stanzas_in_total")
            .help("Stanzas received from clients, by kind")
            .labelNames("kind")
            .register(registry);
    stanzasOut =
        Counter.builder()
            .name("huddle_xmpp_stanzas_out_total")
            .help("Stanzas sent to clients, by kind")
            .labelNames("kind")
            .register(registry);
    authSuccess =
        Counter.builder()
            .name("huddle_xmpp_auth_success_total")
            .help("Successful SASL authentications, by mechanism")
            .labelNames("mechanism")
            .register(registry);
    authFailures =
        Counter.builder()
            .name("huddle_xmpp_auth_failures_total")
            .help("Failed SASL authentications, by mechanism")
            .labelNames("mechanism")
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
    stanzasIn.labelValues(kind).inc();
  }

  @Override
  public void stanzaOut(String kind) {
    stanzasOut.labelValues(kind).inc();
  }

  @Override
  public void authenticated(String mechanism) {
    authSuccess.labelValues(mechanism == null ? "none" : mechanism).inc();
  }

  @Override
  public void authenticationFailed(String mechanism) {
    authFailures.labelValues(mechanism == null ? "none" : mechanism).inc();
  }
}
