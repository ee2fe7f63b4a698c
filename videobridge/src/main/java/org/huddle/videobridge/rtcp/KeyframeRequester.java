package org.huddle.videobridge.rtcp;

import java.util.HashMap;
import java.util.Map;

/**
 * Decides when a key frame request may go to a sender: at most one per SSRC within the interval,
 * however many receivers ask (RFC 4585 §3.5.3 leaves the rate to the application; every SFU limits
 * it, or one switching receiver would flood the sender with requests).
 */
public final class KeyframeRequester {
  private final long intervalNanos;
  private final Map<Long, Long> lastRequest = new HashMap<>();

  public KeyframeRequester(long intervalNanos) {
    this.intervalNanos = intervalNanos;
  }

  /** True when a request for {@code ssrc} may be sent now; records it as sent. */
  public synchronized boolean allow(long ssrc, long nowNanos) {
    Long last = lastRequest.get(ssrc);
    if (last != null && nowNanos - last < intervalNanos) {
      return false;
    }
    if (lastRequest.size() > 256) {
      lastRequest.clear();
    }
    lastRequest.put(ssrc, nowNanos);
    return true;
  }
}
