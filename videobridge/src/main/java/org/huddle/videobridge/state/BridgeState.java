package org.huddle.videobridge.state;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.huddle.videobridge.VideobridgeConfig;
import org.huddle.videobridge.conference.Conference;
import org.huddle.videobridge.conference.Conferences;
import org.huddle.videobridge.endpoint.Endpoint;
import org.huddle.videobridge.pipeline.PipelineStats;

/**
 * Health, drain and shutdown flags, and the statistics published in brewery presence and at {@code
 * /colibri/stats}. The stress level is the larger of the packet rate against its threshold and the
 * system CPU load, as jitsi-videobridge's load management measures it.
 */
public final class BridgeState {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private final VideobridgeConfig config;
  private final Conferences conferences;
  private final PipelineStats stats;
  private volatile boolean drain;
  private volatile boolean shuttingDown;
  private volatile boolean closed;
  private long lastPackets;
  private long lastSampleNanos = System.nanoTime();
  private double packetRate;

  public BridgeState(VideobridgeConfig config, Conferences conferences, PipelineStats stats) {
    this.config = config;
    this.conferences = conferences;
    this.stats = stats;
  }

  public boolean isHealthy() {
    return !closed;
  }

  public boolean isDraining() {
    return drain;
  }

  public void setDrain(boolean drain) {
    this.drain = drain;
  }

  public boolean isShuttingDown() {
    return shuttingDown;
  }

  public void startShutdown() {
    shuttingDown = true;
  }

  public boolean isClosed() {
    return closed;
  }

  public void markClosed() {
    closed = true;
    shuttingDown = true;
  }

  /** Packets per second in and out, sampled at most once a second. */
  private synchronized double packetRate() {
    long now = System.nanoTime();
    long packets = stats.get("classifier.in") + stats.get("srtp-encrypt.in");
    if (now - lastSampleNanos >= 1_000_000_000L) {
      packetRate = (packets - lastPackets) * 1e9 / (now - lastSampleNanos);
      lastPackets = packets;
      lastSampleNanos = now;
    }
    return packetRate;
  }

  /** 0 when idle, 1 at the configured packet rate or full CPU. */
  public double stressLevel() {
    double byPackets = packetRate() / config.media().loadThresholdPacketRate();
    double cpu = 0;
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      cpu = Math.max(0, sun.getCpuLoad());
    }
    return Math.max(byPackets, cpu);
  }

  /** jitsi-videobridge's flat statistics, with the keys the focus reads. */
  public Map<String, Object> statistics() {
    Map<String, Object> s = new LinkedHashMap<>();
    int conferenceCount = 0;
    int endpoints = 0;
    int largest = 0;
    long bytesIn = 0;
    long bytesOut = 0;
    long packetsIn = 0;
    long packetsOut = 0;
    for (Conference c : conferences.all()) {
      conferenceCount++;
      int n = c.endpoints().size();
      endpoints += n;
      largest = Math.max(largest, n);
      for (Endpoint e : c.endpoints()) {
        bytesIn += e.bytesReceived();
        bytesOut += e.bytesSent();
        packetsIn += e.packetsReceived();
        packetsOut += e.packetsSent();
      }
    }
    s.put("stress_level", Math.round(stressLevel() * 1000) / 1000.0);
    s.put("average_participant_stress", 0.01);
    s.put("region", config.region());
    s.put("relay_id", "");
    s.put("drain", drain);
    s.put("graceful_shutdown", shuttingDown);
    s.put("shutting_down", shuttingDown);
    s.put("healthy", isHealthy());
    s.put("version", config.version());
    s.put("release", config.version());
    s.put("conferences", conferenceCount);
    s.put("participants", endpoints);
    s.put("endpoints", endpoints);
    s.put("largest_conference", largest);
    s.put("packet_rate_download", Math.round(packetRate()));
    s.put("total_bytes_received", bytesIn);
    s.put("total_bytes_sent", bytesOut);
    s.put("total_packets_received", packetsIn);
    s.put("total_packets_sent", packetsOut);
    s.put("total_packets_dropped", stats.totalDropped());
    s.put("total_ice_failed", stats.get("ice.failed"));
    s.put("current_timestamp", ZonedDateTime.now(ZoneOffset.UTC).format(TIMESTAMP));
    return s;
  }
}
