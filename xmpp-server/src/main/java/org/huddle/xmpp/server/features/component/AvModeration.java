package org.huddle.xmpp.server.features.component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.Events;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.MucEvents.OccupantEvent;
import org.huddle.xmpp.server.api.Occupant;
import org.huddle.xmpp.server.api.Role;
import org.huddle.xmpp.server.api.Room;
import org.huddle.xmpp.server.routing.StanzaEvent;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.Kind;
import org.huddle.xmpp.server.routing.StanzaEvents.To;

/**
 * Jitsi's {@code av_moderation_component} (docs/wire.md, "A/V moderation"): moderators turn
 * moderation of a medium on or off and decide who may unmute. Every occupant hears when a medium's
 * moderation changes; moderators (the focus included) get the whitelists; a participant hears that
 * it was allowed, or no longer is. Every moderator is on the whitelists: those present when it is
 * turned on, those who join as moderators, and those who become one. The focus learns the state
 * from these messages and refuses a self-unmute that is not allowed.
 *
 * <p>Requests from non-moderators get {@code forbidden}; unreadable ones (either form) are dropped,
 * counted and answered with {@code bad-request} ({@code policy-violation} when too large). The
 * state of a room goes with the room.
 */
final class AvModeration {
  private final InternalComponent component;
  private final Map<Jid, RoomAvModeration> rooms = new ConcurrentHashMap<>();

  private AvModeration(InternalComponent component) {
    this.component = component;
  }

  static void install(InternalComponent component) {
    AvModeration m = new AvModeration(component);
    component.host().events().on(StanzaEvents.stanza(Kind.MESSAGE, To.HOST), m::message);
    Events muc = component.muc().host().events();
    muc.on(MucEvents.OCCUPANT_JOINED, m::joined);
    muc.on(MucEvents.SET_ROLE, m::roleChanged);
    muc.on(MucEvents.ROOM_DESTROYED, m::destroyed);
  }

  private boolean message(StanzaEvent e) {
    Element m = e.stanza();
    if ("error".equals(m.attr("type"))) {
      return true;
    }
    AvModerationRequest request;
    try {
      request = AvModerationRequest.of(m);
    } catch (AvModerationRequest.Invalid invalid) {
      component.drop(m, e.from(), invalid.getMessage());
      e.error(
          invalid.tooLarge ? Condition.POLICY_VIOLATION : Condition.BAD_REQUEST,
          invalid.getMessage());
      return true;
    }
    if (request == null) {
      component.drop(m, e.from(), "no av_moderation request");
      e.error(Condition.BAD_REQUEST, "send an av_moderation request");
      return true;
    }
    InternalComponent.Sender sender = sender(e, request);
    if (sender == null) {
      return true;
    }
    Room room = sender.room();
    synchronized (room) {
      // Looked up again under the room's lock: the sender may have left, or the room gone, since.
      Occupant actor = InternalComponent.occupantOf(room, e.from());
      if (actor == null) {
        e.error(Condition.ITEM_NOT_FOUND, "you are not in " + room.jid());
      } else if (actor.role() != Role.MODERATOR) {
        e.error(Condition.FORBIDDEN, "only a moderator moderates audio and video");
      } else if (request.enable() != null) {
        enable(room, actor, request.mediaType(), request.enable());
      } else {
        Occupant target =
            occupant(room, request.approve() != null ? request.approve() : request.reject());
        if (target == null) {
          e.error(Condition.ITEM_NOT_FOUND, "no such participant in " + room.jid());
        } else if (request.approve() != null) {
          approve(room, actor, target, request.mediaType());
        } else {
          reject(room, target, request.mediaType());
        }
      }
    }
    return true;
  }

  /** The sender and its room: the one the JSON form names, else the one it is in. */
  private InternalComponent.Sender sender(StanzaEvent e, AvModerationRequest request) {
    if (request.room() == null) {
      return component.senderOf(e);
    }
    Jid roomJid = Jid.ofOrNull(request.room());
    Room room = roomJid == null ? null : component.muc().room(roomJid);
    Occupant o = room == null ? null : InternalComponent.occupantOf(room, e.from());
    if (o == null) {
      e.error(Condition.ITEM_NOT_FOUND, "you are not in " + request.room());
      return null;
    }
    return new InternalComponent.Sender(room, o);
  }

