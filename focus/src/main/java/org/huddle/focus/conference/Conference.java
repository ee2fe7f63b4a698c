package org.huddle.focus.conference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.huddle.focus.bridge.Bridge;
import org.huddle.focus.jingle.Features;
import org.huddle.focus.muc.Occupant;
import org.huddle.focus.muc.Room;
import org.huddle.focus.xml.Xml;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room's conference: the focus in the room, the participants and their moderators, and the
 * timers that end it. Media is {@link ConferenceMedia}'s. Everything runs on the conference's
 * serial queue.
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
  private final String roomJid;
  private final String meetingId = UUID.randomUUID().toString();
  private final SerialExecutor queue;
  private final Room room;
  private final Map<String, Participant> participants = new LinkedHashMap<>();
  private final ConferenceMedia media;
  private final CompletableFuture<Boolean> joined = new CompletableFuture<>();
  private final Consumer<Conference> onEnded;
  private final Map<String, String> properties = new LinkedHashMap<>();
  private volatile State state = State.JOINING;
  private volatile int size;
  private volatile boolean hostJoined;
  private long joins;
  private boolean bridgeNotice;
  private ScheduledFuture<?> initialTimer;

  Conference(ConferenceContext ctx, String roomJid, Consumer<Conference> onEnded) {
    this.ctx = ctx;
    this.roomJid = roomJid;
    this.onEnded = onEnded;
    this.queue = new SerialExecutor(ctx.workers());
    this.room = new Room(ctx.xmpp(), roomJid, ctx.config().xmpp().replyTimeout());
    this.media = new ConferenceMedia(this, ctx);
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
    return media.bridge();
  }

  Room room() {
    return room;
  }

  SerialExecutor queue() {
    return queue;
  }

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
  void onBridgeLost(Bridge bridge, String why) {
    queue.execute(() -> media.bridgeLost(bridge, why));
  }

  /** A bridge became available: try again if waiting for one. */
  void onBridgeAvailable() {
    queue.execute(media::bridgeAvailable);
  }

  /** Ends the conference (shutdown, or the focus lost its connection). */
  void stop(String why) {
    queue.execute(() -> end(why));
  }

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
      participants.get(o.nick()).occupant = o;
      electOwner();
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
    participants.put(p.id, p);
    if (ctx.admission().signedIn(o.realBareJid())) {
      hostJoined = true;
    }
    size = participants.size();
    ctx.stats().participantsTotal.incrementAndGet();
    ctx.stats().largestConference.accumulateAndGet(size, Math::max);
    cancelInitialTimer();
    LOG.info("{}: {} joined ({} participants)", roomJid, p.id, participants.size());
    electOwner();
    discoverFeatures(p);
  }

  /** Asks the participant what it supports (XEP-0030), as Jicofo does before inviting. */
  private void discoverFeatures(Participant p) {
    Element query = new Element("query", Namespaces.DISCO_INFO);
    ctx.xmpp()
        .request(Xml.iq("get", p.occupant.occupantJid(), query), ctx.config().xmpp().replyTimeout())
        .handle((answer, error) -> answer != null && !Xml.isError(answer) ? features(answer) : null)
        .thenAcceptAsync(
            f -> {
              if (participants.get(p.id) != p) {
                return;
              }
              p.features = f == null ? Features.DEFAULT : f;
              media.participantsChanged();
            },
            queue);
  }

  private static Features features(Element answer) {
    Element query = Xml.payload(answer);
    Set<String> vars = new HashSet<>();
    if (query != null) {
      for (Element f : query.elements("feature", null)) {
        if (f.attr("var") != null) {
          vars.add(f.attr("var"));
        }
      }
    }
    return new Features(vars);
  }

  private void left(Occupant o) {
    Participant p = participants.remove(o.nick());
    if (p == null) {
      return;
    }
    size = participants.size();
    LOG.info("{}: {} left ({} participants)", roomJid, p.id, participants.size());
    media.participantLeft(p);
    if (participants.isEmpty()) {
      end("everyone left");
      return;
    }
    electOwner();
  }

  /**
   * Jicofo's auto-owner: when nobody in the room owns it (a token's moderator claim makes its
   * holder an owner on the XMPP side), the participant who has been there longest is made owner.
   * With signing in on, as Jicofo's authentication role manager: every signed-in participant, and
   * never a guest.
   */
  private void electOwner() {
    if (!ctx.config().conference().autoOwner() || state == State.ENDED) {
      return;
    }
    if (ctx.admission().enabled()) {
      participants.values().stream()
          .filter(p -> !p.ownerRequested && !isOwner(p))
          .filter(p -> ctx.admission().signedIn(p.occupant.realBareJid()))
          .forEach(this::grantOwner);
      return;
    }
    if (participants.values().stream().anyMatch(Conference::isOwner)) {
      return;
    }
    participants.values().stream()
        .filter(p -> p.occupant.realBareJid() != null && !p.ownerRequested)
        .min(Comparator.comparingLong(p -> p.order))
        .ifPresent(this::grantOwner);
  }

  private void grantOwner(Participant p) {
    p.ownerRequested = true;
    LOG.info("{}: making {} owner", roomJid, p.id);
    room.grantOwner(p.occupant.realBareJid());
  }

  private static boolean isOwner(Participant p) {
    return "owner".equals(p.occupant.affiliation()) || "admin".equals(p.occupant.affiliation());
  }

  /** Removes a participant that never answered its invitation. */
  void kick(Participant p, String reason) {
    room.kick(p.id, reason);
  }

  /** Shows or hides Jicofo's "no bridge" sign in the focus's presence. */
  void bridgeNotice(boolean show) {
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

  /** The participants, in join order. */
  List<Participant> participants() {
    return List.copyOf(participants.values());
  }

  Participant participant(String id) {
    return participants.get(id);
  }

  ScheduledFuture<?> schedule(long millis, Runnable task) {
    return ctx.timer().schedule(() -> queue.execute(task), millis, TimeUnit.MILLISECONDS);
  }

  private void cancelInitialTimer() {
    if (initialTimer != null) {
      initialTimer.cancel(false);
      initialTimer = null;
    }
  }

  private void end(String why) {
    if (state == State.ENDED) {
      return;
    }
    state = State.ENDED;
    LOG.info("{}: conference ended: {}", roomJid, why);
    cancelInitialTimer();
    media.end();
    room.leave();
    participants.clear();
    size = 0;
    joined.complete(false);
    onEnded.accept(this);
  }
}
