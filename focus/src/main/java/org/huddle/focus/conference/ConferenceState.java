package org.huddle.focus.conference;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import org.huddle.focus.bridge.Bridge;
import org.huddle.focus.colibri2.BridgeSession;
import org.huddle.focus.jingle.JingleSession;
import org.huddle.focus.muc.Occupant;
import org.huddle.focus.muc.Room;
import org.huddle.focus.source.EndpointSources;

/**
 * One conference's state, and only that: the focus in the room, the participants (each keeping its
 * own session and sources), the bridge and its session, and the conference's timers. It sends
 * nothing and decides nothing; it keeps what holds whatever the handlers do: a participant is in
 * the map under its nick, the size is the map's, and a conference has at most one bridge session.
 * Only the handlers on the conference's queue change it; the values other threads read ({@link
 * #phase()}, {@link #size()}, {@link #hostJoined()}, {@link #bridge()}) are volatile.
 */
final class ConferenceState {
  /** The conference's timers; each is cleared when it is cancelled or runs. */
  enum Timer {
    /** The first participant must arrive before it runs. */
    INITIAL,
    /** Asks for a bridge again while there is none. */
    RETRY,
    /** Frees the bridge when one participant has been alone for a while. */
    ALONE
  }

  private final String roomJid;
  private final String meetingId = UUID.randomUUID().toString();
  private final Room room;
  private final Map<String, Participant> participants = new LinkedHashMap<>();
  private final Collection<Participant> view =
      Collections.unmodifiableCollection(participants.values());
  private final Map<Timer, ScheduledFuture<?>> timers = new EnumMap<>(Timer.class);
  private final AvModeration avModeration = new AvModeration();
  private volatile Phase phase = Phase.JOINING;
  private volatile int size;
  private volatile boolean hostJoined;
  private long joins;
  private boolean bridgeNotice;

  // The bridge: one session at a time (a conference never spans two bridges).
  private volatile Bridge bridge;
  private BridgeSession session;
  private EndpointSources bridgeSources = EndpointSources.EMPTY;
  private boolean waiting;
  private java.util.List<org.huddle.focus.selection.TurnServer> meetingTurn = java.util.List.of();
  private boolean selecting;
  private long movedAtNanos = -1;

  ConferenceState(String roomJid, Room room) {
    this.roomJid = roomJid;
    this.room = room;
  }

  String roomJid() {
    return roomJid;
  }

  String meetingId() {
    return meetingId;
  }

  /** The focus in the room. */
  Room room() {
    return room;
  }

  Phase phase() {
    return phase;
  }

  boolean ended() {
    return phase == Phase.ENDED;
  }

  void phase(Phase to) {
    phase = to;
  }

  // Participants.

  /** The participants in join order (a read-only view). */
  Collection<Participant> participants() {
    return view;
  }

  int size() {
    return size;
  }

  boolean hostJoined() {
    return hostJoined;
  }

  Participant participant(String id) {
    return participants.get(id);
  }

  /** Whether this participant is still in the conference (not left, not replaced by a rejoin). */
  boolean present(Participant p) {
    return participants.get(p.id()) == p;
  }

  /** Whether a callback still concerns this participant's current invitation on this session. */
  boolean current(Participant p, int generation, BridgeSession s) {
    return present(p) && p.generation() == generation && session == s && s != null;
  }

  /** The participant whose Jingle session this is, or null. */
  Participant bySession(JingleSession js) {
    return participants.values().stream().filter(q -> q.session() == js).findFirst().orElse(null);
  }

  /** The participants that should have media, in join order. */
  List<Participant> withMedia() {
    return participants.values().stream().filter(Participant::wantsMedia).toList();
  }

  /** The room's A/V moderation, as the component told the focus. */
  AvModeration avModeration() {
    return avModeration;
  }

  /**
   * A new occupant becomes a participant, last in the join order; while A/V moderation is on, it
   * starts muted on the bridge in each medium it may not unmute.
   */
  Participant add(Occupant o, boolean signedIn) {
    Participant p = new Participant(o, joins++);
    p.forceMuted(avModeration.onJoin(p));
    participants.put(p.id(), p);
    hostJoined |= signedIn;
    size = participants.size();
    return p;
  }

  /** The participant under this nick leaves; null if there was none. */
  Participant remove(String nick) {
    Participant p = participants.remove(nick);
    size = participants.size();
    return p;
  }

  void clear() {
    participants.clear();
    size = 0;
  }

  // Timers.

  void arm(Timer t, ScheduledFuture<?> f) {
    timers.put(t, f);
  }

  boolean armed(Timer t) {
    return timers.containsKey(t);
  }

  /** The timer ran: it is no longer armed. */
  void fired(Timer t) {
    timers.remove(t);
  }

  void cancel(Timer t) {
    ScheduledFuture<?> f = timers.remove(t);
    if (f != null) {
      f.cancel(false);
    }
  }

  void cancelAll() {
    for (Timer t : Timer.values()) {
      cancel(t);
    }
  }

  // The bridge.

  /** Whether the room shows Jicofo's "no bridge" sign. */
  boolean bridgeNotice() {
    return bridgeNotice;
  }

  void bridgeNotice(boolean show) {
    bridgeNotice = show;
  }

  /** The bridge the conference uses now, or null. */
  Bridge bridge() {
    return bridge;
  }

  /** The conference's Colibri2 session on {@link #bridge()}, or null. */
  BridgeSession session() {
    return session;
  }

  /** The sources the bridge itself sends (owner {@code jvb}). */
  EndpointSources bridgeSources() {
    return bridgeSources;
  }

  void bridgeSources(EndpointSources s) {
    bridgeSources = s;
  }

  /** The conference is now on this bridge, in this session. */
  void onBridge(Bridge b, BridgeSession s) {
    bridge = b;
    session = s;
    bridgeSources = EndpointSources.EMPTY;
  }

  /** The conference has left its bridge. */
  void offBridge() {
    bridge = null;
    session = null;
    bridgeSources = EndpointSources.EMPTY;
  }

  /** Whether it found no bridge last time, and waits for one. */
  /** The TURN servers the XMPP server was last told for this meeting (empty: its defaults). */
  java.util.List<org.huddle.focus.selection.TurnServer> meetingTurn() {
    return meetingTurn;
  }

  void meetingTurn(java.util.List<org.huddle.focus.selection.TurnServer> turn) {
    meetingTurn = java.util.List.copyOf(turn);
  }

  boolean waiting() {
    return waiting;
  }

  void waiting(boolean w) {
    waiting = w;
  }

  /** Whether a bridge selection is under way. */
  boolean selecting() {
    return selecting;
  }

  void selecting(boolean s) {
    selecting = s;
  }

  /**
   * When the conference last moved off a bridge (nanoTime), or -1 once everyone is offered again.
   */
  long movedAtNanos() {
    return movedAtNanos;
  }

  void movedAtNanos(long at) {
    movedAtNanos = at;
  }
}
