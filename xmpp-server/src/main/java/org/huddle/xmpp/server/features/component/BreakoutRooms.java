package org.huddle.xmpp.server.features.component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.Affiliation;
import org.huddle.xmpp.server.api.Events;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.MucEvents.DiscoInfoEvent;
import org.huddle.xmpp.server.api.MucEvents.OccupantEvent;
import org.huddle.xmpp.server.api.MucEvents.RoomEvent;
import org.huddle.xmpp.server.api.Occupant;
import org.huddle.xmpp.server.api.Role;
import org.huddle.xmpp.server.api.Room;
import org.huddle.xmpp.server.api.Rooms;
import org.huddle.xmpp.server.routing.StanzaEvent;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.Kind;
import org.huddle.xmpp.server.routing.StanzaEvents.To;

/**
 * Jitsi's {@code muc_breakout_rooms}: a meeting's moderators open breakout rooms on a MUC service
 * of their own ({@code breakout_rooms_muc}), send participants there and close them again
 * (docs/wire.md, "Breakout rooms").
 *
 * <p>Requests are {@code <breakout_rooms type='features/breakout-rooms/…' …/>} messages to the
 * breakout MUC's domain, which is also the address clients discover. The sender must be a moderator
 * of the meeting, in its main room or in one of its breakout rooms: {@code forbidden} otherwise,
 * {@code item-not-found} when it is in no meeting, {@code conflict} in several. Malformed or
 * oversized requests are dropped, counted and answered with {@code bad-request}.
 *
 * <p>A breakout room exists only once a moderator added it: any other room of the breakout MUC is
 * refused at creation. Its occupants get the main room's affiliations, and its disco#info names the
 * main room. Every change (rooms, occupants) is broadcast, at most every {@link #BROADCAST_MS}, to
 * everyone in the main room and its breakout rooms but the server's admins. While breakout rooms
 * exist the main room is made persistent, so that it survives everyone being in breakout rooms;
 * when nobody is left anywhere for {@link #CLOSE_AFTER_MS}, the meeting ends. When the main room is
 * destroyed, its breakout rooms are too, pointing their occupants back at it.
 *
 * <p>Threading: room events fire under the firing room's lock, and this class must not take another
 * room's lock there (the main room's events would take breakout rooms' and the other way round). So
 * those handlers only read this class's maps and schedule work; broadcasts, closing and clean-up
 * run on the timer, taking one room's lock at a time. The one exception, the main room's
 * affiliation read while someone enters a breakout room, always goes breakout → main.
 */
final class BreakoutRooms {
  static final String MODULE = "muc_breakout_rooms";
  static final String IDENTITY = "breakout_rooms";
  static final String ELEMENT = "breakout_rooms";
  static final String PREFIX = "features/breakout-rooms/";
  static final String ADD = PREFIX + "add";
  static final String REMOVE = PREFIX + "remove";
  static final String RENAME = PREFIX + "rename";
  static final String MOVE = PREFIX + "move-to-room";
  static final String UPDATE = PREFIX + "update";
  static final String IS_BREAKOUT = "muc#roominfo_isbreakout";
  static final String MAIN_ROOM = "muc#roominfo_breakout_main_room";
  static final String CLOSED = "The breakout room was closed";
  static final String EVERYONE_LEFT = "Everyone left the meeting";
  static final String MEETING_ENDED = "The meeting has ended";

  /** At most this many breakout rooms per meeting. */
  static final int MAX_ROOMS = 100;

  /** A breakout room's name is at most this long (characters). */
  static final int MAX_NAME = 200;

  static final long BROADCAST_MS = 100;
  static final long CLOSE_AFTER_MS = 5_000;

  /** One meeting that has (or had) breakout rooms. Guarded by itself. */
  private static final class Meeting {
    final Jid main;
    final Map<Jid, String> rooms = new LinkedHashMap<>();
    int counter;
    boolean madePersistent;
    boolean broadcastPending;
    ScheduledFuture<?> closing;

    Meeting(Jid main) {
      this.main = main;
    }
  }

