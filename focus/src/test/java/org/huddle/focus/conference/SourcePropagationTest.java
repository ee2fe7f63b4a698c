package org.huddle.focus.conference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.huddle.focus.conference.DecisionsTest.sources;
import static org.huddle.focus.conference.Harness.ROOM;
import static org.huddle.focus.conference.Harness.jid;

import org.huddle.focus.conference.ConferenceEvent.SourcesChanged;
import org.huddle.focus.source.EndpointSources;
import org.huddle.focus.source.SourceMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Source propagation alone: a participant's change in, Jingle to the others and an event out. */
class SourcePropagationTest {
  final Harness h = new Harness();
  final SourcePropagation propagation =
      new SourcePropagation(h.state, h, new SourceSignaling(false));

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void aChangeGoesNowToAcceptedSessionsWaitsOnOfferedOnesAndFiresTheEvent() {
    Participant alice = h.active("alice", 1);
    h.active("bob", 2);
    Participant carol = h.offered("carol");
    h.joined("dave");
    propagation.changed(alice, sources(1), EndpointSources.EMPTY);
    assertThat(h.wire.jingle(jid("bob"))).containsExactly("source-add");
    assertThat(h.wire.jingle(jid("carol"))).isEmpty();
    assertThat(h.wire.jingle(jid("dave"))).isEmpty();
    assertThat(h.wire.jingle(jid("alice"))).isEmpty();
    assertThat(carol.takePending())
        .containsExactly(new Participant.Pending("source-add", SourceMap.of("alice", sources(1))));
    assertThat(h.events)
        .containsExactly(new SourcesChanged(ROOM, "alice", sources(1), EndpointSources.EMPTY));
  }

  @Test
  void removalsGoOutBeforeAdditions() {
    Participant alice = h.active("alice", 1);
    h.active("bob", 2);
    propagation.changed(alice, sources(3), sources(1));
    assertThat(h.wire.jingle(jid("bob"))).containsExactly("source-remove", "source-add");
  }

  @Test
  void anAcceptTellsTheOthersThenSendsTheAccepterWhatWaitedForIt() {
    Participant alice = h.active("alice", 1);
    Participant bob = h.offered("bob");
    propagation.changed(alice, sources(1), EndpointSources.EMPTY);
    assertThat(h.wire.jingle(jid("bob"))).isEmpty();
    bob.accepted(sources(2));
    propagation.accepted(bob, sources(2));
    assertThat(h.wire.jingle(jid("alice"))).containsExactly("source-add");
    assertThat(h.wire.jingle(jid("bob"))).containsExactly("source-add");
    assertThat(h.events)
        .extracting(e -> ((SourcesChanged) e).participant())
        .containsExactly("alice", "bob");
  }
}
