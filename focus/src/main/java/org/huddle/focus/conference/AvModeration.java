package org.huddle.focus.conference;

import java.util.List;
import java.util.Set;
import org.huddle.signalling.colibri2.ForceMute;

/**
 * What the focus knows of the room's A/V moderation (docs/wire.md, "A/V moderation"), as the {@code
 * avmoderation} component tells it: which media are moderated, and who may unmute each (the
 * whitelists, occupant JIDs). Moderators may always unmute. Part of the {@link ConferenceState}:
 * changed only on the conference's queue.
 */
final class AvModeration {
  private boolean audio;
  private boolean video;
  private Set<String> audioAllowed = Set.of();
  private Set<String> videoAllowed = Set.of();
  private String audioActor;
  private String videoActor;

  boolean enabled(boolean isVideo) {
    return isVideo ? video : audio;
  }

  /**
   * Turns moderation of a medium on or off, as {@code actor} (an occupant JID, or null) did;
   * whether it changed.
   */
  boolean enabled(boolean isVideo, boolean on, String actor) {
    boolean was = enabled(isVideo);
    if (isVideo) {
      video = on;
      videoActor = actor;
    } else {
      audio = on;
      audioActor = actor;
    }
    return was != on;
  }

  /** The occupant JID that turned moderation of the medium on, or null. */
  String actor(boolean isVideo) {
    return isVideo ? videoActor : audioActor;
  }

  /** The whitelist of a medium, replaced; the occupant JIDs that were on it and no longer are. */
  Set<String> allowed(boolean isVideo, List<String> occupantJids) {
    Set<String> was = isVideo ? videoAllowed : audioAllowed;
    Set<String> now = Set.copyOf(occupantJids);
    if (isVideo) {
      videoAllowed = now;
    } else {
      audioAllowed = now;
    }
    return was.stream().filter(j -> !now.contains(j)).collect(java.util.stream.Collectors.toSet());
  }

  /** Whether the participant may unmute that medium: not moderated, a moderator, or allowed. */
  boolean mayUnmute(Participant p, boolean isVideo) {
    return !enabled(isVideo)
        || p.isModerator()
        || (isVideo ? videoAllowed : audioAllowed).contains(p.occupant().occupantJid());
  }

  /** How a joining participant starts on the bridge: muted in each medium it may not unmute. */
  ForceMute onJoin(Participant p) {
    return new ForceMute(!mayUnmute(p, false), !mayUnmute(p, true));
  }
}
