package org.huddle.focus.selection;

/**
 * What a strategy knows about the conference that needs a bridge.
 *
 * @param room the room JID
 * @param region the region of the conference's first participant that named one, or empty
 * @param email the email the conference's owner gave in presence, or empty
 * @param participants how many participants the conference has
 */
public record SelectionRequest(String room, String region, String email, int participants) {
  public SelectionRequest {
    region = region == null ? "" : region;
    email = email == null ? "" : email;
  }
}