  private final InternalComponent component; // its MUC is the main one
  private final Rooms breakout;
  private final ScheduledExecutorService timer;
  private final Map<Jid, Meeting> meetings = new ConcurrentHashMap<>();
  private final Map<Jid, Meeting> byBreakoutRoom = new ConcurrentHashMap<>();
  private final Map<Jid, String> displayNames = new ConcurrentHashMap<>();

  private BreakoutRooms(
      InternalComponent component, Rooms breakout, ScheduledExecutorService timer) {
    this.component = component;
    this.breakout = breakout;
    this.timer = timer;
  }

  /**
   * Installs the module: {@code component}'s host is the breakout MUC's (requests arrive there),
   * its MUC the main one.
   */
  static void install(InternalComponent component, Rooms breakout, ScheduledExecutorService timer) {
    BreakoutRooms b = new BreakoutRooms(component, breakout, timer);
    Events requests = breakout.host().events();
    requests.on(StanzaEvents.stanza(Kind.MESSAGE, To.HOST), b::request);
    requests.on(MucEvents.ROOM_PRE_CREATE, b::preCreate);
    requests.on(MucEvents.OCCUPANT_PRE_JOIN, b::preJoin);
    requests.on(MucEvents.DISCO_INFO, b::discoInfo);
    for (Events events : List.of(requests, component.muc().host().events())) {
      events.on(MucEvents.OCCUPANT_JOINED, b::occupantChanged);
      events.on(MucEvents.BROADCAST_PRESENCE, b::presenceChanged);
      events.on(MucEvents.OCCUPANT_LEFT, b::occupantLeft);
    }
    component.muc().host().events().on(MucEvents.ROOM_DESTROYED, b::mainRoomDestroyed);
  }

  // --- requests
  // -------------------------------------------------------------------------------------------------

  private boolean request(StanzaEvent e) {
    Element m = e.stanza();
    if ("error".equals(m.attr("type"))) {
      return true;
    }
    Element r = m.child(ELEMENT, Namespaces.CLIENT);
    String type = r == null ? null : r.attr("type");
    if (type == null) {
      return refuse(e, "no breakout_rooms element with a type");
    }
    if (!List.of(ADD, REMOVE, RENAME, MOVE).contains(type)) {
      return refuse(e, "unknown breakout_rooms type: " + type);
    }
    String subject = r.attr("subject");
    if (subject != null && subject.length() > MAX_NAME) {
      return refuse(e, "a breakout room's name is at most " + MAX_NAME + " characters");
    }
    Meeting meeting = senderMeeting(e);
    if (meeting == null) {
      return true; // answered
    }
    switch (type) {
      case ADD -> add(e, meeting, subject);
      case REMOVE -> remove(e, meeting, Jid.ofOrNull(r.attr("breakoutRoomJid")));
      case RENAME -> rename(e, meeting, Jid.ofOrNull(r.attr("breakoutRoomJid")), subject);
      default -> move(e, meeting, Jid.ofOrNull(r.attr("participantJid")), r.attr("roomJid"));
    }
    return true;
  }

  /** Drops a bad request, counting it, and tells the sender. */
  private boolean refuse(StanzaEvent e, String why) {
    component.drop(e.stanza(), e.from(), why);
    e.error(Condition.BAD_REQUEST, why);
    return true;
  }

  /**
   * The meeting whose moderator sent the request: the main room the sender is in, or the main room
   * of the breakout room it is in. Answers the sender and returns null when there is none.
   */
  private Meeting senderMeeting(StanzaEvent e) {
    List<Jid> mains = new ArrayList<>();
    Occupant sender = null;
    for (Room room : component.muc().rooms()) {
      Occupant o = InternalComponent.occupantOf(room, e.from());
      if (o != null) {
        mains.add(room.jid());
        sender = o;
      }
    }
    for (Room room : breakout.rooms()) {
      Meeting m = byBreakoutRoom.get(room.jid());
      Occupant o = m == null ? null : InternalComponent.occupantOf(room, e.from());
      if (o != null && !mains.contains(m.main)) {
        mains.add(m.main);
        sender = o;
      }
    }
    if (mains.isEmpty()) {
      e.error(
          Condition.ITEM_NOT_FOUND, "you are in no meeting of " + component.muc().host().name());
      return null;
    }
    if (mains.size() > 1) {
      e.error(Condition.CONFLICT, "you are in several meetings; leave the others first");
      return null;
    }
    if (sender.role() != Role.MODERATOR) {
      e.error(Condition.FORBIDDEN, "only a moderator may manage breakout rooms");
      return null;
    }
    return meetings.computeIfAbsent(mains.get(0), Meeting::new);
  }

