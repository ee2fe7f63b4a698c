package org.huddle.videobridge.endpoint;

import java.util.List;
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

  /**
   * The same projections for the per-packet lookups (the router's {@link #wants}, the send
   * pipeline's {@link #projection}): primary SSRCs and projections in two arrays, replaced whole
   * under the lock when a projection is added or removed, and scanned without boxing the key or
   * hashing; a receiver forwards a handful of sources. The map's lookups were an eighth of the
   * forwarding thread's time in a profile (issue 18).
   */
  private volatile Snapshot snapshot = new Snapshot(new long[0], new VideoProjection[0]);

  private record Snapshot(long[] ssrcs, VideoProjection[] projections) {
    VideoProjection get(long ssrc) {
      long[] s = ssrcs;
      for (int i = 0; i < s.length; i++) {
        if (s[i] == ssrc) {
          return projections[i];
        }
      }
      return null;
    }
  }

  /** Rebuilds {@link #snapshot} from the map, which changes only under this lock. */
  private synchronized void publish() {
    List<Map.Entry<Long, VideoProjection>> all = List.copyOf(projections.entrySet());
    long[] ssrcs = new long[all.size()];
    VideoProjection[] ps = new VideoProjection[all.size()];
    for (int i = 0; i < ssrcs.length; i++) {
      ssrcs[i] = all.get(i).getKey();
      ps[i] = all.get(i).getValue();
    }
    snapshot = new Snapshot(ssrcs, ps);
  }

  private volatile Set<String> excludedAudioEndpoints = Set.of();
  private final LongAdder layerSwitches = new LongAdder();

  /** Cheap check before copying a packet for this receiver. */
  public boolean wants(PacketInfo p) {
    if (p.audio) {
      return !excludedAudioEndpoints.contains(p.senderId);
    }
    VideoProjection v = snapshot.get(p.primarySsrc);
    return v != null && v.wants(p.layer);
  }

  /** The projection of a source, or null when it is not forwarded. */
  public VideoProjection projection(long primarySsrc) {
    return snapshot.get(primarySsrc);
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
      synchronized (this) {
        v = projections.computeIfAbsent(primarySsrc, s -> new VideoProjection(s, layerSwitches));
        publish();
      }
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
    synchronized (this) {
      if (projections.keySet().retainAll(primarySsrcs)) {
        publish();
      }
    }
  }

  public void setExcludedAudio(Set<String> endpointIds) {
    excludedAudioEndpoints = Set.copyOf(endpointIds);
  }
}
