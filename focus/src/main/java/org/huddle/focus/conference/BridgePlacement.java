package org.huddle.focus.conference;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.huddle.focus.bridge.Bridge;
import org.huddle.focus.colibri2.BridgeSession;
import org.huddle.focus.conference.ConferenceEvent.BridgeLost;
import org.huddle.focus.conference.ConferenceState.Timer;
import org.huddle.focus.conference.Participant.Media;
import org.huddle.focus.conference.Step.Allocated;
import org.huddle.focus.conference.Step.EndMedia;
import org.huddle.focus.conference.Step.Reinvite;
import org.huddle.focus.conference.Step.ShowBridgeNotice;
import org.huddle.focus.conference.Step.TerminateAll;
import org.huddle.focus.jingle.OfferFactory;
import org.huddle.focus.muc.Occupant;
import org.huddle.focus.selection.BridgeSelector.Selection;
import org.huddle.focus.selection.SelectionRequest;
import org.huddle.focus.selection.TurnServer;
import org.huddle.focus.source.EndpointSources;
import org.huddle.signalling.SignallingException;
import org.huddle.xmpp.codec.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conference on a bridge, over Colibri2: when to be on one (enough participants with media, and
 * not for long alone), choosing it, allocating each participant's endpoint there, passing it what
 * the participant accepted, expiring it, and moving every participant when the bridge is lost or
 * refuses the conference. Offering the Jingle session is {@link Allocated}'s business, and the
 * participants' sessions end with {@link TerminateAll} or {@link EndMedia}; the room shows that
 * there is no bridge with {@link ShowBridgeNotice}.
 */
final class BridgePlacement {
  private static final Logger LOG = LoggerFactory.getLogger(BridgePlacement.class);

  private final ConferenceState state;
  private final Effects effects;
  private final ConferenceContext ctx;

  BridgePlacement(ConferenceState state, Effects effects, ConferenceContext ctx) {
    this.state = state;
    this.effects = effects;
    this.ctx = ctx;
  }

  /** Someone arrived, left or became ready: start media once enough participants are there. */
  void mediaNeeded() {
    if (state.ended()) {
      return;
    }
    List<Participant> withMedia = state.withMedia();
    if (withMedia.size() < ctx.config().conference().minParticipants()) {
      if (state.session() != null && !state.armed(Timer.ALONE)) {
        state.arm(
            Timer.ALONE,
            effects.schedule(ctx.config().conference().singleParticipantTimeout(), this::alone));
      }
      return;
    }
    state.cancel(Timer.ALONE);
    if (state.session() == null) {
      selectBridge();
      return;
    }
    for (Participant p : withMedia) {
      if (p.media() == Media.NONE) {
        invite(p);
      }
    }
  }

  /** A bridge became available: try again if waiting for one. */
  void bridgeAvailable() {
    if (state.waiting()) {
      mediaNeeded();
    }
  }

  /**
   * Chooses a bridge off the queue (the HTTP hook may take seconds, a Lua strategy runs a script),
   * then opens the session on the queue and invites everyone waiting.
   */
  private void selectBridge() {
    if (state.selecting()) {
      return;
    }
    state.selecting(true);
    List<Occupant> all = state.participants().stream().map(Participant::occupant).toList();
    SelectionRequest request = selectionRequest(state.roomJid(), all, ctx.schedule());
    CompletableFuture.supplyAsync(() -> ctx.selector().select(request), ctx.workers())
        .exceptionally(e -> Selection.none("bridge selection failed: " + e))
        .thenAcceptAsync(this::selected, effects.queue());
  }

  /**
   * The first region any occupant names; a scheduled meeting's organizer and span, else the email
   * of an owner, else of the first occupant, and no span.
   */
  static SelectionRequest selectionRequest(
      String room, List<Occupant> all, MeetingSchedule schedule) {
    String region =
        all.stream().map(Occupant::region).filter(r -> r != null).findFirst().orElse("");
    String email =
        all.stream()
            .filter(o -> "owner".equals(o.affiliation()))
            .map(Occupant::email)
            .filter(e -> e != null)
            .findFirst()
            .orElse(all.isEmpty() ? "" : all.get(0).email());
    String name = room.contains("@") ? room.substring(0, room.indexOf('@')) : room;
    Optional<MeetingSchedule.Window> scheduled = schedule.find(name, Instant.now());
    if (scheduled.isPresent()) {
      MeetingSchedule.Window w = scheduled.get();
      return new SelectionRequest(
          room,
          region,
          w.organizer(),
          all.size(),
          w.begin().getEpochSecond(),
          w.end().getEpochSecond());
    }
    return new SelectionRequest(room, region, email, all.size());
  }

