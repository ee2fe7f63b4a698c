package org.huddle.videobridge.endpoint;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.huddle.videobridge.pipeline.PacketInfo;

/**
 * What one receiver gets: a projection per forwarded video source, keyed by the source's primary
 * SSRC, and the audio it excludes. The allocator sets the targets; the router asks {@link #wants}.
 */
public final class VideoForwarding {
  private final Map<Long, VideoProjection> projections = new ConcurrentHashMap<>();
  private volatile Set<String> excludedAudioEndpoints = Set.of();
  private final LongAdder layerSwitches = new LongAdder();

  /** Cheap check before copying a packet for this receiver. */
  public boolean wants(PacketInfo p) {
    if (p.audio) {
      return !excludedAudioEndpoints.contains(p.senderId);
    }
    VideoProjection v = projections.get(p.primarySsrc);
    return v != null && v.wants(p.layer);
  }

  /** The projection of a source, or null when it is not forwarded. */
  public VideoProjection projection(long primarySsrc) {
    return projections.get(primarySsrc);
  }

  /**
   * Sets a source's target layer (-1: not forwarded), creating its projection on first use.
   *
   * @return true when the new target needs a key frame
   */
  public boolean setTarget(long primarySsrc, int layer) {
    return setTarget(primarySsrc, layer, -1);
  }

  /**
   * Sets a source's target encoding (-1: not forwarded) and highest spatial layer (-1: all),
   * creating its projection on first use.
   *
   * @return true when the new target needs a key frame
   */
  public boolean setTarget(long primarySsrc, int layer, int spatial) {
    return setTarget(primarySsrc, layer, spatial, -1);
  }

  /** As {@link #setTarget(long, int, int)}, with the highest temporal layer (-1: all). */
  public boolean setTarget(long primarySsrc, int layer, int spatial, int temporal) {
    return setTarget(primarySsrc, layer, spatial, temporal, System.nanoTime());
  }

  /** As {@link #setTarget(long, int, int, int)}, at {@code nowNanos}. */
  public boolean setTarget(long primarySsrc, int layer, int spatial, int temporal, long nowNanos) {
    VideoProjection v = projections.get(primarySsrc);
    if (v == null) {
      if (layer < 0) {
        return false;
      }
      v = projections.computeIfAbsent(primarySsrc, s -> new VideoProjection(s, layerSwitches));
    }
    return v.setTarget(layer, spatial, temporal, nowNanos);
  }

  /**
   * How often a forwarded source switched layer for this receiver, over all its sources (see {@link
   * VideoProjection#VideoProjection(long, LongAdder)}).
   */
  public long layerSwitches() {
    return layerSwitches.sum();
  }

  /** Forgets sources that are gone. */
  public void retain(Set<Long> primarySsrcs) {
    projections.keySet().retainAll(primarySsrcs);
  }

  public void setExcludedAudio(Set<String> endpointIds) {
    excludedAudioEndpoints = Set.copyOf(endpointIds);
  }
}
