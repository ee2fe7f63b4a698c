package org.huddle.xmpp.server.muc;

import java.util.ArrayList;
import java.util.List;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StanzaError;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.Affiliation;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.MucEvents.OccupantEvent;
import org.huddle.xmpp.server.api.MucEvents.RoomEvent;
import org.huddle.xmpp.server.api.Role;
import org.huddle.xmpp.server.routing.StanzaEvent;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.Kind;
import org.huddle.xmpp.server.routing.StanzaEvents.To;

/**
 * Entering, changing presence in, and leaving rooms (XEP-0045 §7.2, §7.6, §7.14): presence to an
 * occupant JID.
 *
 * <p>A join creates the room if needed (an instant room, owned by its creator), asks the room's
 * policy ({@code muc-occupant-pre-join}), then sends the newcomer everyone's presence, everyone the
 * newcomer's, the history and the subject, in that order.
 */
final class Presences {
  private final MucService service;

  private Presences(MucService service) {
    this.service = service;
  }

  static void install(MucService service) {
    Presences p = new Presences(service);
    var events = service.host().events();
    events.on(StanzaEvents.stanza(Kind.PRESENCE, To.FULL), p::toOccupant);
    events.on(StanzaEvents.stanza(Kind.PRESENCE, To.BARE), p::toRoom);
    events.on(StanzaEvents.stanza(Kind.PRESENCE, To.HOST), e -> true);
  }

  /** §7.2.1: a join without a nick is jid-malformed; other presence to the bare room is ignored. */
  private boolean toRoom(StanzaEvent e) {
    if (e.type() == null) {
      e.error(Condition.JID_MALFORMED, "a nickname is required to enter a room");
    }
    return true;
  }

  private boolean toOccupant(StanzaEvent e) {
    String type = e.type();
    if (type == null) {
      available(e);
    } else if (type.equals("unavailable")) {
      unavailable(e);
    } else if (type.equals("error")) {
      bounced(e);
    }
    return true; // probes and subscription requests mean nothing to a room
  }

  private void available(StanzaEvent e) {
    Jid roomJid = e.to().bare();
    for (int attempt = 0; attempt < 3; attempt++) {
      Room room = service.room(roomJid);
      if (room == null) {
        Room fresh = new Room(service, roomJid, service.initialConfig(roomJid));
        synchronized (fresh) {
          if (!service.register(fresh)) {
            continue; // someone else created it first; join theirs
          }
          RoomEvent pre = new RoomEvent(fresh, e.stanza(), e.origin());
          if (service.refused(MucEvents.ROOM_PRE_CREATE, pre)) {
            service.unregister(fresh);
            deny(e, pre, Condition.NOT_ALLOWED, "room creation is not allowed");
            return;
          }
          service
              .host()
              .events()
              .fire(MucEvents.ROOM_CREATED, new RoomEvent(fresh, e.stanza(), e.origin()));
          join(fresh, e, true);
        }
        return;
      }
      synchronized (room) {
        if (room.destroyed()) {
          continue;
        }
        Occupant existing = room.occupantByRealJid(e.from());
        if (existing == null) {
          join(room, e, false);
        } else if (existing.nick().equals(e.to().resource())) {
          update(room, existing, e);
        } else {
          changeNick(room, existing, e);
        }
      }
      return;
    }
    e.error(Condition.RESOURCE_CONSTRAINT, "the room is changing too fast; try again");
  }

  private void join(Room room, StanzaEvent e, boolean created) {
    Jid occupantJid = e.to();
    if (room.occupant(occupantJid.resource()) != null) {
      e.error(Condition.CONFLICT, "that nickname is already in use");
      destroyIfEmpty(room);
      return;
    }
    if (created) {
      room.affiliation(e.from(), Affiliation.OWNER);
    }
    Affiliation affiliation = room.affiliation(e.from());
    Role role = affiliation.defaultRole(room.config().moderated());
    Occupant o = new Occupant(occupantJid, e.from(), role, affiliation, payload(e.stanza()));
    OccupantEvent pre = new OccupantEvent(room, o, e.stanza(), e.origin());
    if (service.refused(MucEvents.OCCUPANT_PRE_JOIN, pre)) {
      deny(e, pre, Condition.NOT_ALLOWED, null);
      destroyIfEmpty(room);
      return;
    }
    // A policy hook may have granted an affiliation (a token's moderator claim makes an owner).
    Affiliation granted = room.affiliation(e.from());
    if (granted != o.affiliation()) {
      o.affiliation(granted);
      o.role(granted.defaultRole(room.config().moderated()));
    }
    room.add(o);
    service
        .host()
        .events()
        .fire(MucEvents.BROADCAST_PRESENCE, new OccupantEvent(room, o, o.presence(), null));
    for (Occupant other : room.occupants()) {
      if (other != o && service.sees(room, o, other)) {
        room.send(o, room.presenceOf(other, o, OccupantPresence.available(List.of())));
      }
    }
    List<Integer> selfCodes = new ArrayList<>(List.of(110));
    if (room.config().publicJids()) {
      selfCodes.add(100);
    }
    if (created) {
      selfCodes.add(201);
    }
    if (nickWasChanged(e)) {
      selfCodes.add(210);
    }
    room.broadcastPresence(o, OccupantPresence.available(selfCodes));
    room.history().replay(room, o, e.stanza().child("x", Namespaces.MUC));
    room.send(o, room.subjectMessage());
    service
        .host()
        .events()
        .fire(MucEvents.OCCUPANT_JOINED, new OccupantEvent(room, o, e.stanza(), e.origin()));
  }

