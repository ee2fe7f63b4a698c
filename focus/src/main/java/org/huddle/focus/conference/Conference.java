package org.huddle.focus.conference;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.huddle.focus.bridge.Bridge;
import org.huddle.focus.conference.Step.Accepted;
import org.huddle.focus.conference.Step.Allocated;
import org.huddle.focus.conference.Step.End;
import org.huddle.focus.conference.Step.EndMedia;
import org.huddle.focus.conference.Step.ExpireEndpoint;
import org.huddle.focus.conference.Step.ForceMuteEndpoint;
import org.huddle.focus.conference.Step.Invite;
import org.huddle.focus.conference.Step.MediaNeeded;
import org.huddle.focus.conference.Step.Reinvite;
import org.huddle.focus.conference.Step.ShowBridgeNotice;
import org.huddle.focus.conference.Step.SourcesChanged;
import org.huddle.focus.conference.Step.TellMuted;
import org.huddle.focus.conference.Step.TerminateAll;
import org.huddle.focus.conference.Step.UpdateEndpoint;
import org.huddle.focus.jingle.JingleSession;
import org.huddle.focus.muc.Room;
import org.huddle.xmpp.codec.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room's conference, as a router: it runs each input (room presence, a Jingle request, a bridge
 * event, a timer, an answer) on the conference's serial queue and hands it to the one handler for
 * it. The state is one {@link ConferenceState}; the handlers each have one job and share that
 * state: {@link Membership} (the room, participants, owners), {@link BridgePlacement} (the bridge
 * and Colibri2), {@link ParticipantSessions} (Jingle with the participants) and {@link
 * SourcePropagation} (who hears of whose sources). A handler gets the state and an {@link Effects}
 * outbox, never the conference or another handler; what it needs of another it hands back as a
 * {@link Step}, which {@link #dispatch} runs on the handler it belongs to
 * (docs/focus.md#the-conference-state-object).
 *
 * <p>Life: {@link #start} joins the room; the self-presence makes it running; the first participant
 * must arrive within the initial timeout; when the last participant leaves (or the focus is removed
 * from the room) it ends, leaving nothing behind.
 */
public final class Conference {
  private static final Logger LOG = LoggerFactory.getLogger(Conference.class);

  private final ConferenceContext ctx;
  private final ConferenceEvents events;
  private final SerialExecutor queue;
  private final ConferenceState state;
  private final CompletableFuture<Boolean> joined = new CompletableFuture<>();
  private final Consumer<Conference> onEnded;
  private final Membership membership;
  private final BridgePlacement placement;
  private final ParticipantSessions sessions;
  private final SourcePropagation sources;
  private final Moderation moderation;

  Conference(
      ConferenceContext ctx,
      ConferenceEvents events,
      String roomJid,
      Consumer<Conference> onEnded) {
    this.ctx = ctx;
    this.events = events;
    this.onEnded = onEnded;
    this.queue = new SerialExecutor(ctx.workers());
    this.state =
        new ConferenceState(
            roomJid, new Room(ctx.xmpp(), roomJid, ctx.config().xmpp().replyTimeout()));
    Effects effects = new Outbox();
    var c = ctx.config().conference();
    SourceSignaling signalling = new SourceSignaling(c.stripSimulcast());
    this.membership = new Membership(state, effects, c, ctx.admission(), ctx.caps());
    this.placement = new BridgePlacement(state, effects, ctx);
    this.sessions = new ParticipantSessions(state, effects, ctx, signalling);
    this.sources = new SourcePropagation(state, effects, signalling);
    this.moderation = new Moderation(state, effects);
  }

  public String roomJid() {
    return state.roomJid();
  }

  public String meetingId() {
    return state.meetingId();
  }

  public Phase state() {
    return state.phase();
  }

  /** Participants in the room, the focus not counted. */
  public int size() {
    return state.size();
  }

  /**
   * Whether a signed-in participant has joined since the conference started: with signing in on,
   * guests join only then ({@link Admission}).
   */
  public boolean hostJoined() {
    return state.hostJoined();
  }

  /** Completes with true once the focus is in the room, false if it could not join. */
  public CompletableFuture<Boolean> joined() {
    return joined;
  }

  /** The bridge the conference uses now, or null. */
  public Bridge bridge() {
    return state.bridge();
  }

  // Inputs: each is queued, and handed to its handler on the queue.

  /** Joins the room; the first participant must arrive within the initial timeout. */
  void start() {
    queue.execute(membership::join);
  }

  /** A presence from this room. */
  void onPresence(Element presence) {
    queue.execute(
        () -> {
          if (membership.presence(presence)) {
            joined.complete(true);
          }
        });
  }

  /** A bridge failed or left: move away from it if this conference uses it. */
  void onBridgeLost(Bridge b, String why) {
    queue.execute(
        () -> {
          if (b == state.bridge()) {
            placement.move("bridge " + b + " " + why);
          }
        });
  }

  /** A bridge became available: try again if waiting for one. */
  void onBridgeAvailable() {
    queue.execute(placement::bridgeAvailable);
  }

  /** Ends the conference (shutdown, or the focus lost its connection). */
  void stop(String why) {
    queue.execute(() -> end(why));
  }

  /** A Jingle request on one of this conference's sessions (the router's entry). */
  CompletableFuture<Element> onJingle(JingleSession js, String action, Element request) {
    CompletableFuture<Element> answer = new CompletableFuture<>();
    queue.execute(
        () -> {
          try {
            answer.complete(sessions.request(js, action, request));
          } catch (RuntimeException e) {
            LOG.warn("{}: Jingle {} failed", state.roomJid(), action, e);
            answer.complete(sessions.refuse(request, "internal-server-error", null, null));
          }
        });
    return answer;
  }

  /** A mute request relayed by the room from one of its occupants (docs/wire.md#mute). */
  CompletableFuture<Element> onMute(Element request) {
    CompletableFuture<Element> answer = new CompletableFuture<>();
    queue.execute(() -> answer.complete(moderation.mute(request)));
    return answer;
  }

  /** A message about this room from the A/V moderation component (docs/wire.md#av-moderation). */
  void onAvModeration(AvModerationNotice notice) {
    queue.execute(() -> moderation.avModeration(notice));
  }

  /** Runs a handler's step on the one handler it belongs to, now (on the queue). */
  private void dispatch(Step step) {
    switch (step) {
      case MediaNeeded m -> placement.mediaNeeded();
      case Invite i -> placement.inviteOrWait(i.participant());
      case Allocated a -> sessions.offer(a.participant(), a.session(), a.allocation());
      case EndMedia e ->
          sessions.endMedia(e.participant(), e.to(), e.reason(), e.text(), e.terminate());
      case Reinvite r -> sessions.reinvite(r.participant(), r.terminate());
      case ExpireEndpoint e -> placement.expire(e.participant());
      case UpdateEndpoint u ->
          placement.updateEndpoint(u.participant(), u.accepted(), u.transport(), u.sources());
      case TerminateAll t -> sessions.terminateAll(t.reason(), t.text());
      case SourcesChanged s -> sources.changed(s.from(), s.added(), s.removed());
      case Accepted a -> sources.accepted(a.participant(), a.sources());
      case ForceMuteEndpoint f -> placement.forceMute(f.participant());
      case TellMuted t -> moderation.tellMuted(t.participant());
      case ShowBridgeNotice n -> membership.bridgeNotice(n.show());
      case End e -> end(e.why());
    }
  }

  /** Ends the conference: every handler lets go of what it holds, and nothing is left behind. */
  private void end(String why) {
    if (state.ended()) {
      return;
    }
    state.phase(Phase.ENDED);
    LOG.info("{}: conference ended: {}", state.roomJid(), why);
    events.fire(new ConferenceEvent.ConferenceEnded(state.roomJid(), state.meetingId(), why));
    state.cancelAll();
    placement.release();
    placement.forgetTurn();
    sessions.forgetAll();
    membership.leave();
    joined.complete(false);
    onEnded.accept(this);
  }

  /** What the handlers may do, on this conference's queue, without holding the conference. */
  private final class Outbox implements Effects {
    @Override
    public CompletableFuture<Element> request(Element iq) {
      return ctx.xmpp().request(iq, ctx.config().xmpp().replyTimeout());
    }

    @Override
    public void send(Element stanza) {
      ctx.xmpp().send(stanza);
    }

    @Override
    public void publish(ConferenceEvent event) {
      events.fire(event);
    }

    @Override
    public ScheduledFuture<?> schedule(Duration delay, Runnable task) {
      return ctx.timer()
          .schedule(() -> queue.execute(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Executor queue() {
      return queue;
    }

    @Override
    public void dispatch(Step step) {
      Conference.this.dispatch(step);
    }

    @Override
    public void listen(JingleSession session) {
      ctx.jingle().register(session, Conference.this::onJingle);
    }

    @Override
    public void forget(JingleSession session) {
      ctx.jingle().remove(session);
    }
  }
}