  private void add(StanzaEvent e, Meeting meeting, String subject) {
    Room main = component.muc().room(meeting.main);
    if (main == null) {
      e.error(Condition.ITEM_NOT_FOUND, "the meeting has ended");
      return;
    }
    boolean wasPersistent = main.config().persistent(); // read outside the meeting's lock
    Jid jid = Jid.ofOrNull(UUID.randomUUID() + "@" + breakout.host().name());
    boolean persist = false;
    synchronized (meeting) {
      if (meeting.rooms.size() >= MAX_ROOMS) {
        e.error(
            Condition.RESOURCE_CONSTRAINT,
            "a meeting has at most " + MAX_ROOMS + " breakout rooms");
        return;
      }
      meeting.counter++;
      meeting.rooms.put(jid, subject == null ? "" : subject.strip());
      if (!wasPersistent && !meeting.madePersistent) {
        meeting.madePersistent = true;
        persist = true;
      }
    }
    byBreakoutRoom.put(jid, meeting);
    if (persist) {
      main.config(main.config().withPersistent(true));
    }
    changed(meeting);
  }

  /** The meeting's breakout room {@code jid}, or null after answering the sender. */
  private Jid ownRoom(StanzaEvent e, Meeting meeting, Jid jid) {
    if (jid == null) {
      refuse(e, "breakoutRoomJid is missing or not a JID");
      return null;
    }
    synchronized (meeting) {
      if (!meeting.rooms.containsKey(jid.bare())) {
        e.error(Condition.ITEM_NOT_FOUND, "the meeting has no breakout room " + jid);
        return null;
      }
    }
    return jid.bare();
  }

  private void remove(StanzaEvent e, Meeting meeting, Jid jid) {
    Jid room = ownRoom(e, meeting, jid);
    if (room != null) {
      close(meeting, room, CLOSED);
      changed(meeting);
    }
  }

  /** Forgets a breakout room and destroys it, sending its occupants back to the main room. */
  private void close(Meeting meeting, Jid room, String reason) {
    synchronized (meeting) {
      meeting.rooms.remove(room);
    }
    byBreakoutRoom.remove(room);
    Room r = breakout.room(room);
    if (r != null) {
      r.destroy(reason, meeting.main);
    }
  }

  private void rename(StanzaEvent e, Meeting meeting, Jid jid, String subject) {
    if (subject == null || subject.isBlank()) {
      refuse(e, "subject is missing");
      return;
    }
    Jid room = ownRoom(e, meeting, jid);
    if (room == null) {
      return;
    }
    synchronized (meeting) {
      meeting.rooms.put(room, subject);
    }
    Room r = breakout.room(room);
    if (r != null) {
      r.subject(subject, null);
    }
    changed(meeting);
  }

  private void move(StanzaEvent e, Meeting meeting, Jid participant, String target) {
    Jid to = Jid.ofOrNull(target);
    if (participant == null || participant.resource() == null || to == null) {
      refuse(e, "participantJid (a full JID) and roomJid are required");
      return;
    }
    boolean known;
    synchronized (meeting) {
      known = to.bare().equals(meeting.main) || meeting.rooms.containsKey(to.bare());
    }
    if (!known) {
      e.error(Condition.ITEM_NOT_FOUND, target + " is neither the meeting nor one of its rooms");
      return;
    }
    if (!inMeeting(meeting, participant)) {
      e.error(Condition.ITEM_NOT_FOUND, participant + " is not in this meeting");
      return;
    }
    component.send(
        participant,
        "{\"type\":\""
            + IDENTITY
            + "\",\"event\":\""
            + MOVE
            + "\",\"roomJid\":"
            + JsonMessage.quote(to.bare().toString())
            + "}");
  }

  private boolean inMeeting(Meeting meeting, Jid realJid) {
    for (Room room : rooms(meeting)) {
      if (InternalComponent.occupantOf(room, realJid) != null) {
        return true;
      }
    }
    return false;
  }

