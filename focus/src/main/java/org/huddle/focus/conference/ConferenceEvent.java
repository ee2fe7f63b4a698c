package org.huddle.focus.conference;

import org.huddle.focus.bridge.Bridge;
import org.huddle.focus.source.EndpointSources;

/**
 * What happens in a conference, as its hooks see it ({@link ConferenceEvents}): a few narrow
 * events, each a value, fired by a conference's handler after the transition that caused it.
 */
public sealed interface ConferenceEvent {
  /** The room's bare JID. */
  String room();

  /**
   * Someone other than the focus entered the room.
   *
   * @param participant its endpoint id (the occupant's nick)
   * @param size participants in the room now
   */
  record ParticipantJoined(String room, String participant, int size) implements ConferenceEvent {}

  /**
   * A participant left the room (or was removed from it).
   *
   * @param size participants in the room now
   */
  record ParticipantLeft(String room, String participant, int size) implements ConferenceEvent {}

  /**
   * A participant's sources changed: it accepted its session with sources, added some, removed
   * some, or they went with its session. The others are told by then.
   *
   * @param added sources it signalled, empty if none
   * @param removed sources it no longer sends, empty if none
   */
  record SourcesChanged(
      String room, String participant, EndpointSources added, EndpointSources removed)
      implements ConferenceEvent {}

  /**
   * The conference left its bridge because it failed or went away; every participant is invited
   * again on another.
   *
   * @param why what happened to the bridge
   * @param participants how many participants had, or were getting, a session on it
   */
  record BridgeLost(String room, Bridge bridge, String why, int participants)
      implements ConferenceEvent {}
}
