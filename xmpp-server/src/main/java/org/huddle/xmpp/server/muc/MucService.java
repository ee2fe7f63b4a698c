package org.huddle.xmpp.server.muc;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.Events;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.Origin;
import org.huddle.xmpp.server.api.RoomConfig;
import org.huddle.xmpp.server.config.MucOptions;
import org.huddle.xmpp.server.muc.concern.Concerns;
import org.huddle.xmpp.server.routing.Host;
import org.huddle.xmpp.server.routing.LocalSession;
import org.huddle.xmpp.server.routing.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MUC service on a component host ({@code Component "muc.meet.jitsi" "muc"}): its rooms, and the
 * handlers and room concerns subscribed to the host's events.
 */
public final class MucService implements org.huddle.xmpp.server.api.Rooms {
  private static final Logger LOG = LoggerFactory.getLogger(MucService.class);

  private final Host host;
  private final Router router;
  private final Set<Jid> admins;
  private final ConcurrentHashMap<Jid, Room> rooms = new ConcurrentHashMap<>();
  private volatile RoomStore store = RoomStore.inMemory();
  private volatile Audience audience = (room, recipient, subject) -> true;

  /**
   * Who in a room sees whom: every occupant sees every other in an ordinary room; a lobby shows
   * those waiting to the moderators only.
   */
  @FunctionalInterface
  public interface Audience {
    /** Whether {@code recipient} gets {@code subject}'s presence. */
    boolean sees(Room room, Occupant recipient, Occupant subject);

    /** Whether {@code recipient} gets {@code sender}'s messages (group and private). */
    default boolean hears(Room room, Occupant recipient, Occupant sender) {
      return sees(room, recipient, sender);
    }
  }

  private MucService(Host host, Router router, Set<Jid> admins) {
    this.host = host;
    this.router = router;
    this.admins = admins;
  }

  /** Creates the service and subscribes its handlers and concerns to the host's events. */
  public static MucService install(Host host, Router router, Collection<String> admins) {
    Set<Jid> adminJids =
        admins.stream()
            .map(Jid::ofOrNull)
            .filter(j -> j != null)
            .map(Jid::bare)
            .collect(Collectors.toSet());
    MucService service = new MucService(host, router, adminJids);
    Presences.install(service);
    Messages.install(service);
    AdminIq.install(service);
    OwnerIq.install(service);
    MucDisco.install(service);
    OccupantIq.install(service);
    Concerns.installDefaults(service);
    return service;
  }

  @Override
  public Host host() {
    return host;
  }

  /** The MUC host's events, where room concerns hook; typed by the api, as plugins see them. */
  public Events events() {
    return host.events();
  }

  /**
   * Tells the audit what a moderator did ({@code muc-moderated}): after the action took effect,
   * under the room's lock. Hooks only hand it on; the join path never comes here.
   */
  public void moderated(MucEvents.ModerationEvent event) {
    host.events().fire(MucEvents.MODERATED, event);
  }

  /** As {@link #moderated(MucEvents.ModerationEvent)}, now, with the actor's name. */
  void moderated(
      Room room,
      MucEvents.ModerationEvent.Action action,
      String actor,
      String target,
      String before,
      String after,
      String reason) {
    moderated(
        new MucEvents.ModerationEvent(
            room, action, actor, target, before, after, reason, java.time.Instant.now()));
  }

  /**
   * Who acts on a room, as the audit names it: the occupant JID when {@code realJid} is in the
   * room, else the bare JID (a server admin, an owner configuring from outside).
   */
  static String actorName(Room room, Jid realJid) {
    Occupant o = realJid == null ? null : room.occupantByRealJid(realJid);
    if (o != null) {
      return o.occupantJid().toString();
    }
    return realJid == null ? null : realJid.bare().toString();
  }

  /** The MUC service's options, read at load. */
  public MucOptions settings() {
    return host.config().muc();
  }

  /** The MUC host's domain. */
  public String domain() {
    return host.name();
  }

  public Router router() {
    return router;
  }

  public RoomStore store() {
    return store;
  }

  /** Replaces where room configurations are kept (Redis, when shards share state). */
  public void store(RoomStore store) {
    this.store = store;
  }

  /**
   * Fires a decision event and says whether the action is refused. A hook that ends the chain
   * (returns true) without naming a reason refuses it too, as a Prosody handler returning true
   * does: policy fails closed.
   */
  <E extends MucEvents.Decision> boolean refused(
      org.huddle.xmpp.server.api.EventType<E> type, E event) {
    boolean handled = host.events().fire(type, event);
    if (handled && !event.denied()) {
      event.deny(Condition.NOT_ALLOWED, "refused by room policy");
    }
    return event.denied();
  }

