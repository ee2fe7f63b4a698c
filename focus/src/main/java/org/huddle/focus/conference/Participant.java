package org.huddle.focus.conference;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.huddle.focus.colibri2.BridgeSession;
import org.huddle.focus.jingle.Features;
import org.huddle.focus.jingle.JingleSession;
import org.huddle.focus.muc.Occupant;
import org.huddle.focus.source.EndpointSources;
import org.huddle.focus.source.SourceMap;
import org.huddle.xmpp.codec.Element;

/**
 * One occupant of a conference (other than the focus) and its media state. Touched only on its
 * conference's queue.
 */
final class Participant {
  /** Where the participant's media session stands. */
  enum Media {
    /** No session: waiting for others, for a bridge, or for its features. */
    NONE,
    /** Its endpoint is being allocated on the bridge. */
    ALLOCATING,
    /** A session-initiate was sent; no session-accept yet. */
    OFFERED,
    /** The session is accepted. */
    ACTIVE,
    /** Inviting it failed; it is not invited again until it asks. */
    FAILED
  }

  final String id;
  final long order;
  Occupant occupant;
  Features features;
  boolean ownerRequested;

  Media media = Media.NONE;
  JingleSession session;

  /** The contents of its current offer (codecs and header extensions), empty without one. */
  List<Element> offer = List.of();

  /** The bridge session its endpoint lives in, or null. */
  BridgeSession endpointOwner;

  /** Counts invitations, so answers to an older one are ignored. */
  int generation;

  EndpointSources sources = EndpointSources.EMPTY;

  /** Others' source changes that arrived while its session was only offered. */
  SourceMap pendingAdd = SourceMap.EMPTY;

  SourceMap pendingRemove = SourceMap.EMPTY;
  ScheduledFuture<?> acceptTimer;
  final Deque<Long> restartRequests = new ArrayDeque<>();

  Participant(Occupant occupant, long order) {
    this.id = occupant.nick();
    this.occupant = occupant;
    this.order = order;
  }

  /** Its features are known (disco#info answered or timed out). */
  boolean ready() {
    return features != null;
  }

  /** Whether it should have media: it supports audio or video. */
  boolean wantsMedia() {
    return features != null && (features.has(Features.AUDIO) || features.has(Features.VIDEO));
  }

  /** Whether it has, or is getting, a session. */
  boolean invited() {
    return media == Media.ALLOCATING || media == Media.OFFERED || media == Media.ACTIVE;
  }

  void cancelAcceptTimer() {
    if (acceptTimer != null) {
      acceptTimer.cancel(false);
      acceptTimer = null;
    }
  }

  /** Forgets the media session (not the sources it signalled). */
  void resetMedia(Media to) {
    cancelAcceptTimer();
    media = to;
    session = null;
    offer = List.of();
    endpointOwner = null;
    pendingAdd = SourceMap.EMPTY;
    pendingRemove = SourceMap.EMPTY;
    generation++;
  }
}
