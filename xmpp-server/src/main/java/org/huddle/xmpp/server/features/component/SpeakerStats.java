package org.huddle.xmpp.server.features.component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.server.api.Events;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.MucEvents.OccupantEvent;
import org.huddle.xmpp.server.api.Occupant;
import org.huddle.xmpp.server.api.Room;
import org.huddle.xmpp.server.routing.StanzaEvent;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.Kind;
import org.huddle.xmpp.server.routing.StanzaEvents.To;

/**
 * Jitsi's {@code speakerstats_component}: the occupant that becomes dominant speaker reports it
 * with {@code <speakerstats xmlns='http://jitsi.org/jitmeet' room='room@muc'/>}; the component
 * keeps each occupant's dominant-speaker time and display name, and sends every joiner the totals
 * so far, from which lib-jitsi-meet seeds {@code getSpeakerStats()}. The server's admins (the
 * focus) are left out. Reports from non-occupants, about unknown rooms, or malformed are dropped
 * and counted.
 */
final class SpeakerStats {
  static final String NAMESPACE = "http://jitsi.org/jitmeet";
  static final String NICK = "http://jabber.org/protocol/nick";

  private final InternalComponent component;
  private final Map<Jid, RoomSpeakerStats> rooms = new ConcurrentHashMap<>();

  private SpeakerStats(InternalComponent component) {
    this.component = component;
  }

  static void install(InternalComponent component) {
    SpeakerStats s = new SpeakerStats(component);
    component.host().events().on(StanzaEvents.stanza(Kind.MESSAGE, To.HOST), s::report);
    Events muc = component.muc().host().events();
    muc.on(MucEvents.OCCUPANT_JOINED, s::joined);
    muc.on(MucEvents.BROADCAST_PRESENCE, s::presence);
    muc.on(MucEvents.OCCUPANT_LEFT, s::left);
    muc.on(MucEvents.ROOM_DESTROYED, s::destroyed);
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }

  private boolean report(StanzaEvent e) {
    Element m = e.stanza();
    if ("error".equals(m.attr("type"))) {
      return true;
    }
    if (m.child("facialExpression", NAMESPACE) != null) {
      return true; // the installed lib's optional facial expressions: accepted, not kept
    }
    Element report = m.child("speakerstats", NAMESPACE);
    Jid roomJid = report == null ? null : Jid.ofOrNull(report.attr("room"));
    if (roomJid == null) {
      return component.drop(m, e.from(), "no speakerstats element with a room address");
    }
    Room room = component.muc().room(roomJid);
    RoomSpeakerStats stats = room == null ? null : rooms.get(room.jid());
    if (stats == null) {
      return component.drop(m, e.from(), "no such room: " + roomJid);
    }
    Occupant o = InternalComponent.occupantOf(room, e.from());
    if (o == null || !stats.has(o.nick())) {
      return component.drop(m, e.from(), "not a participant of " + roomJid);
    }
    stats.dominant(o.nick(), now());
    return true;
  }

  private boolean joined(OccupantEvent e) {
    if (component.isAdmin(e.occupant())) {
      return false;
    }
    RoomSpeakerStats stats = rooms.computeIfAbsent(e.room().jid(), j -> new RoomSpeakerStats());
    stats.joined(e.occupant().nick(), displayName(e.stanza()));
    String json = stats.json(now());
    if (json != null) {
      component.send(e.occupant(), json);
    }
    return false;
  }

  private boolean presence(OccupantEvent e) {
    RoomSpeakerStats stats = rooms.get(e.room().jid());
    if (stats != null) {
      stats.displayName(e.occupant().nick(), displayName(e.stanza()));
    }
    return false;
  }

  private boolean left(OccupantEvent e) {
    RoomSpeakerStats stats = rooms.get(e.room().jid());
    if (stats != null) {
      stats.left(e.occupant().nick(), now());
    }
    return false;
  }

  private boolean destroyed(MucEvents.RoomEvent e) {
    rooms.remove(e.room().jid());
    return false;
  }

  /** The display name a presence carries (XEP-0172 {@code <nick/>}), or null. */
  private static String displayName(Element presence) {
    if (presence == null) {
      return null;
    }
    String nick = presence.childText("nick", NICK);
    return nick == null || nick.isBlank() ? null : nick;
  }
}
