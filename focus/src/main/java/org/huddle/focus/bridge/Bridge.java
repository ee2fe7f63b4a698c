package org.huddle.focus.bridge;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bridge as its brewery presence describes it, plus what the focus learnt itself: whether it
 * failed, and how many endpoints and conferences the focus put there.
 */
public final class Bridge {
  /** Jicofo's assumed stress of one new endpoint, until the bridge reports its load. */
  static final double ENDPOINT_STRESS = 0.01;

  private static final Duration RAMP_UP = Duration.ofSeconds(20);

  private final String jid;
  private final String nick;
  private volatile Map<String, String> stats = Map.of();
  private volatile long failedAtNanos = -1;
  private final AtomicInteger endpoints = new AtomicInteger();
  private final AtomicInteger conferences = new AtomicInteger();
  private final Deque<Long> recentEndpoints = new ArrayDeque<>();

  public Bridge(String jid, String nick) {
    this.jid = jid;
    this.nick = nick;
  }

  /** The brewery occupant JID, where Colibri2 and health checks go. */
  public String jid() {
    return jid;
  }

  /** The brewery nickname, the bridge's name for selection and the allocation hook. */
  public String nick() {
    return nick;
  }

  void stats(Map<String, String> s) {
    this.stats = Map.copyOf(s);
  }

  public Map<String, String> stats() {
    return stats;
  }

  private boolean flag(String name) {
    return "true".equalsIgnoreCase(stats.get(name));
  }

  public double stress() {
    try {
      return Double.parseDouble(stats.getOrDefault("stress_level", "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  public String region() {
    return stats.getOrDefault("region", "");
  }

  public String version() {
    return stats.getOrDefault("version", "");
  }

  public boolean draining() {
    return flag("drain");
  }

  public boolean shuttingDown() {
    return flag("shutting_down") || flag("graceful_shutdown");
  }

  /** Whether the bridge says it is unhealthy in presence. */
  boolean reportsUnhealthy() {
    return "false".equalsIgnoreCase(stats.get("healthy"));
  }

  void markFailed() {
    failedAtNanos = System.nanoTime();
  }

  void markHealthy() {
    failedAtNanos = -1;
  }

  /** Whether the bridge may get new work: not failed recently, not unhealthy, not shutting down. */
  public boolean operational(Duration failureReset) {
    long failed = failedAtNanos;
    boolean recentlyFailed = failed >= 0 && System.nanoTime() - failed < failureReset.toNanos();
    return !recentlyFailed && !reportsUnhealthy() && !shuttingDown();
  }

  /** Whether the bridge failed and has not passed a health check since. */
  public boolean failed() {
    return failedAtNanos >= 0;
  }

  /** The focus put an endpoint here. */
  public void endpointAdded() {
    endpoints.incrementAndGet();
    synchronized (recentEndpoints) {
      recentEndpoints.addLast(System.nanoTime());
    }
  }

  public void endpointRemoved() {
    endpoints.updateAndGet(n -> Math.max(0, n - 1));
  }

  public int endpoints() {
    return endpoints.get();
  }

  public void conferenceAdded() {
    conferences.incrementAndGet();
  }

  public void conferenceRemoved() {
    conferences.updateAndGet(n -> Math.max(0, n - 1));
  }

  public int conferences() {
    return conferences.get();
  }

  /**
   * The reported stress plus the endpoints added in the last 20 seconds, which the report cannot
   * show yet (Jicofo's ramp-up correction): a burst of joins does not all land on one bridge.
   */
  public double load() {
    long cutoff = System.nanoTime() - RAMP_UP.toNanos();
    int recent;
    synchronized (recentEndpoints) {
      while (!recentEndpoints.isEmpty() && recentEndpoints.peekFirst() < cutoff) {
        recentEndpoints.removeFirst();
      }
      recent = recentEndpoints.size();
    }
    return stress() + recent * ENDPOINT_STRESS;
  }

  @Override
  public String toString() {
    return nick;
  }
}
