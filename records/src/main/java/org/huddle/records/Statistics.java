package org.huddle.records;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.huddle.records.RecordQueries.Meeting;
import org.huddle.records.RecordQueries.Participation;

/**
 * Usage per day (UTC), computed from the rows: meetings started, participant minutes, and the peak
 * of participants present at once across all meetings.
 */
public final class Statistics {
  /** One day. */
  public record Day(LocalDate date, int meetings, long participantMinutes, int peakConcurrency) {}

  /** The days of a span, and its totals. */
  public record Summary(
      List<Day> days, int meetings, long participantMinutes, int peakConcurrency) {}

  /** The most days one summary covers. */
  public static final int MAX_DAYS = 366;

  private Statistics() {}

  /**
   * Summarises [{@code from}, {@code to}), cut at whole UTC days.
   *
   * @param now the end of participations that are still open
   */
  public static Summary of(
      Instant from,
      Instant to,
      List<Meeting> meetings,
      List<Participation> participations,
      Instant now) {
    LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
    LocalDate last = LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
    if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
      throw new IllegalArgumentException("at most " + MAX_DAYS + " days at once");
    }
    Map<LocalDate, int[]> started = new TreeMap<>();
    Map<LocalDate, long[]> minutes = new TreeMap<>();
    Map<LocalDate, int[]> peaks = new TreeMap<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      started.put(d, new int[1]);
      minutes.put(d, new long[1]);
      peaks.put(d, new int[1]);
    }
    for (Meeting m : meetings) {
      if (!m.startedAt().isBefore(from) && m.startedAt().isBefore(to)) {
        started.get(LocalDate.ofInstant(m.startedAt(), ZoneOffset.UTC))[0]++;
      }
    }
    // Participant time, split over the days it spans; and a sweep over joins and leaves for peaks.
    List<long[]> edges = new ArrayList<>();
    for (Participation p : participations) {
      Instant start = max(p.joinedAt(), from);
      Instant end = min(p.leftAt() == null ? now : p.leftAt(), to);
      if (!end.isAfter(start)) {
        continue;
      }
      for (Instant t = start; t.isBefore(end); ) {
        LocalDate day = LocalDate.ofInstant(t, ZoneOffset.UTC);
        Instant dayEnd = min(day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC), end);
        minutes.get(day)[0] += Duration.between(t, dayEnd).toMillis();
        t = dayEnd;
      }
      edges.add(new long[] {start.toEpochMilli(), +1});
      edges.add(new long[] {end.toEpochMilli(), -1});
    }
    // Leaves before joins at the same instant: a hand-over is not two people at once.
    edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int present = 0;
    for (long[] e : edges) {
      present += (int) e[1];
      LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(e[0]), ZoneOffset.UTC);
      int[] peak = peaks.get(day);
      if (peak != null && present > peak[0]) {
        peak[0] = present;
      }
    }
    // Someone present across midnight is present on the next day too.
    carryPeaks(edges, peaks);
    List<Day> days = new ArrayList<>();
    int meetingsTotal = 0;
    long minutesTotal = 0;
    int peakTotal = 0;
    for (LocalDate d : started.keySet()) {
      long mins = minutes.get(d)[0] / 60_000;
      days.add(new Day(d, started.get(d)[0], mins, peaks.get(d)[0]));
      meetingsTotal += started.get(d)[0];
      minutesTotal += mins;
      peakTotal = Math.max(peakTotal, peaks.get(d)[0]);
    }
    return new Summary(List.copyOf(days), meetingsTotal, minutesTotal, peakTotal);
  }

  /** Raises each day's peak to at least the number present at its first instant. */
  private static void carryPeaks(List<long[]> edges, Map<LocalDate, int[]> peaks) {
    int i = 0;
    int present = 0;
    for (Map.Entry<LocalDate, int[]> day : peaks.entrySet()) {
      long start = day.getKey().atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
      while (i < edges.size() && edges.get(i)[0] <= start) {
        present += (int) edges.get(i)[1];
        i++;
      }
      day.getValue()[0] = Math.max(day.getValue()[0], present);
    }
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
