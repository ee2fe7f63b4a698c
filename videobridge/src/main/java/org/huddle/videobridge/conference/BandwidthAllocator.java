package org.huddle.videobridge.conference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.huddle.videobridge.endpoint.Endpoint;
import org.huddle.videobridge.endpoint.MediaSourceDesc;
import org.huddle.videobridge.endpoint.ReceiverConstraints;

/**
 * Chooses, for one receiver, which layer of each video source to forward: sources in priority order
 * (on stage, selected, then by speaker recency), at most last-N of them, each no taller than the
 * receiver allows, and all together within its bandwidth estimate. Like jitsi-videobridge's
 * allocator: every source in last-N first gets its lowest layer, then, in priority order, each is
 * raised as far as the remaining bandwidth and its constraint allow.
 */
public final class BandwidthAllocator {
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

  /** One allocation decision: a source and the layer (-1: not forwarded). */
  public record Choice(MediaSourceDesc source, int layer) {}

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
    ReceiverConstraints c = receiver.constraints();
    List<MediaSourceDesc> ordered = new ArrayList<>(sources);
    ordered.sort(
        Comparator.comparingInt((MediaSourceDesc s) -> rank(c, speakerOrder, s))
            .thenComparing(MediaSourceDesc::name));
    int lastN = c.lastN() >= 0 ? c.lastN() : defaultLastN;
    if (lastN >= 0 && defaultLastN >= 0) {
      lastN = Math.min(lastN, defaultLastN);
    }
    Map<MediaSourceDesc, Integer> maxLayer = new LinkedHashMap<>();
    int admitted = 0;
    for (MediaSourceDesc s : ordered) {
      int cap = c.maxHeight(s.name());
      int max = -1;
      if ((lastN < 0 || admitted < lastN) && cap != 0) {
        Endpoint owner = owners.get(s.owner());
        for (int i = 0; i < s.layers().size(); i++) {
          int h = owner == null ? 180 << i : owner.layerHeight(s.layers().get(i), i);
          // The lowest layer is sent even when it is taller than asked, as jitsi-videobridge does.
          if (cap < 0 || h <= cap || i == 0) {
            max = i;
          }
        }
        admitted++;
      }
      maxLayer.put(s, max);
    }
    long budget = receiver.bandwidthEstimateBps();
    Map<MediaSourceDesc, Integer> chosen = new LinkedHashMap<>();
    boolean first = true;
    for (var entry : maxLayer.entrySet()) {
      MediaSourceDesc s = entry.getKey();
      if (entry.getValue() < 0) {
        chosen.put(s, -1);
        continue;
      }
      long cost = cost(s, 0, owners, nowNanos);
      if (cost <= budget || first) {
        chosen.put(s, 0);
        budget -= cost;
      } else {
        chosen.put(s, -1);
      }
      first = false;
    }
    for (var entry : chosen.entrySet()) {
      MediaSourceDesc s = entry.getKey();
      int layer = entry.getValue();
      if (layer < 0) {
        continue;
      }
      int max = maxLayer.get(s);
      while (layer < max) {
        long extra = cost(s, layer + 1, owners, nowNanos) - cost(s, layer, owners, nowNanos);
        if (extra > budget) {
          break;
        }
        budget -= extra;
        layer++;
      }
      entry.setValue(layer);
    }
    List<Choice> out = new ArrayList<>();
    chosen.forEach((s, l) -> out.add(new Choice(s, l)));
    return out;
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

  private static long cost(
      MediaSourceDesc s, int layer, Map<String, Endpoint> owners, long nowNanos) {
    Endpoint owner = owners.get(s.owner());
    long ssrc = s.layers().get(layer);
    long measured = owner == null ? 0 : owner.layerBitrate(ssrc, nowNanos);
    int height = owner == null ? 180 << layer : owner.layerHeight(ssrc, layer);
    return measured > 0 ? measured : assumedBitrate(height);
  }
}
