package org.huddle.focus.http;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/** The focus's Prometheus metrics, read from the live state at scrape time. */
public final class FocusMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  public FocusMetrics(FocusState state) {
    gauge("huddle_focus_conferences", "Conferences the focus serves", () -> state.conferences());
    gauge("huddle_focus_participants", "Participants in all conferences", state::participants);
    gauge("huddle_focus_bridges", "Bridges in the brewery", () -> state.bridges());
    gauge(
        "huddle_focus_bridges_operational",
        "Bridges that may take conferences",
        () -> state.operationalBridges());
    gauge(
        "huddle_focus_xmpp_connected",
        "1 when the XMPP client is logged in",
        () -> state.xmppConnected() ? 1 : 0);
    var s = state.stats();
    counter(
        "huddle_focus_conference_requests", "Conference requests received", s.conferenceRequests);
    counter("huddle_focus_conferences_created", "Conferences created", s.conferencesCreated);
    counter("huddle_focus_participants_joined", "Participants that joined", s.participantsTotal);
    counter(
        "huddle_focus_participants_moved",
        "Participants moved off a failed bridge",
        s.participantsMoved);
    counter(
        "huddle_focus_bridge_failures", "Colibri2 requests that failed a bridge", s.bridgeFailures);
    counter("huddle_focus_no_bridge", "Times no bridge was available", s.noBridgeErrors);
    counter(
        "huddle_focus_accept_timeouts", "Participants removed for not accepting", s.acceptTimeouts);
  }

  private void gauge(String name, String help, DoubleSupplier value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(cb -> cb.call(value.getAsDouble()))
        .register(registry);
  }

  private void counter(String name, String help, AtomicLong value) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .callback(cb -> cb.call(value.get()))
        .register(registry);
  }

  public String contentType() {
    return writer.getContentType();
  }

  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
