package org.huddle.focus.conference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.huddle.focus.conference.Participant.Media;
import org.huddle.focus.source.EndpointSources;
import org.huddle.focus.source.SourceMap;

/**
 * Decides who hears of whose sources. An offer carries everyone else's accepted sources and the
 * bridge's; later changes go out as {@code source-add} and {@code source-remove} to participants
 * whose session is accepted, and wait (merged) for those whose session is only offered, to go out
 * right after their {@code session-accept}. With {@code strip-simulcast}, receivers see only the
 * first layer of a simulcast source and its RTX (docs/wire.md#sources).
 *
 * <p>It holds no state and sends nothing: it reads the participants it is given and returns what to
 * do, which {@link SourcePropagation} does.
 */
final class SourceSignaling {
  /** The owner the bridge's own sources are signalled under. */
  static final String BRIDGE_OWNER = "jvb";

  /** What to do for one receiver about a change. */
  sealed interface Update {
    Participant to();
  }

  /** Send {@code source-add} or {@code source-remove} with these sources now. */
  record Send(Participant to, String action, SourceMap sources) implements Update {}

  /** Keep the change until the receiver accepts its session. */
  record Defer(Participant to, SourceMap change, boolean add) implements Update {}

  private final boolean stripSimulcast;

  SourceSignaling(boolean stripSimulcast) {
    this.stripSimulcast = stripSimulcast;
  }

  private EndpointSources forReceivers(EndpointSources s) {
    return stripSimulcast ? s.stripSimulcast() : s;
  }

  /** What an offer to {@code receiver} carries: the others' sources and the bridge's. */
  SourceMap offer(Participant receiver, Collection<Participant> all, EndpointSources bridge) {
    SourceMap map = SourceMap.EMPTY;
    for (Participant p : all) {
      if (p != receiver && !p.sources().isEmpty()) {
        map = map.with(p.id(), forReceivers(p.sources()));
      }
    }
    return map.with(BRIDGE_OWNER, bridge);
  }

  /** Every sender's sources except the participant's own, for checking SSRC clashes. */
  static SourceMap othersOf(Participant p, Collection<Participant> all, EndpointSources bridge) {
    SourceMap map = SourceMap.EMPTY;
    for (Participant q : all) {
      if (q != p) {
        map = map.with(q.id(), q.sources());
      }
    }
    return map.with(BRIDGE_OWNER, bridge);
  }

  /**
   * What the others get when {@code from}'s sources change.
   *
   * @param add whether the sources were added (else removed)
   */
  List<Update> changed(
      Participant from, EndpointSources sources, boolean add, Collection<Participant> all) {
    SourceMap change = SourceMap.of(from.id(), forReceivers(sources));
    List<Update> out = new ArrayList<>();
    for (Participant q : all) {
      if (q == from || q.session() == null) {
        continue;
      }
      if (q.media() == Media.ACTIVE) {
        out.add(new Send(q, add ? "source-add" : "source-remove", change));
      } else if (q.media() == Media.OFFERED) {
        out.add(new Defer(q, change, add));
      }
    }
    return out;
  }
}
