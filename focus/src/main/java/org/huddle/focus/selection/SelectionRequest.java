package org.huddle.focus.selection;

/**
 * What a strategy knows about the conference that needs a bridge.
 *
 * @param room the room JID
 * @param region the region of the conference's first participant that named one, or empty
 * @param email the email the conference's owner gave in presence, or empty
 * @param participants how many participants the conference has
 * @param beginAt a scheduled meeting's begin, Unix seconds; 0 for an instant meeting
 * @param endAt a scheduled meeting's end, Unix seconds; 0 for an instant meeting
 */
public record SelectionRequest(
    String room, String region, String email, int participants, long beginAt, long endAt) {
  public SelectionRequest {
    region = region == null ? "" : region;
    email = email == null ? "" : email;
  }

  /** An instant meeting's request. */
  public SelectionRequest(String room, String region, String email, int participants) {
    this(room, region, email, participants, 0, 0);
  }
}
