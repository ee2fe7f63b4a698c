package org.huddle.focus.conference;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import org.huddle.focus.bridge.Bridge;
import org.huddle.focus.colibri2.BridgeSession;
import org.huddle.focus.conference.Participant.Media;
import org.huddle.focus.jingle.Features;
import org.huddle.focus.jingle.JingleSession;
import org.huddle.focus.jingle.OfferFactory;
import org.huddle.focus.selection.BridgeSelector.Selection;
import org.huddle.focus.selection.SelectionRequest;
import org.huddle.focus.source.EndpointSources;
import org.huddle.focus.source.Source;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.SignallingException;
import org.huddle.xmpp.codec.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A conference's media: one bridge session at a time (a conference never spans two bridges), the
 * invitations (Colibri2 allocation, then Jingle {@code session-initiate}), and the moves. Runs on
 * the conference's queue.
 *
 * <p>A move, when the bridge fails or disappears, is Jicofo's default re-invite: every participant
 * gets {@code session-terminate} ("moving") and then a new {@code session-initiate} from a new
 * bridge. Nobody is sent {@code source-remove} for it, since everyone gets a fresh offer.
 */
final class ConferenceMedia {
  private static final Logger LOG = LoggerFactory.getLogger(ConferenceMedia.class);
  private static final String JVB = "jvb";

  private final Conference conference;
  private final ConferenceContext ctx;
  private final SourceSignaling signaling;
  private final ParticipantJingle jingle;
  private BridgeSession session;
  private Bridge bridge;
  private EndpointSources bridgeSources = EndpointSources.EMPTY;
  private boolean waiting;
  private boolean selecting;
  private ScheduledFuture<?> retryTimer;
  private ScheduledFuture<?> aloneTimer;
  private long movedAtNanos = -1;

  ConferenceMedia(Conference conference, ConferenceContext ctx) {
    this.conference = conference;
    this.ctx = ctx;
    this.signaling = new SourceSignaling(conference, ctx, this);
    this.jingle = new ParticipantJingle(conference, ctx, this, signaling);
  }

  Bridge bridge() {
    return bridge;
  }

  BridgeSession session() {
    return session;
  }

  /** The bridge's own sources (owner {@code jvb}), for every offer. */
  EndpointSources bridgeSources() {
    return bridgeSources;
  }

  /** Someone arrived or became ready: start media once enough participants are there. */
  void participantsChanged() {
    if (conference.state() == Conference.State.ENDED) {
      return;
    }
    List<Participant> media =
        conference.participants().stream().filter(Participant::wantsMedia).toList();
    if (media.size() < ctx.config().conference().minParticipants()) {
      if (session != null && aloneTimer == null) {
        aloneTimer =
            conference.schedule(
                ctx.config().conference().singleParticipantTimeout().toMillis(), this::alone);
      }
      return;
    }
    cancel(aloneTimer);
    aloneTimer = null;
    if (session == null) {
      selectBridge();
      return;
    }
    for (Participant p : media) {
      if (p.media == Media.NONE) {
        invite(p);
      }
    }
  }

  /**
   * Chooses a bridge off the queue (the HTTP hook may take seconds, a Lua strategy runs a script),
   * then opens the session on the queue and invites everyone waiting.
   */
  private void selectBridge() {
    if (selecting) {
      return;
    }
    selecting = true;
    List<Participant> all = conference.participants();
    String region =
        all.stream().map(p -> p.occupant.region()).filter(r -> r != null).findFirst().orElse("");
    String email =
        all.stream()
            .filter(p -> "owner".equals(p.occupant.affiliation()))
            .map(p -> p.occupant.email())
            .filter(e -> e != null)
            .findFirst()
            .orElse(all.isEmpty() ? "" : all.get(0).occupant.email());
    SelectionRequest request =
        new SelectionRequest(conference.roomJid(), region, email, all.size());
    CompletableFuture.supplyAsync(() -> ctx.selector().select(request), ctx.workers())
        .exceptionally(e -> Selection.none("bridge selection failed: " + e))
        .thenAcceptAsync(this::selected, conference.queue());
  }

  private void selected(Selection s) {
    selecting = false;
    if (conference.state() == Conference.State.ENDED || session != null) {
      return;
    }
    if (!s.found()) {
      if (!waiting) {
        LOG.warn(
            "{}: {}; participants are told, and the focus retries",
            conference.roomJid(),
            s.reason());
        ctx.stats().noBridgeErrors.incrementAndGet();
      }
      waiting = true;
      conference.bridgeNotice(true);
      if (retryTimer == null || retryTimer.isDone()) {
        retryTimer =
            conference.schedule(
                ctx.config().bridge().selectionRetryInterval().toMillis(), this::bridgeAvailable);
      }
      return;
    }
    waiting = false;
    cancel(retryTimer);
    conference.bridgeNotice(false);
    bridge = s.bridge();
    bridge.conferenceAdded();
    session =
        new BridgeSession(
            ctx.xmpp(),
            bridge.jid(),
            conference.meetingId(),
            conference.roomJid(),
            ctx.config().xmpp().replyTimeout());
    bridgeSources = EndpointSources.EMPTY;
    LOG.info("{}: on bridge {}", conference.roomJid(), bridge);
    participantsChanged();
  }

