package org.huddle.focus.selection;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.huddle.focus.bridge.Bridge;

/** Picks one of the candidate bridges for a conference. */
public interface BridgeStrategy {
  /**
   * @param candidates operational bridges, least loaded first; never empty
   * @return the choice, or empty to let the selector take the least loaded
   * @throws NoBridge when the strategy decides there is no bridge for this conference now (the
   *     conference waits and asks again when bridges change)
   */
  Optional<Bridge> select(List<Bridge> candidates, SelectionRequest request) throws NoBridge;

  /**
   * As {@link #select}, with what else the strategy learnt about the meeting: the TURN servers the
   * HTTP hook names for it. Strategies that learn nothing more need not override it.
   */
  default Answer choose(List<Bridge> candidates, SelectionRequest request) throws NoBridge {
    return new Answer(select(candidates, request), List.of());
  }

  /** A strategy's choice and the meeting's own TURN servers (empty: the server's defaults). */
  record Answer(Optional<Bridge> bridge, List<TurnServer> turn) {
    public Answer {
      turn = List.copyOf(turn);
    }
  }

  /** The least loaded: the first candidate. */
  BridgeStrategy LEAST_LOADED = (candidates, request) -> Optional.of(candidates.get(0));

  /**
   * For tests: the bridge with the fewest conferences from this focus, so consecutive conferences
   * land on different bridges.
   */
  BridgeStrategy SPLIT =
      (candidates, request) ->
          candidates.stream().min(Comparator.comparingInt(Bridge::conferences));

  /** A strategy's refusal, with the reason participants and logs are given. */
  final class NoBridge extends Exception {
    public NoBridge(String reason) {
      super(reason);
    }
  }
}
