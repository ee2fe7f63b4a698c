package org.huddle.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.huddle.records.RecordQueries.Meeting;
import org.huddle.records.RecordQueries.Participation;
import org.junit.jupiter.api.Test;

class StatisticsTest {
  private static final Instant DAY1 = Instant.parse("2026-12-01T00:00:00Z");
  private static final Instant DAY3 = Instant.parse("2026-12-03T00:00:00Z");

  private static Participation p(String id, String joined, String left) {
    return new Participation(
        id,
        "m",
        id,
        id,
        ClientKind.JITSI,
        Instant.parse(joined),
        left == null ? null : Instant.parse(left));
  }

  @Test
  void meetingsMinutesAndPeaksPerDayIncludingTimeAcrossMidnight() {
    List<Meeting> meetings =
        List.of(
            new Meeting("m1", "a@muc", Instant.parse("2026-12-01T09:00:00Z"), null, 2),
            new Meeting("m2", "b@muc", Instant.parse("2026-12-01T23:30:00Z"), null, 2),
            new Meeting("m0", "c@muc", Instant.parse("2026-11-30T23:00:00Z"), null, 1));
    List<Participation> ps =
        List.of(
            p("a", "2026-12-01T09:00:00Z", "2026-12-01T09:30:00Z"),
            p("b", "2026-12-01T09:10:00Z", "2026-12-01T09:20:00Z"),
            // Hands over: b leaves as c joins, so never three at once.
            p("c", "2026-12-01T09:20:00Z", "2026-12-01T09:40:00Z"),
            // Across midnight: 30 minutes on day 1, 60 on day 2; present at day 2's start.
            p("d", "2026-12-01T23:30:00Z", "2026-12-02T01:00:00Z"),
            // Still in at "now".
            p("e", "2026-12-02T00:30:00Z", null));
    Statistics.Summary s =
        Statistics.of(DAY1, DAY3, meetings, ps, Instant.parse("2026-12-02T02:00:00Z"));

    assertThat(s.days())
        .containsExactly(
            new Statistics.Day(LocalDate.parse("2026-12-01"), 2, 30 + 10 + 20 + 30, 2),
            new Statistics.Day(LocalDate.parse("2026-12-02"), 0, 60 + 90, 2));
    assertThat(s.meetings()).as("m0 started before the span").isEqualTo(2);
    assertThat(s.participantMinutes()).isEqualTo(240);
    assertThat(s.peakConcurrency()).isEqualTo(2);
  }

  @Test
  void someoneInAMeetingAllDayCountsOnEveryDay() {
    List<Participation> ps = List.of(p("a", "2026-11-30T12:00:00Z", "2026-12-03T12:00:00Z"));
    Statistics.Summary s = Statistics.of(DAY1, DAY3, List.of(), ps, DAY3);
    assertThat(s.days()).extracting(Statistics.Day::peakConcurrency).containsExactly(1, 1);
    assertThat(s.days())
        .extracting(Statistics.Day::participantMinutes)
        .containsExactly(1440L, 1440L);
  }
}
