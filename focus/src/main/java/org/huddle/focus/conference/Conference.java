package org.huddle.focus.conference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.huddle.focus.bridge.Bridge;
import org.huddle.focus.colibri2.BridgeSession;
import org.huddle.focus.conference.ConferenceEvent.BridgeLost;
import org.huddle.focus.conference.ConferenceEvent.ParticipantJoined;
import org.huddle.focus.conference.ConferenceEvent.ParticipantLeft;
import org.huddle.focus.conference.ConferenceEvent.SourcesChanged;
import org.huddle.focus.conference.JingleRequests.Accept;
import org.huddle.focus.conference.JingleRequests.AddSources;
import org.huddle.focus.conference.JingleRequests.Decision;
import org.huddle.focus.conference.JingleRequests.End;
import org.huddle.focus.conference.JingleRequests.Nothing;
import org.huddle.focus.conference.JingleRequests.Refuse;
import org.huddle.focus.conference.JingleRequests.RemoveSources;
import org.huddle.focus.conference.JingleRequests.Restart;
import org.huddle.focus.conference.JingleRequests.Transport;
import org.huddle.focus.conference.Participant.Media;
import org.huddle.focus.conference.SourceSignaling.Defer;
import org.huddle.focus.conference.SourceSignaling.Send;
import org.huddle.focus.conference.SourceSignaling.Update;
import org.huddle.focus.jingle.Features;
import org.huddle.focus.jingle.JingleSession;
import org.huddle.focus.jingle.OfferFactory;
import org.huddle.focus.muc.Occupant;
import org.huddle.focus.muc.Room;
import org.huddle.focus.selection.BridgeSelector.Selection;
import org.huddle.focus.selection.SelectionRequest;
import org.huddle.focus.source.EndpointSources;
import org.huddle.focus.source.SourceMap;
import org.huddle.focus.source.SourceRules;
import org.huddle.focus.xml.StanzaErrors;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.jingle.Jingle;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room's conference, the one object that holds its state: the focus in the room, the
 * participants (their sessions and sources), the bridge session, and the timers. Every transition
 * runs on the conference's serial queue, and only here: membership and moderators, the bridge,
 * invitations and moves, and the participants' Jingle requests. Its components keep no state of the
 * conference and hold no reference to it: {@link Moderators}, {@link SourceSignaling} and {@link
 * JingleRequests} return decisions, which the conference carries out; {@link BridgeSession} and
 * {@link JingleSession} build the requests it sends. After a transition it fires a narrow {@link
 * ConferenceEvent} to the hooks in {@link ConferenceEvents}.
 *
 * <p>Life: {@link #start} joins the room; the self-presence makes it running; the first participant
 * must arrive within the initial timeout; when the last participant leaves (or the focus is removed
 * from the room) it ends, leaving nothing behind.
 */
public final class Conference {
  private static final Logger LOG = LoggerFactory.getLogger(Conference.class);

  /** Where the conference stands. */
  public enum State {
    JOINING,
    RUNNING,
    ENDED
  }

  private final ConferenceContext ctx;
  private final ConferenceEvents events;
  private final String roomJid;
  private final String meetingId = UUID.randomUUID().toString();
  private final SerialExecutor queue;
  private final Room room;
  private final Moderators moderators;
  private final SourceSignaling signalling;
  private final JingleRequests requests;
  private final RestartLimit restarts;
  private final CompletableFuture<Boolean> joined = new CompletableFuture<>();
  private final Consumer<Conference> onEnded;
  private final Map<String, String> properties = new LinkedHashMap<>();

  // Membership.
  private final Map<String, Participant> participants = new LinkedHashMap<>();
  private volatile State state = State.JOINING;
  private volatile int size;
  private volatile boolean hostJoined;
  private long joins;
  private boolean bridgeNotice;
  private ScheduledFuture<?> initialTimer;

  // The bridge: one session at a time (a conference never spans two bridges).
  private volatile Bridge bridge;
  private BridgeSession session;
  private EndpointSources bridgeSources = EndpointSources.EMPTY;
  private boolean waiting;
  private boolean selecting;
  private ScheduledFuture<?> retryTimer;
  private ScheduledFuture<?> aloneTimer;
  private long movedAtNanos = -1;

  Conference(
      ConferenceContext ctx,
      ConferenceEvents events,
      String roomJid,
      Consumer<Conference> onEnded) {
    this.ctx = ctx;
    this.events = events;
    this.roomJid = roomJid;
    this.onEnded = onEnded;
    this.queue = new SerialExecutor(ctx.workers());
    this.room = new Room(ctx.xmpp(), roomJid, ctx.config().xmpp().replyTimeout());
    var c = ctx.config().conference();
    this.moderators = new Moderators(c.autoOwner(), ctx.admission());
    this.signalling = new SourceSignaling(c.stripSimulcast());
    this.requests =
        new JingleRequests(new SourceRules(c.maxSsrcsPerUser(), c.maxSsrcGroupsPerUser()));
    this.restarts =
        new RestartLimit(c.restartMinInterval(), c.restartMaxRequests(), c.restartInterval());
    properties.put("support-terminate-restart", "true");
  }

  public String roomJid() {
    return roomJid;
  }

  public String meetingId() {
    return meetingId;
  }

  public State state() {
    return state;
  }

  /** Participants in the room, the focus not counted. */
  public int size() {
    return size;
  }

  /**
   * Whether a signed-in participant has joined since the conference started: with signing in on,
   * guests join only then ({@link Admission}).
   */
  public boolean hostJoined() {
    return hostJoined;
  }

  /** Completes with true once the focus is in the room, false if it could not join. */
  public CompletableFuture<Boolean> joined() {
    return joined;
  }

  /** The bridge the conference uses now, or null. */
  public Bridge bridge() {
    return bridge;
  }

  // Inputs: each is queued, and handled on the queue.

  /** Joins the room; the first participant must arrive within the initial timeout. */
  void start() {
    queue.execute(
        () -> {
          room.useExtensions(extensions());
          room.join();
          initialTimer =
              schedule(
                  ctx.config().conference().initialTimeout().toMillis(),
                  () -> {
                    if (participants.isEmpty() && state != State.ENDED) {
                      end("nobody joined within the initial timeout");
                    }
                  });
        });
  }

  /** A presence from this room. */
  void onPresence(Element presence) {
    queue.execute(() -> presence(presence));
  }

  /** A bridge failed or left: move away from it if this conference uses it. */
  void onBridgeLost(Bridge b, String why) {
    queue.execute(
        () -> {
          if (b == bridge) {
            move("bridge " + b + " " + why);
          }
        });
  }

  /** A bridge became available: try again if waiting for one. */
  void onBridgeAvailable() {
    queue.execute(this::bridgeAvailable);
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
            answer.complete(jingle(js, action, request));
          } catch (RuntimeException e) {
            LOG.warn("{}: Jingle {} failed", roomJid, action, e);
            answer.complete(refuse(request, "internal-server-error", null, null));
          }
        });
    return answer;
  }

  // Membership.

  private void presence(Element p) {
    if (state == State.ENDED) {
      return;
    }
    if ("error".equals(p.attr("type"))) {
      if (room.occupantJid().equalsIgnoreCase(p.attr("from"))) {
        end("the room refused the focus: " + Xml.errorCondition(p));
      }
      return;
    }
    Occupant o = Occupant.parse(p);
    if (o == null) {
      return;
    }
    if (o.nick().equals(Room.NICK) || o.self()) {
      self(o);
    } else if (!o.available()) {
      left(o);
    } else if (participants.containsKey(o.nick())) {
      participants.get(o.nick()).presenceChanged(o);
      electOwners();
    } else {
      arrived(o);
    }
  }

  private void self(Occupant o) {
    if (!o.available()) {
      end("the focus was removed from the room");
      return;
    }
    if (state == State.JOINING) {
      state = State.RUNNING;
      LOG.info("{}: focus joined (meeting {})", roomJid, meetingId);
      if (o.statusCodes().contains(201)) {
        room.unlock();
      }
      joined.complete(true);
    }
  }

  private void arrived(Occupant o) {
    Participant p = new Participant(o, joins++);
    participants.put(p.id(), p);
    if (ctx.admission().signedIn(o.realBareJid())) {
      hostJoined = true;
    }
    size = participants.size();
    cancel(initialTimer);
    initialTimer = null;
    LOG.info("{}: {} joined ({} participants)", roomJid, p.id(), participants.size());
    events.fire(new ParticipantJoined(roomJid, p.id(), size));
    electOwners();
    discoverFeatures(p);
  }

  /** Asks the participant what it supports (XEP-0030), as Jicofo does before inviting. */
  private void discoverFeatures(Participant p) {
    Element query = new Element("query", Namespaces.DISCO_INFO);
    ctx.xmpp()
        .request(Xml.iq("get", p.occupant().occupantJid(), query), replyTimeout())
        .handle(
            (answer, error) ->
                answer != null && !Xml.isError(answer) ? Features.of(Xml.payload(answer)) : null)
        .thenAcceptAsync(
            f -> {
              if (participants.get(p.id()) != p) {
                return;
              }
              p.featuresKnown(f == null ? Features.DEFAULT : f);
              participantsChanged();
            },
            queue);
  }

  private void left(Occupant o) {
    Participant p = participants.remove(o.nick());
    if (p == null) {
      return;
    }
    size = participants.size();
    LOG.info("{}: {} left ({} participants)", roomJid, p.id(), participants.size());
    // Jicofo leaves source-remove to the room's leave presence; clients that do not read room
    // presence (gateways, test clients) need it, and lib-jitsi-meet ignores the repeat.
    endMedia(p, Media.NONE, null, null, false);
    events.fire(new ParticipantLeft(roomJid, p.id(), size));
    participantsChanged();
    if (participants.isEmpty()) {
      end("everyone left");
      return;
    }
    electOwners();
  }

  private void electOwners() {
    if (state == State.ENDED) {
      return;
    }
    for (Participant p : moderators.toGrant(participants.values())) {
      p.markOwnerRequested();
      LOG.info("{}: making {} owner", roomJid, p.id());
      room.grantOwner(p.occupant().realBareJid());
    }
  }

  /** Shows or hides Jicofo's "no bridge" sign in the focus's presence. */
  private void bridgeNotice(boolean show) {
    if (show == bridgeNotice || state == State.ENDED) {
      return;
    }
    bridgeNotice = show;
    room.setExtensions(extensions());
  }

  private List<Element> extensions() {
    List<Element> out = new ArrayList<>();
    out.add(Room.conferenceProperties(properties));
    if (bridgeNotice) {
      out.add(Room.bridgeNotAvailable());
    }
    return out;
  }

  private ScheduledFuture<?> schedule(long millis, Runnable task) {
    return ctx.timer().schedule(() -> queue.execute(task), millis, TimeUnit.MILLISECONDS);
  }

  private java.time.Duration replyTimeout() {
    return ctx.config().xmpp().replyTimeout();
  }

  private void end(String why) {
    if (state == State.ENDED) {
      return;
    }
    state = State.ENDED;
    LOG.info("{}: conference ended: {}", roomJid, why);
    cancel(initialTimer);
    cancel(retryTimer);
    cancel(aloneTimer);
    releaseSession();
    for (Participant p : participants.values()) {
      if (p.session() != null) {
        ctx.jingle().remove(p.session());
      }
      p.resetMedia(Media.NONE);
    }
    room.leave();
    participants.clear();
    size = 0;
    joined.complete(false);
    onEnded.accept(this);
  }

  // The bridge and the invitations.

  /** Someone arrived, left or became ready: start media once enough participants are there. */
  private void participantsChanged() {
    if (state == State.ENDED) {
      return;
    }
    List<Participant> withMedia =
        participants.values().stream().filter(Participant::wantsMedia).toList();
    if (withMedia.size() < ctx.config().conference().minParticipants()) {
      if (session != null && aloneTimer == null) {
        aloneTimer =
            schedule(ctx.config().conference().singleParticipantTimeout().toMillis(), this::alone);
      }
      return;
    }
    cancel(aloneTimer);
    aloneTimer = null;
    if (session == null) {
      selectBridge();
      return;
    }
    for (Participant p : withMedia) {
      if (p.media() == Media.NONE) {
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
    List<Occupant> all = participants.values().stream().map(Participant::occupant).toList();
    SelectionRequest request = selectionRequest(roomJid, all);
    CompletableFuture.supplyAsync(() -> ctx.selector().select(request), ctx.workers())
        .exceptionally(e -> Selection.none("bridge selection failed: " + e))
        .thenAcceptAsync(this::selected, queue);
  }

  /** The first region any occupant names; the email of an owner, else of the first occupant. */
  static SelectionRequest selectionRequest(String room, List<Occupant> all) {
    String region =
        all.stream().map(Occupant::region).filter(r -> r != null).findFirst().orElse("");
    String email =
        all.stream()
            .filter(o -> "owner".equals(o.affiliation()))
            .map(Occupant::email)
            .filter(e -> e != null)
            .findFirst()
            .orElse(all.isEmpty() ? "" : all.get(0).email());
    return new SelectionRequest(room, region, email, all.size());
  }

  private void selected(Selection s) {
    selecting = false;
    if (state == State.ENDED || session != null) {
      return;
    }
    if (!s.found()) {
      if (!waiting) {
        LOG.warn("{}: {}; participants are told, and the focus retries", roomJid, s.reason());
        ctx.stats().noBridgeErrors.incrementAndGet();
      }
      waiting = true;
      bridgeNotice(true);
      if (retryTimer == null || retryTimer.isDone()) {
        retryTimer =
            schedule(
                ctx.config().bridge().selectionRetryInterval().toMillis(), this::bridgeAvailable);
      }
      return;
    }
    waiting = false;
    cancel(retryTimer);
    bridgeNotice(false);
    bridge = s.bridge();
    bridge.conferenceAdded();
    session = new BridgeSession(ctx.xmpp(), bridge.jid(), meetingId, roomJid, replyTimeout());
    bridgeSources = EndpointSources.EMPTY;
    LOG.info("{}: on bridge {}", roomJid, bridge);
    participantsChanged();
  }

  private void bridgeAvailable() {
    if (waiting) {
      participantsChanged();
    }
  }

  /** Allocates the participant on the bridge, then offers it a session. */
  private void invite(Participant p) {
    BridgeSession s = session;
    List<Element> offer = ctx.offers().contents(p.features());
    p.allocating(s, offer);
    int generation = p.generation();
    long started = System.nanoTime();
    s.allocate(p.id(), p.statsId(), OfferFactory.colibriMedia(offer), p.sources())
        .whenCompleteAsync(
            (allocation, error) -> {
              if (!current(p, generation, s)) {
                return;
              }
              if (error != null) {
                colibriFailed(p, error);
              } else {
                offer(p, s, allocation, started);
              }
            },
            queue);
  }

  private void offer(
      Participant p, BridgeSession s, BridgeSession.Allocation allocation, long started) {
    bridge.endpointAdded();
    if (bridgeSources.isEmpty()) {
      bridgeSources = allocation.feedback().asMixed();
    }
    Occupant o = p.occupant();
    JingleSession js =
        new JingleSession(
            o.occupantJid(),
            o.realJid(),
            ctx.focusJid(),
            ctx.config().conference().jsonSources() && p.features().has(Features.JSON_SOURCES));
    int generation = p.generation();
    p.offered(
        js,
        schedule(
            ctx.config().conference().sessionAcceptTimeout().toMillis(),
            () -> acceptTimedOut(p, generation)));
    ctx.jingle().register(js, this::onJingle);
    Element iq =
        js.initiate(
            p.offer(),
            allocation.transport(),
            signalling.offer(p, participants.values(), bridgeSources),
            s.id(),
            bridge.region());
    ctx.stats().invite.record(System.nanoTime() - started);
    if (movedAtNanos >= 0
        && participants.values().stream().noneMatch(q -> q.media() == Media.ALLOCATING)) {
      ctx.stats().move.record(System.nanoTime() - movedAtNanos);
      movedAtNanos = -1;
    }
    ctx.xmpp()
        .request(iq, replyTimeout())
        .whenCompleteAsync(
            (answer, error) -> {
              // No answer counts as accepted, as in Jicofo; an error ends the session.
              if (answer != null && Xml.isError(answer) && current(p, generation, s)) {
                LOG.warn(
                    "{}: {} refused the session ({})", roomJid, p.id(), Xml.errorCondition(answer));
                endMedia(p, Media.FAILED, "general-error", "jingle session failed", true);
              }
            },
            queue);
  }

  /** Whether a callback still concerns this participant's current invitation on this session. */
  private boolean current(Participant p, int generation, BridgeSession s) {
    return participants.get(p.id()) == p
        && p.generation() == generation
        && session == s
        && s != null;
  }

  private void acceptTimedOut(Participant p, int generation) {
    if (participants.get(p.id()) != p
        || p.generation() != generation
        || p.media() != Media.OFFERED) {
      return;
    }
    LOG.warn("{}: {} did not accept its session in time; removing it", roomJid, p.id());
    ctx.stats().acceptTimeouts.incrementAndGet();
    endMedia(p, Media.FAILED, "timeout", "no session-accept", true);
    room.kick(p.id(), "The meeting did not hear back from your browser in time.");
  }

  /**
   * Ends a participant's media: its Jingle session (terminated, if a reason is given and asked),
   * its endpoint on the bridge, and its sources, which the others are told to remove.
   */
  private void endMedia(Participant p, Media to, String reason, String text, boolean terminate) {
    if (p.session() != null) {
      ctx.jingle().remove(p.session());
      if (terminate) {
        ctx.xmpp().request(p.session().terminate(reason, text), replyTimeout());
      }
    }
    if (session != null && p.endpointOwner() == session) {
      session.expire(p.id());
      if (p.countedOn(session)) {
        bridge.endpointRemoved();
      }
    }
    EndpointSources gone = p.sources();
    p.resetMediaAndSources(to);
    if (!gone.isEmpty()) {
      sourcesChanged(p, EndpointSources.EMPTY, gone);
    }
  }

  /** A participant asked for a new session (ICE failed, or it restarted): re-invite it. */
  private void reinvite(Participant p, boolean terminate) {
    endMedia(p, Media.NONE, "success", "reinvite requested", terminate);
    if (session != null) {
      invite(p);
    } else {
      participantsChanged();
    }
  }

  /** Alone for the single-participant timeout: free the bridge until someone comes. */
  private void alone() {
    aloneTimer = null;
    long withMedia = participants.values().stream().filter(Participant::wantsMedia).count();
    if (session == null || withMedia >= ctx.config().conference().minParticipants()) {
      return;
    }
    LOG.info("{}: alone; releasing bridge {}", roomJid, bridge);
    releaseSession();
    terminateAll("expired", "Idle session timeout");
  }

  /** Leaves the bridge: call before the participants' media is reset. */
  private void releaseSession() {
    if (session != null) {
      session.expireConference();
      bridge.conferenceRemoved();
      for (Participant p : participants.values()) {
        if (p.countedOn(session)) {
          bridge.endpointRemoved();
        }
      }
    }
    session = null;
    bridge = null;
    bridgeSources = EndpointSources.EMPTY;
  }

  /** Ends every participant's session, with nothing said about sources: all get a new offer. */
  private int terminateAll(String reason, String text) {
    int invited = 0;
    for (Participant p : participants.values()) {
      if (p.session() != null) {
        ctx.jingle().remove(p.session());
        ctx.xmpp().request(p.session().terminate(reason, text), replyTimeout());
      }
      if (p.invited()) {
        invited++;
      }
      p.resetMediaAndSources(Media.NONE);
    }
    return invited;
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
      Bridge b = bridge;
      ctx.registry().failed(b, "no answer to Colibri2");
      move(b + " did not answer Colibri2");
    } else if (e.unknownEndpoint()) {
      LOG.info("{}: bridge lost {}'s endpoint; re-inviting", roomJid, p.id());
      reinvite(p, true);
    } else if ("conference_not_found".equals(e.reason())
        || "graceful_shutdown".equals(e.reason())
        || "conference_already_exists".equals(e.reason())) {
      move(bridge + " answered " + e.reason());
    } else {
      LOG.warn("{}: bridge refused {}: {}", roomJid, p.id(), e.getMessage());
      endMedia(p, Media.FAILED, "general-error", "allocation failed", p.session() != null);
    }
  }

  /**
   * Moves every participant to a new bridge: Jicofo's default re-invite, session-terminate
   * ("moving") and then a new session-initiate from the new bridge. Nobody is sent source-remove
   * for it, since everyone gets a fresh offer.
   */
  private void move(String why) {
    if (session == null) {
      return;
    }
    Bridge lost = bridge;
    LOG.warn("{}: moving off {}: {}", roomJid, lost, why);
    movedAtNanos = System.nanoTime();
    releaseSession();
    int moved = terminateAll("success", "moving");
    events.fire(new BridgeLost(roomJid, lost, why, moved));
    participantsChanged();
  }

  // The participants' Jingle requests.

  private Element jingle(JingleSession js, String action, Element request) {
    Participant p =
        participants.values().stream().filter(q -> q.session() == js).findFirst().orElse(null);
    if (p == null) {
      return refuse(request, "item-not-found", "the session has ended", "unknown-session");
    }
    Decision d =
        requests.decide(
            p,
            action,
            Xml.payload(request),
            SourceSignaling.othersOf(p, participants.values(), bridgeSources),
            session == null ? null : session.id());
    switch (d) {
      case Refuse r -> {
        return refuse(request, r.condition(), r.text(), r.jingleCondition());
      }
      case Accept a -> accepted(p, a);
      case AddSources a -> {
        p.sourcesChanged(a.all());
        updateEndpoint(p, List.of(), null, a.all());
        sourcesChanged(p, a.fresh(), EndpointSources.EMPTY);
      }
      case RemoveSources r -> {
        if (!r.named().isEmpty()) {
          p.sourcesChanged(p.sources().minus(r.named()));
          updateEndpoint(p, List.of(), null, p.sources());
          sourcesChanged(p, EndpointSources.EMPTY, r.named());
        }
      }
      case Transport t -> updateEndpoint(p, List.of(), t.transport(), null);
      case End e -> {
        LOG.info("{}: {} ended its session", roomJid, p.id());
        endMedia(p, Media.FAILED, "success", null, false);
      }
      case Restart r -> {
        if (!p.allowRestart(restarts, System.nanoTime())) {
          return refuse(request, "resource-constraint", "restarting too often", null);
        }
        LOG.info("{}: {} {}", roomJid, p.id(), r.why());
        reinvite(p, r.terminate());
      }
      case Nothing n -> {}
    }
    return Xml.result(request, null);
  }

  private void accepted(Participant p, Accept a) {
    p.accepted(a.sources());
    updateEndpoint(p, a.accepted(), a.transport(), a.sources());
    if (!a.sources().isEmpty()) {
      sourcesChanged(p, a.sources(), EndpointSources.EMPTY);
    }
    for (Participant.Pending pending : p.takePending()) {
      send(p, pending.action(), pending.sources());
    }
    LOG.info(
        "{}: {} accepted its session with {} sources, video codecs {}",
        roomJid,
        p.id(),
        a.sources().sources().size(),
        a.accepted().stream().anyMatch(m -> "video".equals(m.type()))
            ? OfferFactory.codecNames(a.accepted(), "video")
            : "as offered");
  }

  /** Tells the others, or keeps it for them, and fires the event. */
  private void sourcesChanged(Participant from, EndpointSources added, EndpointSources removed) {
    for (EndpointSources change : List.of(removed, added)) {
      if (change.isEmpty()) {
        continue;
      }
      for (Update u : signalling.changed(from, change, change == added, participants.values())) {
        switch (u) {
          case Send s -> send(s.to(), s.action(), s.sources());
          case Defer d -> d.to().defer(d.change(), d.add());
        }
      }
    }
    events.fire(new SourcesChanged(roomJid, from.id(), added, removed));
  }

  private void send(Participant to, String action, SourceMap sources) {
    ctx.xmpp()
        .request(to.session().sources(action, sources), replyTimeout())
        .whenComplete(
            (answer, error) -> {
              if (error != null) {
                LOG.debug(
                    "{}: {} to {} unanswered: {}", roomJid, action, to.id(), error.toString());
              }
            });
  }

  /** Sends the participant's accepted media, transport and/or sources to the bridge. */
  private void updateEndpoint(
      Participant p,
      List<org.huddle.signalling.colibri2.Media> accepted,
      Element transport,
      EndpointSources sources) {
    BridgeSession s = session;
    if (s == null || p.endpointOwner() != s) {
      return;
    }
    int generation = p.generation();
    s.update(p.id(), p.statsId(), accepted, transport, sources)
        .whenCompleteAsync(
            (v, e) -> {
              if (e != null && current(p, generation, s)) {
                colibriFailed(p, e);
              }
            },
            queue);
  }

  private Element refuse(Element request, String condition, String text, String jingleCondition) {
    ctx.stats().jingleErrors.incrementAndGet();
    return StanzaErrors.reply(
        request, condition, text, jingleCondition == null ? null : Jingle.error(jingleCondition));
  }

  static void cancel(ScheduledFuture<?> f) {
    if (f != null) {
      f.cancel(false);
    }
  }
}
