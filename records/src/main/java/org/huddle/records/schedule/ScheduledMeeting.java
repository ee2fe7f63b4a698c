package org.huddle.records.schedule;

import java.time.Instant;
import java.util.List;

/**
 * A meeting planned for a time.
 *
 * @param id its id, also the iCalendar UID's local part
 * @param room the room name in the meeting's link
 * @param sequence iCalendar's SEQUENCE: 0 when created, one more with each update or cancellation
 */
public record ScheduledMeeting(
    String id,
    String room,
    String title,
    Instant beginsAt,
    Instant endsAt,
    String organizer,
    List<String> invitees,
    int sequence,
    boolean cancelled) {
  public ScheduledMeeting {
    invitees = List.copyOf(invitees);
  }
}
