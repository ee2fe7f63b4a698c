package org.huddle.focus.conference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.huddle.focus.conference.ConferenceEvent.ParticipantJoined;
import org.huddle.focus.conference.ConferenceEvent.ParticipantLeft;
import org.junit.jupiter.api.Test;

class ConferenceEventsTest {
  final ConferenceEvents events = new ConferenceEvents();
  final List<ConferenceEvent> seen = new ArrayList<>();

  @Test
  void aHookSeesOnlyItsKindOfEvent() {
    events.on(ParticipantLeft.class, seen::add);
    events.fire(new ParticipantJoined("r@muc", "a", 1));
    events.fire(new ParticipantLeft("r@muc", "a", 0));
    assertThat(seen).containsExactly(new ParticipantLeft("r@muc", "a", 0));
  }

  @Test
  void hooksRunInTheOrderAddedAndAFailingOneDoesNotStopTheOthers() {
    events.on(
        ParticipantJoined.class,
        e -> {
          throw new IllegalStateException("broken hook");
        });
    events.on(ParticipantJoined.class, seen::add);
    events.on(ParticipantJoined.class, e -> seen.add(new ParticipantLeft(e.room(), "after", 0)));
    events.fire(new ParticipantJoined("r@muc", "a", 1));
    assertThat(seen)
        .containsExactly(
            new ParticipantJoined("r@muc", "a", 1), new ParticipantLeft("r@muc", "after", 0));
  }

  @Test
  void aRemovedHookIsNotRun() {
    ConferenceEvents.Registration r = events.on(ParticipantJoined.class, seen::add);
    r.close();
    events.fire(new ParticipantJoined("r@muc", "a", 1));
    assertThat(seen).isEmpty();
  }
}
