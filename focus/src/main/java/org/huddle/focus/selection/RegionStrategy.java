package org.huddle.focus.selection;

import java.util.List;
import java.util.Optional;
import org.huddle.focus.bridge.Bridge;

/**
 * Jicofo's region-based choice, for one bridge per conference: the least loaded bridge in the
 * participant's region (or a region grouped with it), else in the focus's own region, else the
 * least loaded anywhere.
 */
public final class RegionStrategy implements BridgeStrategy {
  private final String localRegion;
  private final List<List<String>> groups;

  public RegionStrategy(String localRegion, List<List<String>> groups) {
    this.localRegion = localRegion;
    this.groups = groups;
  }

  @Override
  public Optional<Bridge> select(List<Bridge> candidates, SelectionRequest request) {
    for (String region : new String[] {request.region(), localRegion}) {
      if (region == null || region.isEmpty()) {
        continue;
      }
      for (Bridge b : candidates) {
        if (sameGroup(region, b.region())) {
          return Optional.of(b);
        }
      }
    }
    return Optional.empty();
  }

  private boolean sameGroup(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    for (List<String> g : groups) {
      if (g.contains(a) && g.contains(b)) {
        return true;
      }
    }
    return false;
  }
}
