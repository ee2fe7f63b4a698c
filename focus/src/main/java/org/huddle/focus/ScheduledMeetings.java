package org.huddle.focus;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the focus learns which rooms hold a scheduled meeting now (docs/records.md, "Scheduling"):
 * the bridge allocation hook then gets its organizer and span.
 */
public interface ScheduledMeetings {
  /** A scheduled meeting's span and organizer. */
  record Window(Instant begin, Instant end, String organizer) {}

  /** The scheduled meeting the room (its name, not its JID) holds at this time, if any. */
  Optional<Window> find(String room, Instant at);
}