  /** Allocates the participant on the bridge, then offers it a session. */
  void invite(Participant p) {
    p.resetMedia(Media.ALLOCATING);
    int generation = p.generation;
    BridgeSession s = session;
    p.endpointOwner = s;
    List<Element> offer = ctx.offers().contents(p.features);
    p.offer = offer;
    long started = System.nanoTime();
    s.allocate(p.id, statsId(p), OfferFactory.colibriMedia(offer), p.sources)
        .whenCompleteAsync(
            (allocation, error) -> {
              if (!current(p, generation, s)) {
                return;
              }
              if (error != null) {
                colibriFailed(p, error);
              } else {
                offer(p, s, offer, allocation, started);
              }
            },
            conference.queue());
  }

  private void offer(
      Participant p,
      BridgeSession s,
      List<Element> offer,
      BridgeSession.Allocation allocation,
      long started) {
    bridge.endpointAdded();
    if (bridgeSources.isEmpty()) {
      bridgeSources = withBridgeMsids(allocation.feedback());
    }
    JingleSession js =
        new JingleSession(
            p.occupant.occupantJid(),
            p.occupant.realJid(),
            ctx.focusJid(),
            ctx.config().conference().jsonSources() && p.features.has(Features.JSON_SOURCES));
    p.session = js;
    p.media = Media.OFFERED;
    ctx.jingle().register(js, jingle::handle);
    Element iq =
        js.initiate(
            offer, allocation.transport(), signaling.sourcesFor(p), s.id(), bridge.region());
    int generation = p.generation;
    p.acceptTimer =
        conference.schedule(
            ctx.config().conference().sessionAcceptTimeout().toMillis(),
            () -> acceptTimedOut(p, generation));
    ctx.stats().invite.record(System.nanoTime() - started);
    if (movedAtNanos >= 0
        && conference.participants().stream().noneMatch(q -> q.media == Media.ALLOCATING)) {
      ctx.stats().move.record(System.nanoTime() - movedAtNanos);
      movedAtNanos = -1;
    }
    ctx.xmpp()
        .request(iq, ctx.config().xmpp().replyTimeout())
        .whenCompleteAsync(
            (answer, error) -> {
              // No answer counts as accepted, as in Jicofo; an error ends the session.
              if (answer != null && Xml.isError(answer) && current(p, generation, s)) {
                LOG.warn(
                    "{}: {} refused the session ({})",
                    conference.roomJid(),
                    p.id,
                    Xml.errorCondition(answer));
                drop(p, Media.FAILED, "general-error", "jingle session failed", true);
              }
            },
            conference.queue());
  }

  /** Jicofo names the bridge's own streams so that clients treat them as mixed. */
  private static EndpointSources withBridgeMsids(EndpointSources feedback) {
    java.util.Set<Source> named = new java.util.LinkedHashSet<>();
    for (Source s : feedback.sources()) {
      String label = "mixedmslabel mixedlabel" + s.media().wire() + "0";
      named.add(new Source(s.ssrc(), s.media(), s.name(), label, s.videoType()));
    }
    return new EndpointSources(named, feedback.groups());
  }

  private static String statsId(Participant p) {
    return p.occupant.statsId() == null ? p.id : p.occupant.statsId();
  }

  /** Whether a callback still concerns this participant's current invitation on this session. */
  boolean current(Participant p, int generation, BridgeSession s) {
    return conference.participant(p.id) == p
        && p.generation == generation
        && session == s
        && s != null;
  }

  private void acceptTimedOut(Participant p, int generation) {
    if (conference.participant(p.id) != p
        || p.generation != generation
        || p.media != Media.OFFERED) {
      return;
    }
    LOG.warn("{}: {} did not accept its session in time; removing it", conference.roomJid(), p.id);
    ctx.stats().acceptTimeouts.incrementAndGet();
    drop(p, Media.FAILED, "timeout", "no session-accept", true);
    conference.kick(p, "The meeting did not hear back from your browser in time.");
  }

  /**
   * Ends a participant's media: its Jingle session (terminated, if asked), its endpoint on the
   * bridge, and its sources, which the others are told to remove.
   */
  void drop(Participant p, Media to, String reason, String text, boolean terminate) {
    if (p.session != null) {
      ctx.jingle().remove(p.session);
      if (terminate) {
        ctx.xmpp().request(p.session.terminate(reason, text), ctx.config().xmpp().replyTimeout());
      }
    }
    releaseEndpoint(p);
    if (!p.sources.isEmpty()) {
      EndpointSources gone = p.sources;
      p.sources = EndpointSources.EMPTY;
      signaling.removed(p, gone);
    }
    p.resetMedia(to);
  }

