package org.huddle.focus.conference;

import java.util.concurrent.atomic.AtomicLong;

/** Counters the HTTP API reports (Jicofo's /stats names where they exist). Thread-safe. */
public final class FocusStats {
  public final AtomicLong conferenceRequests = new AtomicLong();
  public final AtomicLong conferencesCreated = new AtomicLong();
  public final AtomicLong participantsTotal = new AtomicLong();
  public final AtomicLong participantsMoved = new AtomicLong();
  public final AtomicLong conferencesMoved = new AtomicLong();
  public final AtomicLong bridgeFailures = new AtomicLong();
  public final AtomicLong noBridgeErrors = new AtomicLong();
  public final AtomicLong largestConference = new AtomicLong();
  public final AtomicLong acceptTimeouts = new AtomicLong();
  public final AtomicLong jingleErrors = new AtomicLong();

  /** Counts what the conferences' events say: joins, the largest conference, moves. */
  void count(ConferenceEvents events) {
    events.on(
        ConferenceEvent.ParticipantJoined.class,
        e -> {
          participantsTotal.incrementAndGet();
          largestConference.accumulateAndGet(e.size(), Math::max);
        });
    events.on(
        ConferenceEvent.BridgeLost.class,
        e -> {
          conferencesMoved.incrementAndGet();
          participantsMoved.addAndGet(e.participants());
        });
  }

  /** From the start of an invitation to its session-initiate being sent. */
  public final Timing invite = new Timing();

  /** From the decision to move a conference to its last new session-initiate being sent. */
  public final Timing move = new Timing();

  /** A duration's count, total and maximum. */
  public static final class Timing {
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong totalNanos = new AtomicLong();
    private final AtomicLong maxNanos = new AtomicLong();

    void record(long nanos) {
      count.incrementAndGet();
      totalNanos.addAndGet(nanos);
      maxNanos.accumulateAndGet(nanos, Math::max);
    }

    public long count() {
      return count.get();
    }

    public double totalSeconds() {
      return totalNanos.get() / 1e9;
    }

    public double maxSeconds() {
      return maxNanos.get() / 1e9;
    }
  }
}
