package org.huddle.videobridge.endpoint;

import java.util.List;
import java.util.Map;

/**
 * What a receiver asked for in its last {@code ReceiverVideoConstraints}
 * (docs/wire.md#bridge-channel): how many videos, which ones first, and how tall.
 *
 * @param lastN how many video sources at most; -1 for no limit
 * @param selectedSources sources to prefer
 * @param onStageSources sources to prefer above all
 * @param defaultMaxHeight height cap for sources without their own; -1 for none
 * @param maxHeights per-source height caps; 0 turns a source off
 * @param assumedBandwidthBps a bandwidth to assume instead of the estimate, or -1
 */
public record ReceiverConstraints(
    int lastN,
    List<String> selectedSources,
    List<String> onStageSources,
    int defaultMaxHeight,
    Map<String, Integer> maxHeights,
    long assumedBandwidthBps) {

  public static final ReceiverConstraints DEFAULT =
      new ReceiverConstraints(-1, List.of(), List.of(), -1, Map.of(), -1);

  public ReceiverConstraints {
    selectedSources = List.copyOf(selectedSources);
    onStageSources = List.copyOf(onStageSources);
    maxHeights = Map.copyOf(maxHeights);
  }

  /** The height cap for a source; -1 for none. */
  public int maxHeight(String source) {
    return maxHeights.getOrDefault(source, defaultMaxHeight);
  }

  public ReceiverConstraints withLastN(int n) {
    return new ReceiverConstraints(
        n, selectedSources, onStageSources, defaultMaxHeight, maxHeights, assumedBandwidthBps);
  }
}