  private void enable(Room room, Occupant actor, String media, boolean on) {
    RoomAvModeration state =
        on ? rooms.computeIfAbsent(room.jid(), j -> new RoomAvModeration()) : rooms.get(room.jid());
    if (state == null || state.enabled(media) == on) {
      return; // two moderators at once, or a client out of step: nothing changes
    }
    if (on) {
      List<String> moderators = new ArrayList<>();
      for (Occupant o : room.occupants()) {
        if (o.role() == Role.MODERATOR && !component.isAdmin(o)) {
          moderators.add(o.occupantJid().toString());
        }
      }
      state.enable(media, actor.occupantJid().toString(), moderators);
    } else {
      state.disable(media);
    }
    String json = enabledJson(room, media, on, actor.occupantJid().toString());
    for (Occupant o : room.occupants()) {
      component.send(o, json);
    }
    if (on) {
      sendWhitelists(room, state, media, false, null);
    }
  }

  private void approve(Room room, Occupant actor, Occupant target, String media) {
    RoomAvModeration state = rooms.get(room.jid());
    if (state == null || !state.enabled(media)) {
      // Not moderated: a moderator's "please unmute", passed on.
      component.send(
          target,
          head(room)
              + ",\"approved\":true,\"mediaType\":"
              + JsonMessage.quote(media)
              + ",\"from\":"
              + JsonMessage.quote(actor.occupantJid().toString())
              + "}");
      return;
    }
    if (state.allow(media, target.occupantJid().toString())) {
      sendWhitelists(room, state, media, false, target);
    }
  }

  private void reject(Room room, Occupant target, String media) {
    RoomAvModeration state = rooms.get(room.jid());
    if (state != null
        && state.enabled(media)
        && state.disallow(media, target.occupantJid().toString())) {
      sendWhitelists(room, state, media, true, target);
    }
  }

  /**
   * Tells every moderator the whitelists after a change to those of {@code media}, and {@code
   * target} (when not a moderator) that it was allowed, or no longer is.
   */
  private void sendWhitelists(
      Room room, RoomAvModeration state, String media, boolean removed, Occupant target) {
    String tail =
        (removed ? ",\"removed\":true" : "") + ",\"mediaType\":" + JsonMessage.quote(media) + "}";
    String toModerators = head(room) + ",\"whitelists\":" + state.whitelistsJson() + tail;
    for (Occupant o : room.occupants()) {
      if (o.role() == Role.MODERATOR) {
        component.send(o, toModerators);
      } else if (o == target) {
        component.send(o, head(room) + (removed ? "" : ",\"approved\":true") + tail);
      }
    }
  }

  /** A joiner learns which media are moderated; a moderator is put on their whitelists. */
  private boolean joined(OccupantEvent e) {
    Room room = e.room();
    RoomAvModeration state = rooms.get(room.jid());
    if (state == null || !state.any()) {
      return false;
    }
    Occupant joiner = e.occupant();
    for (String media : state.media()) {
      component.send(joiner, enabledJson(room, media, true, state.actor(media)));
    }
    if (joiner.role() == Role.MODERATOR) {
      moderatorArrived(room, state, joiner);
    }
    return false;
  }

  /** Someone became a moderator: on the whitelists it goes, and the moderators hear of it. */
  private boolean roleChanged(OccupantEvent e) {
    RoomAvModeration state = rooms.get(e.room().jid());
    if (state != null && state.any() && e.occupant().role() == Role.MODERATOR) {
      moderatorArrived(e.room(), state, e.occupant());
    }
    return false;
  }

  private void moderatorArrived(Room room, RoomAvModeration state, Occupant moderator) {
    for (String media : state.media()) {
      if (!component.isAdmin(moderator)) {
        state.allow(media, moderator.occupantJid().toString());
      }
      sendWhitelists(room, state, media, false, null);
    }
  }

  private boolean destroyed(MucEvents.RoomEvent e) {
    rooms.remove(e.room().jid());
    return false;
  }

  /** The occupant at an occupant JID of {@code room}, or null. */
  private static Occupant occupant(Room room, String occupantJid) {
    Jid j = Jid.ofOrNull(occupantJid);
    if (j == null || j.resource() == null || !j.bare().equals(room.jid())) {
      return null;
    }
    for (Occupant o : room.occupants()) {
      if (o.nick().equals(j.resource())) {
        return o;
      }
    }
    return null;
  }

  private static String head(Room room) {
    return "{\"type\":\"av_moderation\",\"room\":" + JsonMessage.quote(room.jid().toString());
  }

  private static String enabledJson(Room room, String media, boolean on, String actor) {
    return head(room)
        + ",\"enabled\":"
        + on
        + ",\"actor\":"
        + JsonMessage.quote(actor)
        + ",\"mediaType\":"
        + JsonMessage.quote(media)
        + "}";
  }
}