  /** The meeting's main room (first) and its breakout rooms that exist now. */
  private List<Room> rooms(Meeting meeting) {
    List<Room> out = new ArrayList<>();
    Room main = component.muc().room(meeting.main);
    if (main != null) {
      out.add(main);
    }
    List<Jid> jids;
    synchronized (meeting) {
      jids = List.copyOf(meeting.rooms.keySet());
    }
    for (Jid jid : jids) {
      Room r = breakout.room(jid);
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  // --- the breakout MUC's rooms
  // ---------------------------------------------------------------------------------

  private boolean preCreate(RoomEvent e) {
    Meeting meeting = byBreakoutRoom.get(e.room().jid());
    String name = null;
    if (meeting != null) {
      synchronized (meeting) {
        name = meeting.rooms.get(e.room().jid());
      }
    }
    if (name == null) {
      return e.deny(Condition.ITEM_NOT_FOUND, "no meeting has this breakout room");
    }
    e.room().subject(name, null);
    return false;
  }

  /** Occupants of a breakout room have the affiliation they have in the main room. */
  private boolean preJoin(OccupantEvent e) {
    Meeting meeting = byBreakoutRoom.get(e.room().jid());
    Room main = meeting == null ? null : component.muc().room(meeting.main);
    if (main == null) {
      return e.deny(Condition.ITEM_NOT_FOUND, "the meeting of this breakout room has ended");
    }
    Jid user = e.occupant().realJid().bare();
    Affiliation a = main.affiliation(user);
    if (a == Affiliation.OUTCAST) {
      return e.deny(Condition.FORBIDDEN, "you are banned from this meeting");
    }
    e.room().affiliation(user, a);
    return false;
  }

  private boolean discoInfo(DiscoInfoEvent e) {
    Meeting meeting = byBreakoutRoom.get(e.room().jid());
    if (meeting != null) {
      e.formFields().put(IS_BREAKOUT, "1");
      e.formFields().put(MAIN_ROOM, meeting.main.toString());
    }
    return false;
  }

  // --- changes
  // --------------------------------------------------------------------------------------------------

  /** Someone entered a room: everyone in the meeting hears of it. */
  private boolean occupantChanged(OccupantEvent e) {
    rememberName(e);
    changedIfInMeeting(e);
    return false;
  }

  /**
   * A presence update: only a new display name is news (presence changes with every mute, and
   * updates go to the whole meeting).
   */
  private boolean presenceChanged(OccupantEvent e) {
    String before = displayNames.get(e.occupant().occupantJid());
    rememberName(e);
    if (!Objects.equals(before, displayNames.get(e.occupant().occupantJid()))) {
      changedIfInMeeting(e);
    }
    return false;
  }

  private boolean occupantLeft(OccupantEvent e) {
    displayNames.remove(e.occupant().occupantJid());
    changedIfInMeeting(e);
    return false;
  }

  private void rememberName(OccupantEvent e) {
    Element presence = e.stanza();
    if (presence != null && presence.name().equals("presence")) {
      String name = presence.childText("nick", SpeakerStats.NICK);
      if (name != null && !name.isBlank()) {
        displayNames.put(e.occupant().occupantJid(), name);
      }
    }
  }

  private void changedIfInMeeting(OccupantEvent e) {
    Jid room = e.room().jid();
    Meeting meeting = meetings.get(room);
    if (meeting == null) {
      meeting = byBreakoutRoom.get(room);
    }
    if (meeting != null && !component.isAdmin(e.occupant())) {
      changed(meeting);
    }
  }

  /** Schedules one broadcast of the meeting's state, if none is pending. */
  private void changed(Meeting meeting) {
    synchronized (meeting) {
      if (meeting.broadcastPending) {
        return;
      }
      meeting.broadcastPending = true;
    }
    timer.schedule(() -> broadcast(meeting), BROADCAST_MS, TimeUnit.MILLISECONDS);
  }

  private void broadcast(Meeting meeting) {
    Map<Jid, String> names;
    int counter;
    synchronized (meeting) {
      meeting.broadcastPending = false;
      names = new LinkedHashMap<>(meeting.rooms);
      counter = meeting.counter;
    }
    Room main = component.muc().room(meeting.main);
    if (main == null || meetings.get(meeting.main) != meeting) {
      return;
    }
    List<Occupant> recipients = new ArrayList<>();
    StringBuilder rooms = new StringBuilder();
    appendRoom(rooms, main, main.jid(), main.subject(), true, recipients);
    names.forEach(
        (jid, name) -> appendRoom(rooms, breakout.room(jid), jid, name, false, recipients));
    String json =
        "{\"type\":\""
            + IDENTITY
            + "\",\"event\":\""
            + UPDATE
            + "\",\"roomCounter\":"
            + counter
            + ",\"rooms\":{"
            + rooms
            + "}}";
    for (Occupant o : recipients) {
      component.send(o, json);
    }
    scheduleClose(meeting, recipients.isEmpty());
  }

  /** Appends {@code "id":{...}} for one room, and adds its occupants to the recipients. */
  private void appendRoom(
      StringBuilder out,
      Room room,
      Jid jid,
      String name,
      boolean isMain,
      List<Occupant> recipients) {
    if (!out.isEmpty()) {
      out.append(',');
    }
    out.append(JsonMessage.quote(jid.local())).append(":{");
    if (isMain) {
      out.append("\"isMainRoom\":true,");
    }
    out.append("\"id\":").append(JsonMessage.quote(jid.local()));
    out.append(",\"jid\":").append(JsonMessage.quote(jid.toString()));
    if (name != null && !name.isEmpty()) {
      out.append(",\"name\":").append(JsonMessage.quote(name));
    }
    out.append(",\"participants\":{");
    boolean first = true;
    for (Occupant o : room == null ? List.<Occupant>of() : room.occupants()) {
      if (component.isAdmin(o)) {
        continue;
      }
      recipients.add(o);
      out.append(first ? "" : ",").append(JsonMessage.quote(o.occupantJid().toString()));
      out.append(":{\"jid\":").append(JsonMessage.quote(o.realJid().toString()));
      out.append(",\"role\":").append(JsonMessage.quote(o.role().value()));
      String display = displayNames.get(o.occupantJid());
      if (display != null) {
        out.append(",\"displayName\":").append(JsonMessage.quote(display));
      }
      out.append('}');
      first = false;
    }
    out.append("}}");
  }

  /**
   * With nobody left anywhere, ends the meeting after {@link #CLOSE_AFTER_MS} unless someone comes
   * back; anyone there cancels a pending end.
   */
  private void scheduleClose(Meeting meeting, boolean empty) {
    synchronized (meeting) {
      if (!empty) {
        if (meeting.closing != null) {
          meeting.closing.cancel(false);
          meeting.closing = null;
        }
        return;
      }
      if (meeting.closing == null) {
        meeting.closing =
            timer.schedule(() -> closeIfEmpty(meeting), CLOSE_AFTER_MS, TimeUnit.MILLISECONDS);
      }
    }
  }

  private void closeIfEmpty(Meeting meeting) {
    synchronized (meeting) {
      meeting.closing = null;
    }
    for (Room room : rooms(meeting)) {
      for (Occupant o : room.occupants()) {
        if (!component.isAdmin(o)) {
          return; // someone came back; their join scheduled a broadcast
        }
      }
    }
    Room main = component.muc().room(meeting.main);
    if (main != null && meeting.madePersistent) {
      main.destroy(EVERYONE_LEFT); // and its breakout rooms with it
    } else {
      end(meeting, EVERYONE_LEFT);
    }
  }

  private boolean mainRoomDestroyed(RoomEvent e) {
    Meeting meeting = meetings.get(e.room().jid());
    if (meeting != null) {
      timer.execute(() -> end(meeting, MEETING_ENDED));
    }
    return false;
  }

  /** Forgets the meeting and destroys its breakout rooms. */
  private void end(Meeting meeting, String reason) {
    meetings.remove(meeting.main, meeting);
    List<Jid> rooms;
    synchronized (meeting) {
      rooms = List.copyOf(meeting.rooms.keySet());
    }
    for (Jid room : rooms) {
      close(meeting, room, reason);
    }
  }
}
