package org.huddle.videobridge.conference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.huddle.videobridge.endpoint.Endpoint;
import org.huddle.videobridge.endpoint.MediaSourceDesc;
import org.huddle.videobridge.endpoint.ReceiverConstraints;
import org.huddle.videobridge.endpoint.VideoProjection;

/**
 * Chooses, for one receiver, which layer of each video source to forward: sources in priority order
 * (on stage, selected, then by speaker recency), at most last-N of them, each no taller than the
 * receiver allows, and all together within its bandwidth estimate. Like jitsi-videobridge's
 * allocator: every source in last-N first gets its lowest layer, then, in priority order, each is
 * raised as far as the remaining bandwidth and its constraint allow.
 */
public final class BandwidthAllocator {
  /**
   * The height from which a layer is offered at its full frame rate only (jitsi-videobridge's
   * {@code onstage-preferred-height}, 360, with its preferred frame rate of 30 met only by a
   * camera's full rate).
   */
  static final int PREFERRED_HEIGHT = 360;

  /** A layer's bitrate before it was measured, by height. */
  static long assumedBitrate(int height) {
    if (height <= 180) {
      return 200_000;
    }
    if (height <= 360) {
      return 700_000;
    }
    return 2_000_000;
  }

  /**
   * One allocation decision: a source, its encoding ({@code layer}, -1: not forwarded), the highest
   * spatial and temporal layers within it (-1: all, or it has none), and the height.
   */
  public record Choice(MediaSourceDesc source, int layer, int spatial, int temporal, int height) {
    Choice(MediaSourceDesc source) {
      this(source, -1, -1, -1, 0);
    }
  }

  /**
   * What a receiver can be sent of a source, lowest first: an encoding, or one of its spatial
   * layers, at each of its frame rates (temporal layers).
   */
  record Quality(int layer, int spatial, int temporal, int height, long cost) {}

  private BandwidthAllocator() {}

  /**
   * @param receiver the receiver
   * @param sources every video source of the other endpoints
   * @param owners endpoint id to endpoint, for layer heights and bitrates
   * @param speakerOrder endpoint ids, most recent dominant speaker first
   * @param defaultLastN the bridge's last-N when the receiver sets none
   */
  public static List<Choice> allocate(
      Endpoint receiver,
      List<MediaSourceDesc> sources,
      Map<String, Endpoint> owners,
      List<String> speakerOrder,
      int defaultLastN,
      long nowNanos) {
    return allocate(receiver, sources, owners, speakerOrder, defaultLastN, 0, nowNanos);
  }