  private void selected(Selection s) {
    state.selecting(false);
    if (state.ended() || state.session() != null) {
      return;
    }
    if (!s.found()) {
      if (!state.waiting()) {
        LOG.warn(
            "{}: {}; participants are told, and the focus retries", state.roomJid(), s.reason());
        ctx.stats().noBridgeErrors.incrementAndGet();
      }
      state.waiting(true);
      effects.dispatch(new ShowBridgeNotice(true));
      if (!state.armed(Timer.RETRY)) {
        state.arm(
            Timer.RETRY,
            effects.schedule(
                ctx.config().bridge().selectionRetryInterval(),
                () -> {
                  state.fired(Timer.RETRY);
                  bridgeAvailable();
                }));
      }
      return;
    }
    state.waiting(false);
    state.cancel(Timer.RETRY);
    effects.dispatch(new ShowBridgeNotice(false));
    Bridge bridge = s.bridge();
    bridge.conferenceAdded();
    state.onBridge(
        bridge,
        new BridgeSession(
            ctx.xmpp(),
            bridge.jid(),
            state.meetingId(),
            state.roomJid(),
            ctx.config().xmpp().replyTimeout()));
    LOG.info("{}: on bridge {}", state.roomJid(), bridge);
    announceTurn(s.turn());
    effects.publish(
        new ConferenceEvent.BridgeChosen(state.roomJid(), state.meetingId(), bridge.nick()));
    mediaNeeded();
  }

  /**
   * Tells the XMPP server the meeting's TURN servers when they changed (the allocation hook named
   * others, or none after naming some), before anyone is invited: its extdisco answers and pushes
   * reach the participants ahead of their offers, on the same connection.
   */
  private void announceTurn(List<TurnServer> turn) {
    if (turn.equals(state.meetingTurn())) {
      return;
    }
    state.meetingTurn(turn);
    LOG.info(
        "{}: the meeting's TURN servers: {}",
        state.roomJid(),
        turn.isEmpty() ? "the server's" : turn);
    effects
        .request(MeetingServicesIq.set(ctx.config().xmpp().xmppDomain(), state.roomJid(), turn))
        .whenComplete(
            (answer, e) -> {
              if (e != null || org.huddle.focus.xml.Xml.isError(answer)) {
                LOG.warn(
                    "{}: the XMPP server did not take the meeting's TURN servers ({}); participants"
                        + " get its default ones",
                    state.roomJid(),
                    e != null ? e.toString() : org.huddle.focus.xml.Xml.errorCondition(answer));
              }
            });
  }

  /** The conference ended: the XMPP server forgets the meeting's TURN servers. */
  void forgetTurn() {
    if (!state.meetingTurn().isEmpty()) {
      state.meetingTurn(List.of());
      effects.send(
          MeetingServicesIq.set(ctx.config().xmpp().xmppDomain(), state.roomJid(), List.of()));
    }
  }

  /** Invites the participant on the current bridge session, or waits for one. */
  void inviteOrWait(Participant p) {
    if (state.session() != null) {
      invite(p);
    } else {
      mediaNeeded();
    }
  }

  /** Allocates the participant on the bridge, then has it offered a session. */
  private void invite(Participant p) {
    BridgeSession s = state.session();
    List<Element> offer = ctx.offers().contents(p.features());
    p.allocating(s, offer);
    int generation = p.generation();
    long started = System.nanoTime();
    s.allocate(p.id(), p.statsId(), OfferFactory.colibriMedia(offer), p.sources(), p.forceMute())
        .whenCompleteAsync(
            (allocation, error) -> {
              if (!state.current(p, generation, s)) {
                return;
              }
              if (error != null) {
                colibriFailed(p, error);
                return;
              }
              state.bridge().endpointAdded();
              if (state.bridgeSources().isEmpty()) {
                state.bridgeSources(allocation.feedback().asMixed());
              }
              effects.dispatch(new Allocated(p, s, allocation));
              ctx.stats().invite.record(System.nanoTime() - started);
              if (state.movedAtNanos() >= 0
                  && state.participants().stream().noneMatch(q -> q.media() == Media.ALLOCATING)) {
                ctx.stats().move.record(System.nanoTime() - state.movedAtNanos());
                state.movedAtNanos(-1);
              }
            },
            effects.queue());
  }

