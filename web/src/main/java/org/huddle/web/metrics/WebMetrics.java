package org.huddle.web.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The web role's Prometheus metrics: requests by route, open proxied WebSockets and proxy failures
 * by upstream. One registry per server, so several servers in one JVM keep their numbers apart.
 */
public final class WebMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter requests;
  private final Gauge websockets;
  private final Counter proxyFailures;
  private final Counter embedIgnored;

  public WebMetrics() {
    requests =
        Counter.builder()
            .withoutExemplars()
            .name("huddle_web_requests_total")
            .help("HTTP requests, by route (page, asset, config, bosh, health, metrics, other)")
            .labelNames("route")
            .register(registry);
    websockets =
        Gauge.builder()
            .withoutExemplars()
            .name("huddle_web_proxied_websockets")
            .help("Open WebSockets proxied to an upstream, by upstream (xmpp, colibri)")
            .labelNames("upstream")
            .register(registry);
    proxyFailures =
        Counter.builder()
            .withoutExemplars()
            .name("huddle_web_proxy_failures_total")
            .help("Proxied requests or WebSockets the upstream refused or did not answer")
            .labelNames("upstream")
            .register(registry);
    embedIgnored =
        Counter.builder()
            .withoutExemplars()
            .name("huddle_web_embed_commands_ignored_total")
            .help(
                "IFrame API commands embedded meeting pages ignored because they came from an"
                    + " origin outside frame-ancestors, as the pages report them")
            .register(registry);
    embedIgnored.inc(0);
    for (String u : new String[] {"xmpp", "colibri"}) {
      websockets.labelValues(u).set(0);
      proxyFailures.labelValues(u).inc(0);
    }
  }

  public void request(String route) {
    requests.labelValues(route).inc();
  }

  public void websocketOpened(String upstream) {
    websockets.labelValues(upstream).inc();
  }

  public void websocketClosed(String upstream) {
    websockets.labelValues(upstream).dec();
  }

  public void proxyFailed(String upstream) {
    proxyFailures.labelValues(upstream).inc();
  }

  /** Adds what an embedded page reports having ignored (site.EmbedReport). */
  public void embedCommandsIgnored(int count) {
    embedIgnored.inc(count);
  }

  public String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }

  /** The current values in Prometheus text format. */
  public String scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }
}
