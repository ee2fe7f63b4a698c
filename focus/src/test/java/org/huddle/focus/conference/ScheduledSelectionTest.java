package org.huddle.focus.conference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.huddle.focus.bridge.Bridge;
import org.huddle.focus.selection.BridgeSelector;
import org.huddle.focus.selection.SelectionRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The request a bridge strategy gets: a room holding a scheduled meeting names its organizer and
 * span; any other room is an instant meeting (BeginAt=0, EndAt=0) with the owner's e-mail.
 */
class ScheduledSelectionTest {
  final Harness h = new Harness();
  final List<SelectionRequest> asked = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    h.close();
  }

  private Conference conference(String room) {
    ConferenceContext ctx =
        new ConferenceContext(
            h.config,
            h.wire,
            h.router,
            h.registry,
            new BridgeSelector(
                h.registry,
                (List<Bridge> candidates, SelectionRequest r) -> {
                  asked.add(r);
                  return Optional.empty();
                },
                0.8,
                100),
            h.ctx.offers(),
            h.timer,
            Runnable::run,
            new FocusStats(),
            Harness.FOCUS,
            h.ctx.admission(),
            h.ctx.schedule(),
            h.ctx.caps());
    return new Conference(ctx, new ConferenceEvents(), room, x -> {});
  }

  @Test
  void aScheduledMeetingGivesItsOrganizerAndSpanAndAnInstantOneZeros() {
    Instant begin = Instant.parse("2026-12-10T09:00:00Z");
    h.ctx
        .schedule()
        .use(
            (room, at) ->
                room.equals("standup")
                    ? Optional.of(
                        new MeetingSchedule.Window(
                            begin, begin.plusSeconds(3600), "olga@example.com"))
                    : Optional.empty());
    h.announce("jvb-1");
    Conference c = conference(Harness.ROOM);
    c.start();
    c.onPresence(Harness.self());
    c.onPresence(Harness.presence("alice", null));
    c.onPresence(Harness.presence("bob", null));
    assertThat(asked).isNotEmpty();
    SelectionRequest r = asked.get(0);
    assertThat(r.email()).isEqualTo("olga@example.com");
    assertThat(r.beginAt()).isEqualTo(begin.getEpochSecond());
    assertThat(r.endAt()).isEqualTo(begin.getEpochSecond() + 3600);

    h.ctx.schedule().use((room, at) -> Optional.empty());
    asked.clear();
    Conference other = conference("other@muc.meet.jitsi");
    other.start();
    other.onPresence(Harness.self());
    other.onPresence(Harness.presence("alice", null));
    other.onPresence(Harness.presence("bob", null));
    assertThat(asked).isNotEmpty();
    assertThat(asked.get(0).beginAt()).isZero();
    assertThat(asked.get(0).endAt()).isZero();
  }
}