  private void releaseEndpoint(Participant p) {
    if (session != null && p.endpointOwner == session) {
      session.expire(p.id);
      if (p.media == Media.OFFERED || p.media == Media.ACTIVE) {
        bridge.endpointRemoved();
      }
    }
  }

  /** A participant asked for a new session (ICE failed, or it restarted): re-invite it. */
  void reinvite(Participant p, boolean terminate) {
    drop(p, Media.NONE, "success", "reinvite requested", terminate);
    if (session != null) {
      invite(p);
    } else {
      participantsChanged();
    }
  }

  void participantLeft(Participant p) {
    // Jicofo leaves source-remove to the room's leave presence; clients that do not read room
    // presence (gateways, test clients) need it, and lib-jitsi-meet ignores the repeat.
    if (p.session != null) {
      ctx.jingle().remove(p.session);
    }
    releaseEndpoint(p);
    if (!p.sources.isEmpty()) {
      EndpointSources gone = p.sources;
      p.sources = EndpointSources.EMPTY;
      signaling.removed(p, gone);
    }
    p.resetMedia(Media.NONE);
    participantsChanged();
  }

  /** Alone for the single-participant timeout: free the bridge until someone comes. */
  private void alone() {
    aloneTimer = null;
    long withMedia = conference.participants().stream().filter(Participant::wantsMedia).count();
    if (session == null || withMedia >= ctx.config().conference().minParticipants()) {
      return;
    }
    LOG.info("{}: alone; releasing bridge {}", conference.roomJid(), bridge);
    releaseSession();
    for (Participant p : conference.participants()) {
      if (p.session != null) {
        ctx.jingle().remove(p.session);
        ctx.xmpp()
            .request(
                p.session.terminate("expired", "Idle session timeout"),
                ctx.config().xmpp().replyTimeout());
      }
      p.sources = EndpointSources.EMPTY;
      p.resetMedia(Media.NONE);
    }
  }

  /** Leaves the bridge: call before the participants' media is reset. */
  private void releaseSession() {
    if (session != null) {
      session.expireConference();
      bridge.conferenceRemoved();
      for (Participant p : conference.participants()) {
        if (p.endpointOwner == session && (p.media == Media.OFFERED || p.media == Media.ACTIVE)) {
          bridge.endpointRemoved();
        }
      }
    }
    session = null;
    bridge = null;
    bridgeSources = EndpointSources.EMPTY;
  }

  /** A Colibri2 request for this participant failed. */
  void colibriFailed(Participant p, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    SignallingException e =
        cause instanceof SignallingException c
            ? c
            : new SignallingException("internal-server-error", null, String.valueOf(cause));
    if (e.condition() == null) {
      // The bridge did not answer: it is failed for everyone, and this conference moves now.
      Bridge b = bridge;
      ctx.registry().failed(b, "no answer to Colibri2");
      move(b + " did not answer Colibri2");
    } else if (e.unknownEndpoint()) {
      LOG.info("{}: bridge lost {}'s endpoint; re-inviting", conference.roomJid(), p.id);
      reinvite(p, true);
    } else if ("conference_not_found".equals(e.reason())
        || "graceful_shutdown".equals(e.reason())
        || "conference_already_exists".equals(e.reason())) {
      move(bridge + " answered " + e.reason());
    } else {
      LOG.warn("{}: bridge refused {}: {}", conference.roomJid(), p.id, e.getMessage());
      drop(p, Media.FAILED, "general-error", "allocation failed", p.session != null);
    }
  }

  void bridgeLost(Bridge b, String why) {
    if (b == bridge) {
      move("bridge " + b + " " + why);
    }
  }

  void bridgeAvailable() {
    if (waiting) {
      participantsChanged();
    }
  }

  /** Moves every participant to a new bridge (session-terminate, then a new invitation). */
  private void move(String why) {
    if (session == null) {
      return;
    }
    LOG.warn("{}: moving off {}: {}", conference.roomJid(), bridge, why);
    movedAtNanos = System.nanoTime();
    ctx.stats().conferencesMoved.incrementAndGet();
    releaseSession();
    int moved = 0;
    for (Participant p : conference.participants()) {
      if (p.session != null) {
        ctx.jingle().remove(p.session);
        ctx.xmpp()
            .request(p.session.terminate("success", "moving"), ctx.config().xmpp().replyTimeout());
      }
      if (p.invited()) {
        moved++;
      }
      p.sources = EndpointSources.EMPTY;
      p.resetMedia(Media.NONE);
    }
    ctx.stats().participantsMoved.addAndGet(moved);
    participantsChanged();
  }

  /** The conference ended: nothing may remain on the bridge or in the router. */
  void end() {
    cancel(retryTimer);
    cancel(aloneTimer);
    releaseSession();
    for (Participant p : conference.participants()) {
      if (p.session != null) {
        ctx.jingle().remove(p.session);
      }
      p.resetMedia(Media.NONE);
    }
  }

  private static void cancel(ScheduledFuture<?> f) {
    if (f != null) {
      f.cancel(false);
    }
  }
}
