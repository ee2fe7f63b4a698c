package org.huddle.focus.conference;

import java.util.List;
import org.huddle.focus.colibri2.BridgeSession;
import org.huddle.focus.conference.Participant.Media;
import org.huddle.focus.source.EndpointSources;
import org.huddle.xmpp.codec.Element;

/**
 * What one handler of a conference needs another to do. A handler never calls another: it hands the
 * step to {@link Effects#dispatch}, and the {@link Conference} runs it, at once and on the same
 * queue turn, on the one handler it belongs to (docs/focus.md#the-conference-state-object).
 */
sealed interface Step {
  /** Someone arrived, left, became ready or lost its session: start media if enough are there. */
  record MediaNeeded() implements Step {}

  /** Invite the participant on the current bridge session, or wait for one. */
  record Invite(Participant participant) implements Step {}

  /** Its endpoint was allocated on {@code session}: offer it a Jingle session. */
  record Allocated(
      Participant participant, BridgeSession session, BridgeSession.Allocation allocation)
      implements Step {}

  /**
   * End a participant's media: its Jingle session (terminated with this reason if asked), its
   * endpoint on the bridge, and its sources, which the others are told to remove.
   */
  record EndMedia(Participant participant, Media to, String reason, String text, boolean terminate)
      implements Step {}

  /** A participant needs a new session (ICE failed, it restarted, the bridge lost its endpoint). */
  record Reinvite(Participant participant, boolean terminate) implements Step {}

  /** Expire the participant's endpoint on the bridge (before its media state is reset). */
  record ExpireEndpoint(Participant participant) implements Step {}

  /** Send the participant's accepted media, transport and/or sources to the bridge. */
  record UpdateEndpoint(
      Participant participant,
      List<org.huddle.signalling.colibri2.Media> accepted,
      Element transport,
      EndpointSources sources)
      implements Step {}

  /**
   * End every participant's session with nothing said about sources (all get a new offer).
   *
   * @param reason the Jingle reason of the session-terminate
   */
  record TerminateAll(String reason, String text) implements Step {}

  /** A participant's sources changed: tell the others (or keep it for them) and fire the event. */
  record SourcesChanged(Participant from, EndpointSources added, EndpointSources removed)
      implements Step {}

  /**
   * A participant accepted its session with these sources: tell the others, then send it what
   * waited.
   */
  record Accepted(Participant participant, EndpointSources sources) implements Step {}

  /** Tell the bridge which of the participant's media to drop (its moderator mute changed). */
  record ForceMuteEndpoint(Participant participant) implements Step {}

  /**
   * Tell a participant that arrived muted on the bridge (A/V moderation) that the focus muted it,
   * so that its client mutes too and asks the focus before unmuting.
   */
  record TellMuted(Participant participant) implements Step {}

  /** Show (or hide) Jicofo's "no bridge" sign in the focus's room presence. */
  record ShowBridgeNotice(boolean show) implements Step {}

  /** End the conference. */
  record End(String why) implements Step {}
}
