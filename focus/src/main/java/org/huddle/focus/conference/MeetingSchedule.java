package org.huddle.focus.conference;

import java.time.Instant;
import java.util.Optional;

/**
 * Which rooms hold a scheduled meeting now (docs/records.md, "Scheduling"), for the bridge
 * allocation hook's {@code Email}, {@code BeginAt} and {@code EndAt}. Without a source every
 * meeting is instant.
 */
public final class MeetingSchedule {
  /** A scheduled meeting's window and organizer. */
  public record Window(Instant begin, Instant end, String organizer) {}

  /** Finds the scheduled meeting a room (its name, not its JID) holds at a time. */
  public interface Source {
    Optional<Window> find(String room, Instant at);
  }

  private volatile Source source = (room, at) -> Optional.empty();

  /** Uses this source from now on. */
  public void use(Source source) {
    this.source = source;
  }

  /** The window for this room at this time; empty for an instant meeting or on any failure. */
  public Optional<Window> find(String room, Instant at) {
    try {
      return source.find(room, at);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
