package org.huddle.focus.selection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.huddle.focus.bridge.Bridge;
import org.huddle.focus.bridge.BridgeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the bridge for a conference: the operational bridges, least loaded first, with the
 * draining ones, then the overloaded ones (stress at or above the threshold, or at the participant
 * cap) left out unless nothing else remains; then the strategy, whose empty answer or failure means
 * the least loaded. Only a strategy's explicit {@link BridgeStrategy.NoBridge} leaves the
 * conference without one.
 */
public final class BridgeSelector {
  private static final Logger LOG = LoggerFactory.getLogger(BridgeSelector.class);

  /**
   * The outcome: a bridge, or the reason there is none; and the TURN servers the strategy named for
   * the meeting (empty for the server's defaults).
   */
  public record Selection(Bridge bridge, String reason, List<TurnServer> turn) {
    public Selection {
      turn = List.copyOf(turn);
    }

    public Selection(Bridge bridge, String reason) {
      this(bridge, reason, List.of());
    }

    public static Selection none(String reason) {
      return new Selection(null, reason);
    }

    public boolean found() {
      return bridge != null;
    }
  }

  private final BridgeRegistry registry;
  private final BridgeStrategy strategy;
  private final double stressThreshold;
  private final int maxParticipants;

  public BridgeSelector(
      BridgeRegistry registry,
      BridgeStrategy strategy,
      double stressThreshold,
      int maxParticipants) {
    this.registry = registry;
    this.strategy = strategy;
    this.stressThreshold = stressThreshold;
    this.maxParticipants = maxParticipants;
  }

  /** Picks a bridge; never throws. */
  public Selection select(SelectionRequest request) {
    List<Bridge> operational = new ArrayList<>(registry.operational());
    if (operational.isEmpty()) {
      return Selection.none("no videobridge is available");
    }
    operational.sort(Comparator.comparingDouble(Bridge::load).thenComparing(Bridge::nick));
    List<Bridge> notDraining = operational.stream().filter(b -> !b.draining()).toList();
    if (!notDraining.isEmpty()) {
      operational = new ArrayList<>(notDraining);
    }
    List<Bridge> candidates = new ArrayList<>();
    for (Bridge b : operational) {
      if (!overloaded(b)) {
        candidates.add(b);
      }
    }
    if (candidates.isEmpty()) {
      LOG.warn("every bridge is overloaded; using the least loaded for {}", request.room());
      candidates = operational;
    }
    try {
      BridgeStrategy.Answer answer = strategy.choose(List.copyOf(candidates), request);
      return new Selection(answer.bridge().orElse(candidates.get(0)), null, answer.turn());
    } catch (BridgeStrategy.NoBridge e) {
      return Selection.none(e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("bridge selection failed for {}; using the least loaded", request.room(), e);
      return new Selection(candidates.get(0), null);
    }
  }

  private boolean overloaded(Bridge b) {
    return b.load() >= stressThreshold || (maxParticipants > 0 && b.endpoints() >= maxParticipants);
  }
}