  private void update(Room room, Occupant o, StanzaEvent e) {
    Element payload = payload(e.stanza());
    OccupantEvent pre = new OccupantEvent(room, o, payload, e.origin());
    if (service.refused(MucEvents.OCCUPANT_PRE_CHANGE, pre)) {
      deny(e, pre, Condition.NOT_ALLOWED, null);
      return;
    }
    o.presence(payload);
    service
        .host()
        .events()
        .fire(MucEvents.BROADCAST_PRESENCE, new OccupantEvent(room, o, payload, null));
    room.broadcastPresence(o, OccupantPresence.available(List.of(110)));
  }

  /**
   * §7.6: a nick change is an unavailable presence with 303 and the new nick, then the presence
   * under it.
   */
  private void changeNick(Room room, Occupant o, StanzaEvent e) {
    String newNick = e.to().resource();
    if (room.occupant(newNick) != null) {
      e.error(Condition.CONFLICT, "that nickname is already in use");
      return;
    }
    OccupantEvent pre = new OccupantEvent(room, o, e.stanza(), e.origin());
    if (service.refused(MucEvents.OCCUPANT_PRE_CHANGE, pre)) {
      deny(e, pre, Condition.NOT_ACCEPTABLE, null);
      return;
    }
    room.broadcastPresence(
        o, new OccupantPresence(null, true, List.of(303), List.of(110), newNick, null, null, null));
    Occupant renamed = o.withNick(e.to());
    renamed.presence(payload(e.stanza()));
    room.replace(o, renamed);
    room.broadcastPresence(renamed, OccupantPresence.available(List.of(110)));
  }

  private void unavailable(StanzaEvent e) {
    Room room = service.room(e.to().bare());
    if (room == null) {
      return;
    }
    synchronized (room) {
      Occupant o = room.occupantByRealJid(e.from());
      if (o == null) {
        return;
      }
      Element payload = payload(e.stanza());
      service.remove(
          room,
          o,
          new OccupantPresence(payload, true, List.of(), List.of(110), null, null, null, null),
          e.stanza(),
          e.origin());
    }
  }

  /** An occupant's client bounced a room stanza: it is gone, so remove it (XEP-0045 status 333). */
  private void bounced(StanzaEvent e) {
    Room room = service.room(e.to().bare());
    if (room == null) {
      return;
    }
    synchronized (room) {
      Occupant o = room.occupantByRealJid(e.from());
      if (o != null) {
        service.remove(
            room,
            o,
            OccupantPresence.leaving(List.of(333), null, "the occupant's client reported an error"),
            e.stanza(),
            null);
      }
    }
  }

  private void destroyIfEmpty(Room room) {
    if (room.size() == 0 && !room.config().persistent()) {
      service.destroy(room, null);
    }
  }

  private void deny(StanzaEvent e, MucEvents.Decision d, Condition fallback, String fallbackText) {
    Condition c = d.condition() != null ? d.condition() : fallback;
    String text = d.text() != null ? d.text() : fallbackText;
    if (d.extra().isEmpty() && d.replyExtra().isEmpty()) {
      e.error(c, text);
      return;
    }
    Element error = StanzaError.element(c, c.defaultType(), text);
    d.extra().forEach(error::add);
    if (d.replyExtra().isEmpty()) {
      e.error(error);
      return;
    }
    Element reply = StanzaError.reply(e.stanza(), error).attr("to", e.from().toString());
    d.replyExtra().forEach(reply::add);
    service.deliver(reply);
  }

  /**
   * The client's presence as stored and shown: without addresses, id, type or the MUC join element.
   */
  static Element payload(Element presence) {
    Element p = presence.copy();
    p.attr("to", null).attr("from", null).attr("id", null).attr("type", null);
    p.remove("x", Namespaces.MUC);
    return p;
  }

  /** §7.2.9 status 210: the service changed the nick (here, by normalizing it). */
  private static boolean nickWasChanged(StanzaEvent e) {
    String raw = e.stanza().attr("to");
    int slash = raw == null ? -1 : raw.indexOf('/');
    return slash >= 0 && !raw.substring(slash + 1).equals(e.to().resource());
  }
}