  /** Sends the participant's accepted media, transport and/or sources to the bridge. */
  void updateEndpoint(
      Participant p,
      List<org.huddle.signalling.colibri2.Media> accepted,
      Element transport,
      EndpointSources sources) {
    BridgeSession s = state.session();
    if (s == null || p.endpointOwner() != s) {
      return;
    }
    int generation = p.generation();
    s.update(p.id(), p.statsId(), accepted, transport, sources)
        .whenCompleteAsync(
            (v, e) -> {
              if (e != null && state.current(p, generation, s)) {
                colibriFailed(p, e);
              }
            },
            effects.queue());
  }

  /** Tells the bridge the participant's moderator mute, if it has an endpoint there. */
  void forceMute(Participant p) {
    BridgeSession s = state.session();
    if (s == null || p.endpointOwner() != s) {
      return; // its next endpoint starts with the mute (invite)
    }
    int generation = p.generation();
    s.forceMute(p.id(), p.forceMute())
        .whenCompleteAsync(
            (v, e) -> {
              if (e != null && state.current(p, generation, s)) {
                colibriFailed(p, e);
              }
            },
            effects.queue());
  }

  /** Expires the participant's endpoint, if it has one in the current session. */
  void expire(Participant p) {
    BridgeSession s = state.session();
    if (s != null && p.endpointOwner() == s) {
      s.expire(p.id());
      if (p.countedOn(s)) {
        state.bridge().endpointRemoved();
      }
    }
  }

  /** Alone for the single-participant timeout: free the bridge until someone comes. */
  private void alone() {
    state.fired(Timer.ALONE);
    long withMedia = state.withMedia().size();
    if (state.session() == null || withMedia >= ctx.config().conference().minParticipants()) {
      return;
    }
    LOG.info("{}: alone; releasing bridge {}", state.roomJid(), state.bridge());
    release();
    effects.dispatch(new TerminateAll("expired", "Idle session timeout"));
  }

  /** Leaves the bridge: call before the participants' media is reset. */
  void release() {
    BridgeSession s = state.session();
    if (s != null) {
      s.expireConference();
      Bridge bridge = state.bridge();
      bridge.conferenceRemoved();
      for (Participant p : state.participants()) {
        if (p.countedOn(s)) {
          bridge.endpointRemoved();
        }
      }
    }
    state.offBridge();
  }

  /** A Colibri2 request for this participant failed. */
  private void colibriFailed(Participant p, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    SignallingException e =
        cause instanceof SignallingException c
            ? c
            : new SignallingException("internal-server-error", null, String.valueOf(cause));
    if (e.condition() == null) {
      // The bridge did not answer: it is failed for everyone, and this conference moves now.
      Bridge b = state.bridge();
      ctx.registry().failed(b, "no answer to Colibri2");
      move(b + " did not answer Colibri2");
    } else if (e.unknownEndpoint()) {
      LOG.info("{}: bridge lost {}'s endpoint; re-inviting", state.roomJid(), p.id());
      effects.dispatch(new Reinvite(p, true));
    } else if ("conference_not_found".equals(e.reason())
        || "graceful_shutdown".equals(e.reason())
        || "conference_already_exists".equals(e.reason())) {
      move(state.bridge() + " answered " + e.reason());
    } else {
      LOG.warn("{}: bridge refused {}: {}", state.roomJid(), p.id(), e.getMessage());
      effects.dispatch(
          new EndMedia(p, Media.FAILED, "general-error", "allocation failed", p.session() != null));
    }
  }

  /**
   * Moves every participant to a new bridge: Jicofo's default re-invite, session-terminate
   * ("moving") and then a new session-initiate from the new bridge. Nobody is sent source-remove
   * for it, since everyone gets a fresh offer.
   */
  void move(String why) {
    if (state.session() == null) {
      return;
    }
    Bridge lost = state.bridge();
    LOG.warn("{}: moving off {}: {}", state.roomJid(), lost, why);
    state.movedAtNanos(System.nanoTime());
    int moved = (int) state.participants().stream().filter(Participant::invited).count();
    release();
    effects.dispatch(new TerminateAll("success", "moving"));
    effects.publish(new BridgeLost(state.roomJid(), lost, why, moved));
    mediaNeeded();
  }
}
