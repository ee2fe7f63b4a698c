package org.huddle.focus.conference;

import java.time.Instant;
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

  /** The focus is in the room: the meeting {@code meetingId} runs (the Colibri2 meeting id). */
  record ConferenceStarted(String room, String meetingId) implements ConferenceEvent {}

  /** The meeting ended, for the reason given. */
  record ConferenceEnded(String room, String meetingId, String why) implements ConferenceEvent {}

  /** The meeting put its participants on this bridge (at start, or after a move). */
  record BridgeChosen(String room, String meetingId, String bridge) implements ConferenceEvent {}

  /**
   * What a participant who joined is: its display name (or null) and its client kind, known once it
   * has answered the focus's disco#info (or failed to). Fired only while it is still present.
   *
   * @param client {@code huddle-web} when its disco identity is Huddle's app, {@code jitsi} when it
   *     names Jitsi, else {@code unknown}
   * @param joinedAt when its join presence arrived
   */
  record ParticipantDescribed(
      String room,
      String participant,
      String meetingId,
      String displayName,
      String client,
      Instant joinedAt)
      implements ConferenceEvent {}

  /**
   * A moderator muted a participant (the focus enforces it on the bridge).
   *
   * @param actor the moderator's occupant JID
   * @param participant the muted participant's endpoint id
   * @param media {@code audio} or {@code video}
   */
  record ParticipantMuted(
      String room, String meetingId, String actor, String participant, String media)
      implements ConferenceEvent {}
}