  /**
   * As {@link #allocate(Endpoint, List, Map, List, int, long)}, keeping for {@code holdNanos} the
   * encoding and spatial layer a receiver was last moved to of each source (its frame rate may
   * still change: that needs no key frame). A move waits for a key frame the bridge asks the sender
   * for, and measured bitrates swing with every key frame; re-deciding each second on them moved
   * receivers back and forth, each move asking for another key frame. The hold ends early when that
   * layer stops sending or is no longer allowed (constraint, last-N); meanwhile it counts against
   * the estimate before any source is raised.
   */
  public static List<Choice> allocate(
      Endpoint receiver,
      List<MediaSourceDesc> sources,
      Map<String, Endpoint> owners,
      List<String> speakerOrder,
      int defaultLastN,
      long holdNanos,
      long nowNanos) {
    ReceiverConstraints c = receiver.constraints();
    List<MediaSourceDesc> ordered = new ArrayList<>(sources);
    ordered.sort(
        Comparator.comparingInt((MediaSourceDesc s) -> rank(c, speakerOrder, s))
            .thenComparing(MediaSourceDesc::name));
    int lastN = c.lastN() >= 0 ? c.lastN() : defaultLastN;
    if (lastN >= 0 && defaultLastN >= 0) {
      lastN = Math.min(lastN, defaultLastN);
    }
    Map<MediaSourceDesc, List<Quality>> options = new LinkedHashMap<>();
    Map<MediaSourceDesc, Integer> maxIndex = new LinkedHashMap<>();
    Map<MediaSourceDesc, Integer> minIndex = new LinkedHashMap<>();
    int admitted = 0;
    for (MediaSourceDesc s : ordered) {
      Endpoint owner = owners.get(s.owner());
      List<Quality> q = qualities(s, owner, nowNanos);
      options.put(s, q);
      int cap = c.maxHeight(s.name());
      int max = -1;
      if ((lastN < 0 || admitted < lastN) && cap != 0 && canDecode(receiver, s, owner)) {
        for (int i = 0; i < q.size(); i++) {
          // The lowest layer is sent even when it is taller than asked, as jitsi-videobridge does.
          if (cap < 0 || q.get(i).height() <= cap || i == 0) {
            max = i;
          }
        }
        admitted++;
      }
      int[] held = held(receiver, s, q, max, holdNanos, nowNanos);
      if (held != null) {
        minIndex.put(s, held[0]);
        max = held[1];
      }
      maxIndex.put(s, max);
    }
    long budget = receiver.bandwidthEstimateBps();
    Map<MediaSourceDesc, Integer> chosen = new LinkedHashMap<>();
    boolean first = true;
    for (var entry : maxIndex.entrySet()) {
      MediaSourceDesc s = entry.getKey();
      if (entry.getValue() < 0) {
        chosen.put(s, -1);
        continue;
      }
      int start = minIndex.getOrDefault(s, 0);
      long cost = options.get(s).get(start).cost();
      if (cost <= budget || first || minIndex.containsKey(s)) {
        chosen.put(s, start);
        budget -= cost;
      } else {
        chosen.put(s, -1);
      }
      first = false;
    }
    for (var entry : chosen.entrySet()) {
      MediaSourceDesc s = entry.getKey();
      int index = entry.getValue();
      if (index < 0) {
        continue;
      }
      List<Quality> q = options.get(s);
      int max = maxIndex.get(s);
      while (index < max) {
        long extra = q.get(index + 1).cost() - q.get(index).cost();
        if (extra > budget) {
          break;
        }
        budget -= extra;
        index++;
      }
      entry.setValue(index);
    }
    List<Choice> out = new ArrayList<>();
    chosen.forEach(
        (s, i) -> {
          if (i < 0) {
            out.add(new Choice(s));
          } else {
            Quality q = options.get(s).get(i);
            out.add(new Choice(s, q.layer(), q.spatial(), q.temporal(), q.height()));
          }
        });
    return out;
  }

  /**
   * A source's qualities, lowest first. Encodings that send nothing are left out while another one
   * sends (Jitsi clients sending VP9 or AV1 SVC signal three SSRCs and use the first), and while
   * none sends, those that never sent: a sender paused for a second (a browser starved of CPU)
   * moved its receivers to an encoding that carries nothing, with a key frame requested from it. An
   * encoding that carries several spatial layers offers each of them, but again only those that
   * send while another one does.
   */
  static List<Quality> qualities(MediaSourceDesc s, Endpoint owner, long nowNanos) {
    List<Quality> out = new ArrayList<>();
    boolean anySending = false;
    boolean anySent = false;
    if (owner != null) {
      for (long ssrc : s.layers()) {
        anySending |= owner.isSending(ssrc, nowNanos);
        anySent |= owner.hasSent(ssrc);
      }
    }
    for (int i = 0; i < s.layers().size(); i++) {
      long ssrc = s.layers().get(i);
      if (anySending ? !owner.isSending(ssrc, nowNanos) : anySent && !owner.hasSent(ssrc)) {
        continue;
      }
      int spatial = owner == null ? 1 : owner.spatialLayerCount(ssrc);
      int temporal = owner == null ? 1 : owner.temporalLayerCount(ssrc);
      if (spatial <= 1) {
        int height = owner == null ? 180 << i : owner.layerHeight(ssrc, i);
        long measured = owner == null ? 0 : owner.layerBitrate(ssrc, nowNanos);
        addFrameRates(out, owner, ssrc, i, -1, temporal, height, measured, nowNanos);
        continue;
      }
      boolean anyLayerSending = false;
      for (int sp = 0; sp < spatial; sp++) {
        anyLayerSending |= owner.isSending(ssrc, sp, nowNanos);
      }
      for (int sp = 0; sp < spatial; sp++) {
        if (anyLayerSending && !owner.isSending(ssrc, sp, nowNanos)) {
          continue; // chosen, it would never reach its next key picture: nothing asks for one
        }
        int height = owner.spatialHeight(ssrc, sp);
        long measured = owner.spatialBitrate(ssrc, sp, nowNanos);
        addFrameRates(out, owner, ssrc, i, sp, temporal, height, measured, nowNanos);
      }
    }
    if (out.isEmpty()) {
      out.add(new Quality(0, -1, -1, 180, assumedBitrate(180)));
    }
    return out;
  }

