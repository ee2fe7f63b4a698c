package org.huddle.focus.conference;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.huddle.focus.colibri2.BridgeSession;
import org.huddle.focus.jingle.Features;
import org.huddle.focus.jingle.JingleSession;
import org.huddle.focus.muc.Occupant;
import org.huddle.focus.source.EndpointSources;
import org.huddle.focus.source.SourceMap;
import org.huddle.signalling.colibri2.ForceMute;
import org.huddle.xmpp.codec.Element;

/**
 * One occupant of a conference (other than the focus) and its media state. Its fields are private
 * and its values immutable; it changes only through its transitions, which only the conference's
 * state and handlers call, on its queue (LayeringTest checks who calls them). The conference's
 * components read it.
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

  /** Source changes of others to send on its session, in order. */
  record Pending(String action, SourceMap sources) {}

  private final String id;
  private final long order;
  private final Instant joinedAt = Instant.now();

  /** When its presence reached the focus, its features became known and its allocation began. */
  private final long arrivedNanos = System.nanoTime();

  private long featuresNanos = -1;
  private String featuresFrom = "";
  private long allocatingNanos = -1;
  private Occupant occupant;
  private Features features;
  private boolean ownerRequested;
  private Media media = Media.NONE;
  private JingleSession session;

  /** The contents of its current offer (codecs and header extensions), empty without one. */
  private List<Element> offer = List.of();

  /** The bridge session its endpoint lives in, or null. */
  private BridgeSession endpointOwner;

  /** Counts invitations, so answers to an older one are ignored. */
  private int generation;

  private EndpointSources sources = EndpointSources.EMPTY;

  /** Others' source changes that arrived while its session was only offered. */
  private SourceMap pendingAdd = SourceMap.EMPTY;

  private SourceMap pendingRemove = SourceMap.EMPTY;
  private ScheduledFuture<?> acceptTimer;
  private final Deque<Long> restartRequests = new ArrayDeque<>();

  /** The media the bridge drops for it (a moderator's mute), kept across bridge moves. */
  private ForceMute forceMute = NOT_MUTED;

  static final ForceMute NOT_MUTED = new ForceMute(false, false);

  Participant(Occupant occupant, long order) {
    this.id = occupant.nick();
    this.occupant = occupant;
    this.order = order;
  }

  String id() {
    return id;
  }

  /** The media the bridge is told to drop for it. */
  ForceMute forceMute() {
    return forceMute;
  }

  /** Whether its occupant has the moderator role in the room. */
  boolean isModerator() {
    return "moderator".equals(occupant.role());
  }

  /** Its place in the join order. */
  long order() {
    return order;
  }

  Occupant occupant() {
    return occupant;
  }

  /** When its presence reached the focus. */
  Instant joinedAt() {
    return joinedAt;
  }

  /** What it supports, or null while unknown. */
  Features features() {
    return features;
  }

  boolean ownerRequested() {
    return ownerRequested;
  }

  Media media() {
    return media;
  }

  JingleSession session() {
    return session;
  }

  List<Element> offer() {
    return offer;
  }

  BridgeSession endpointOwner() {
    return endpointOwner;
  }

  int generation() {
    return generation;
  }

  EndpointSources sources() {
    return sources;
  }

  /**
   * Where its join went, for the log (bench/join reads it): milliseconds from its presence to its
   * features being known, to its allocation starting, and to now.
   */
  String joinTimeline() {
    return "features at +"
        + millisSinceArrival(featuresNanos)
        + " ms from "
        + featuresFrom
        + ", allocation from +"
        + millisSinceArrival(allocatingNanos)
        + " ms, offer at +"
        + millisSinceArrival(System.nanoTime())
        + " ms after its presence";
  }

  private String millisSinceArrival(long nanos) {
    return nanos < 0 ? "-" : Long.toString((nanos - arrivedNanos) / 1_000_000);
  }

  /** The name the bridge's statistics give its endpoint. */
  String statsId() {
    return occupant.statsId() == null ? id : occupant.statsId();
  }

  /** Whether it should have media: it supports audio or video. */
  boolean wantsMedia() {
    return features != null && (features.has(Features.AUDIO) || features.has(Features.VIDEO));
  }

  /** Whether it has, or is getting, a session. */
  boolean invited() {
    return media == Media.ALLOCATING || media == Media.OFFERED || media == Media.ACTIVE;
  }

  /** Whether its endpoint on this bridge session counts in the bridge's load. */
  boolean countedOn(BridgeSession s) {
    return s != null && endpointOwner == s && (media == Media.OFFERED || media == Media.ACTIVE);
  }

  // Transitions: only the conference's state and handlers call these.

  /** A moderator muted it, or it was allowed to unmute itself. */
  void forceMuted(ForceMute f) {
    forceMute = f;
  }

  void presenceChanged(Occupant o) {
    occupant = o;
  }

  /** Its features, and where they came from (for the log): disco#info or the caps cache. */
  void featuresKnown(Features f, String from) {
    features = f;
    featuresFrom = from;
    featuresNanos = System.nanoTime();
  }

  /** The focus asked the room to make it owner. */
  void markOwnerRequested() {
    ownerRequested = true;
  }

  /** Its endpoint is being allocated on this bridge session for this offer. */
  void allocating(BridgeSession owner, List<Element> offered) {
    resetMedia(Media.ALLOCATING);
    allocatingNanos = System.nanoTime();
    endpointOwner = owner;
    offer = List.copyOf(offered);
  }

  /** Its session-initiate is on the way; the timer removes it unless it accepts. */
  void offered(JingleSession s, ScheduledFuture<?> timer) {
    session = s;
    media = Media.OFFERED;
    acceptTimer = timer;
  }

  /** It accepted its session with these sources. */
  void accepted(EndpointSources s) {
    cancelAcceptTimer();
    media = Media.ACTIVE;
    sources = s;
  }

  void sourcesChanged(EndpointSources s) {
    sources = s;
  }

  /** A change of others' sources waits for its session-accept (merged with what waits). */
  void defer(SourceMap change, boolean add) {
    if (add) {
      pendingAdd = pendingAdd.plus(change);
    } else {
      pendingAdd = pendingAdd.minus(change);
      pendingRemove = pendingRemove.plus(change);
    }
  }

  /** What waited for its session-accept, removals first, and forgets it. */
  List<Pending> takePending() {
    List<Pending> out = new ArrayList<>();
    if (!pendingRemove.isEmpty()) {
      out.add(new Pending("source-remove", pendingRemove));
    }
    if (!pendingAdd.isEmpty()) {
      out.add(new Pending("source-add", pendingAdd));
    }
    pendingAdd = SourceMap.EMPTY;
    pendingRemove = SourceMap.EMPTY;
    return out;
  }

  /** Whether a restart request at {@code now} (nanoTime) is within the limit; if so it counts. */
  boolean allowRestart(RestartLimit limit, long now) {
    return limit.allow(restartRequests, now);
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

  /** Forgets the media session and the sources it signalled. */
  void resetMediaAndSources(Media to) {
    sources = EndpointSources.EMPTY;
    resetMedia(to);
  }

  private void cancelAcceptTimer() {
    if (acceptTimer != null) {
      acceptTimer.cancel(false);
      acceptTimer = null;
    }
  }
}
