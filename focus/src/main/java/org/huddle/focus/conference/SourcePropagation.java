package org.huddle.focus.conference;

import java.util.List;
import org.huddle.focus.conference.SourceSignaling.Defer;
import org.huddle.focus.conference.SourceSignaling.Send;
import org.huddle.focus.conference.SourceSignaling.Update;
import org.huddle.focus.source.EndpointSources;
import org.huddle.focus.source.SourceMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes a participant's source changes on to the others: {@link SourceSignaling} decides who is
 * told now and who after its accept; this sends it ({@code source-add}, {@code source-remove} on
 * their Jingle sessions), keeps it on the waiting ones, and fires {@link
 * ConferenceEvent.SourcesChanged}.
 */
final class SourcePropagation {
  private static final Logger LOG = LoggerFactory.getLogger(SourcePropagation.class);

  private final ConferenceState state;
  private final Effects effects;
  private final SourceSignaling signalling;

  SourcePropagation(ConferenceState state, Effects effects, SourceSignaling signalling) {
    this.state = state;
    this.effects = effects;
    this.signalling = signalling;
  }

  /** Tells the others, or keeps it for them, and fires the event. */
  void changed(Participant from, EndpointSources added, EndpointSources removed) {
    for (EndpointSources change : List.of(removed, added)) {
      if (change.isEmpty()) {
        continue;
      }
      for (Update u : signalling.changed(from, change, change == added, state.participants())) {
        switch (u) {
          case Send s -> send(s.to(), s.action(), s.sources());
          case Defer d -> d.to().defer(d.change(), d.add());
        }
      }
    }
    effects.publish(new ConferenceEvent.SourcesChanged(state.roomJid(), from.id(), added, removed));
  }

  /**
   * The participant accepted its session with these sources: the others hear of them, and it gets
   * the others' changes that waited for its accept.
   */
  void accepted(Participant p, EndpointSources sources) {
    if (!sources.isEmpty()) {
      changed(p, sources, EndpointSources.EMPTY);
    }
    for (Participant.Pending pending : p.takePending()) {
      send(p, pending.action(), pending.sources());
    }
  }

  private void send(Participant to, String action, SourceMap sources) {
    effects
        .request(to.session().sources(action, sources))
        .whenComplete(
            (answer, error) -> {
              if (error != null) {
                LOG.debug(
                    "{}: {} to {} unanswered: {}",
                    state.roomJid(),
                    action,
                    to.id(),
                    error.toString());
              }
            });
  }
}