  /**
   * Adds a layer's qualities. As jitsi-videobridge does for a camera, a layer shorter than {@link
   * #PREFERRED_HEIGHT} is offered at each of its frame rates, each costing its temporal layers up
   * to it (measured, or a share of the layer's cost while unmeasured); taller layers only at their
   * full rate, so more bandwidth buys sharper video before a tall picture at a few frames a second.
   * The lowest layer always is: a receiver too short of bandwidth even for it gets it at a lower
   * frame rate rather than not at all.
   */
  private static void addFrameRates(
      List<Quality> out,
      Endpoint owner,
      long ssrc,
      int layer,
      int spatial,
      int temporal,
      int height,
      long measured,
      long nowNanos) {
    long full = measured > 0 ? measured : assumedBitrate(height);
    if (temporal <= 1 || (!out.isEmpty() && height >= PREFERRED_HEIGHT)) {
      out.add(new Quality(layer, spatial, -1, height, full));
      return;
    }
    long sum = 0;
    boolean allMeasured = true;
    for (int t = 0; t < temporal; t++) {
      long rate = owner.temporalBitrate(ssrc, spatial, t, nowNanos);
      allMeasured &= rate > 0;
      sum += rate;
      long cost = allMeasured ? sum : full * (t + 1) / temporal;
      out.add(new Quality(layer, spatial, t == temporal - 1 ? -1 : t, height, cost));
    }
  }

  /**
   * The qualities of {@code s} (indices into {@code q}, lowest and highest) that keep the receiver
   * on the encoding and spatial layer it was moved to less than {@code holdNanos} ago, or null when
   * nothing holds it there: no move yet, the hold is over, or that layer is not among the allowed
   * qualities (up to {@code max}) any more.
   */
  private static int[] held(
      Endpoint receiver,
      MediaSourceDesc s,
      List<Quality> q,
      int max,
      long holdNanos,
      long nowNanos) {
    VideoProjection v = receiver.forwarding().projection(s.primarySsrc());
    if (holdNanos <= 0
        || v == null
        || v.targetLayer() < 0
        || nowNanos - v.targetChangedNanos() >= holdNanos) {
      return null;
    }
    int lo = -1;
    int hi = -1;
    for (int i = 0; i <= max; i++) {
      if (q.get(i).layer() == v.targetLayer() && q.get(i).spatial() == v.targetSpatial()) {
        lo = lo < 0 ? i : lo;
        hi = i;
      }
    }
    return lo < 0 ? null : new int[] {lo, hi};
  }

  /** Whether the receiver accepted the codec the source is sent in (unknown counts as yes). */
  private static boolean canDecode(Endpoint receiver, MediaSourceDesc s, Endpoint owner) {
    int pt = owner == null ? -1 : owner.sourcePayloadType(s.primarySsrc());
    return pt < 0 || receiver.formats().acceptsVideo(pt);
  }

  private static int rank(ReceiverConstraints c, List<String> speakers, MediaSourceDesc s) {
    if (c.onStageSources().contains(s.name())) {
      return 0;
    }
    if (c.selectedSources().contains(s.name())) {
      return 1;
    }
    int i = speakers.indexOf(s.owner());
    return i < 0 ? 1000 : 2 + i;
  }
}