  /**
   * Creates a room now, with this configuration and no occupants, as a fixed room an operator lists
   * (public standup rooms). It stays until it is destroyed, as a persistent room does. Returns
   * false if the room exists already.
   */
  public boolean createRoom(Jid roomJid, RoomConfig config) {
    Room room = new Room(this, roomJid.bare(), config.withPersistent(true).withLocked(false));
    synchronized (room) {
      if (!register(room)) {
        return false;
      }
      room.config(room.config());
      host.events().fire(MucEvents.ROOM_CREATED, new MucEvents.RoomEvent(room, null, null));
    }
    LOG.info("room {} created without occupants", roomJid);
    return true;
  }

  /** Sets who sees whom in this service's rooms (a lobby service's rule). */
  public void audience(Audience audience) {
    this.audience = audience;
  }

  /** Whether {@code recipient} sees {@code subject}: itself always, others as the audience says. */
  boolean sees(Room room, Occupant recipient, Occupant subject) {
    return recipient == subject || audience.sees(room, recipient, subject);
  }

  /**
   * Whether {@code recipient} gets {@code sender}'s messages: its own always, others' as the
   * audience says.
   */
  boolean hears(Room room, Occupant recipient, Occupant sender) {
    return recipient == sender || audience.hears(room, recipient, sender);
  }

  /** Whether this user is a server admin, and so owner of every room. */
  public boolean isAdmin(Jid user) {
    return admins.contains(user.bare());
  }

  /** The room, or null. */
  @Override
  public Room room(Jid roomJid) {
    return rooms.get(roomJid.bare());
  }

  @Override
  public List<Room> rooms() {
    return List.copyOf(rooms.values());
  }

  public int occupantCount() {
    int n = 0;
    for (Room r : rooms.values()) {
      n += r.size();
    }
    return n;
  }

  /** A new room's configuration: its stored one if it has one, else the service's defaults. */
  RoomConfig initialConfig(Jid roomJid) {
    return store.load(roomJid).orElseGet(() -> host.config().muc().roomDefaults());
  }

  /** Makes a new room visible; false when another appeared meanwhile. */
  boolean register(Room room) {
    return rooms.putIfAbsent(room.jid(), room) == null;
  }

  /** Drops a room whose creation was refused. */
  void unregister(Room room) {
    room.markDestroyed();
    rooms.remove(room.jid(), room);
  }

  /**
   * Removes an occupant (leaving, kicked, banned): broadcasts its unavailable presence, fires
   * {@code muc-occupant-left}, and destroys the room if that emptied it. Call under the room's
   * lock.
   */
  public void remove(
      Room room, Occupant o, OccupantPresence details, Element stanza, Origin origin) {
    room.remove(o);
    room.broadcastPresence(o, details);
    host.events()
        .fire(MucEvents.OCCUPANT_LEFT, new MucEvents.OccupantEvent(room, o, stanza, origin));
    if (room.size() == 0 && !room.config().persistent()) {
      destroy(room, null);
    }
  }

  /** Kicks an occupant with a status code (307 kick, 301 ban, 321 membership, 322 members-only). */
  public void kick(Room room, Occupant o, int statusCode, String actor, String reason) {
    synchronized (room) {
      remove(room, o, OccupantPresence.leaving(List.of(statusCode), actor, reason), null, null);
    }
  }

  /**
   * Destroys a room (XEP-0045 §10.9): remaining occupants get unavailable presence carrying {@code
   * destroy}, and {@code muc-room-destroyed} fires. Call under the room's lock.
   */
  void destroy(Room room, Element destroy) {
    if (room.destroyed()) {
      return;
    }
    for (Occupant o : room.occupants()) {
      room.remove(o);
      room.broadcastPresence(
          o, new OccupantPresence(null, true, List.of(), List.of(110), null, null, null, destroy));
      host.events().fire(MucEvents.OCCUPANT_LEFT, new MucEvents.OccupantEvent(room, o, null, null));
    }
    room.markDestroyed();
    rooms.remove(room.jid(), room);
    if (!room.config().persistent() || destroy != null) {
      store.remove(room.jid());
    }
    host.events().fire(MucEvents.ROOM_DESTROYED, new MucEvents.RoomEvent(room, null, null));
    LOG.debug("room {} destroyed", room.jid());
  }

  /**
   * Sends a stanza from the service. Occupants are nearly always local sessions, which get it
   * directly; anything else goes through the router.
   */
  void deliver(Element stanza) {
    Jid to = Jid.ofOrNull(stanza.attr("to"));
    if (to != null) {
      deliver(stanza, to);
    }
  }

  /**
   * Sends a stanza from the service to {@code to}, its 'to' address already parsed (a room's
   * broadcast knows each occupant's JID: parsing it back from the attribute, with its stringprep,
   * cost more than the delivery).
   */
  void deliver(Element stanza, Jid to) {
    LocalSession s = router.sessions().get(to);
    if (s != null) {
      s.deliver(stanza);
      return;
    }
    router.route(stanza, router.internalOrigin(host));
  }

  /** Answers a stanza with an error from the service. */
  void error(Element stanza, Jid to, Condition condition, String text) {
    router.bounce(stanza, to, condition, text);
  }

  /** The origin of a real JID, when it is a local session. */
  Origin originOf(Jid realJid) {
    return router.sessions().get(realJid);
  }
}
