package org.huddle.videobridge.rest;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.huddle.videobridge.conference.Conferences;
import org.huddle.videobridge.pipeline.PipelineStats;
import org.huddle.videobridge.state.BridgeState;

/**
 * Prometheus metrics, read from the live counters at scrape time: conferences, endpoints, stress,
 * and per pipeline node the packets in, out and dropped, drops by reason.
 */
public final class BridgeMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  public BridgeMetrics(Conferences conferences, BridgeState state, PipelineStats stats) {
    GaugeWithCallback.builder()
        .name("huddle_videobridge_conferences")
        .help("Conferences on this bridge")
        .callback(cb -> cb.call(conferences.all().size()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("huddle_videobridge_endpoints")
        .help("Endpoints in all conferences")
        .callback(cb -> cb.call(conferences.endpointCount()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("huddle_videobridge_stress_level")
        .help("Load, 1.0 at the configured packet rate or full CPU")
        .callback(cb -> cb.call(state.stressLevel()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("huddle_videobridge_healthy")
        .help("1 when healthy")
        .callback(cb -> cb.call(state.isHealthy() ? 1 : 0))
        .register(registry);
    CounterWithCallback.builder()
        .name("huddle_videobridge_node_packets")
        .help("Packets through each pipeline node, by direction (in, out, dropped)")
        .labelNames("node", "kind")
        .callback(
            cb -> {
              for (Map.Entry<String, Long> e : stats.snapshot().entrySet()) {
                String[] parts = e.getKey().split("\\.");
                if (parts.length == 2 && !parts[1].equals("nanos")) {
                  cb.call(e.getValue(), parts[0], parts[1]);
                }
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("huddle_videobridge_dropped_packets")
        .help("Packets dropped, by node and reason")
        .labelNames("node", "reason")
        .callback(
            cb -> {
              for (Map.Entry<String, Long> e : stats.snapshot().entrySet()) {
                String[] parts = e.getKey().split("\\.", 3);
                if (parts.length == 3 && parts[1].equals("dropped")) {
                  cb.call(e.getValue(), parts[0], parts[2]);
                }
              }
            })
        .register(registry);
  }

  public String contentType() {
    return writer.getContentType();
  }

  /** The metrics in the Prometheus text format. */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(
          out, registry.scrape(), io.prometheus.metrics.config.EscapingScheme.UNDERSCORE_ESCAPING);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
