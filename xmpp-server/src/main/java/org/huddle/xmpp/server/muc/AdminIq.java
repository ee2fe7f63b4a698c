package org.huddle.xmpp.server.muc;

import java.util.ArrayList;
import java.util.List;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.Affiliation;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.MucEvents.ModerationEvent.Action;
import org.huddle.xmpp.server.api.MucEvents.OccupantEvent;
import org.huddle.xmpp.server.api.Role;
import org.huddle.xmpp.server.routing.StanzaEvent;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.IqType;
import org.huddle.xmpp.server.routing.StanzaEvents.To;

/**
 * Moderation (XEP-0045 §8–§9, muc#admin): kicking and changing roles by nick, changing affiliations
 * by JID, and the role and affiliation lists. Every item of a request is checked before any is
 * applied.
 */
final class AdminIq {
  private final MucService service;

  private AdminIq(MucService service) {
    this.service = service;
  }

  static void install(MucService service) {
    AdminIq a = new AdminIq(service);
    var events = service.host().events();
    events.on(StanzaEvents.iq(IqType.SET, To.BARE, Namespaces.MUC_ADMIN, "query"), a::set);
    events.on(StanzaEvents.iq(IqType.GET, To.BARE, Namespaces.MUC_ADMIN, "query"), a::get);
  }

  private record Change(
      Element item, Occupant target, Role role, Jid jid, Affiliation affiliation) {}

  private boolean set(StanzaEvent e) {
    Room room = service.room(e.to());
    if (room == null) {
      e.error(Condition.ITEM_NOT_FOUND, "no such room");
      return true;
    }
    synchronized (room) {
      Occupant actor = room.occupantByRealJid(e.from());
      Affiliation actorAff = room.affiliation(e.from());
      List<Element> items = e.stanza().firstElement().elements("item", Namespaces.MUC_ADMIN);
      if (items.isEmpty()) {
        e.error(Condition.BAD_REQUEST, "no items");
        return true;
      }
      List<Change> changes = new ArrayList<>();
      for (Element item : items) {
        String problem = check(room, actor, actorAff, item, changes);
        if (problem != null) {
          Condition c = Condition.valueOf(problem.substring(0, problem.indexOf(':')));
          e.error(c, problem.substring(problem.indexOf(':') + 1).trim());
          return true;
        }
      }
      String actorNick = actor == null ? null : actor.nick();
      String actorName = MucService.actorName(room, e.from());
      for (Change c : changes) {
        String reason = c.item().childText("reason", null);
        if (c.role() != null) {
          String target = c.target().occupantJid().toString();
          Role was = c.target().role();
          applyRole(room, c.target(), c.role(), actorNick, reason);
          if (c.role() == Role.NONE) {
            service.moderated(room, Action.KICKED, actorName, target, was.value(), "none", reason);
          } else if (c.role() != was) {
            service.moderated(
                room,
                Action.ROLE_CHANGED,
                actorName,
                target,
                was.value(),
                c.role().value(),
                reason);
          }
        } else {
          Affiliation was = room.affiliation(c.jid());
          applyAffiliation(room, c.jid(), c.affiliation(), actorNick, reason);
          if (c.affiliation() != was) {
            service.moderated(
                room,
                Action.AFFILIATION_CHANGED,
                actorName,
                c.jid().toString(),
                was.value(),
                c.affiliation().value(),
                reason);
          }
        }
      }
    }
    e.result();
    return true;
  }

  /** Checks one item; returns "CONDITION: reason" when it may not be applied. */
  private String check(
      Room room, Occupant actor, Affiliation actorAff, Element item, List<Change> out) {
    String roleAttr = item.attr("role");
    String affAttr = item.attr("affiliation");
    if (roleAttr != null) {
      Role role = Role.of(roleAttr);
      Occupant target = item.attr("nick") == null ? null : room.occupant(item.attr("nick"));
      if (role == null) {
        return "BAD_REQUEST: unknown role " + roleAttr;
      }
      if (actor == null || actor.role() != Role.MODERATOR) {
        return "FORBIDDEN: only moderators may change roles";
      }
      if (target == null) {
        return "ITEM_NOT_FOUND: no occupant with that nick";
      }
      if (target != actor
          && target.affiliation().compareTo(Affiliation.ADMIN) >= 0
          && target.affiliation().compareTo(actorAff) >= 0) {
        return "NOT_ALLOWED: cannot change the role of an admin or owner";
      }
      if (role == Role.MODERATOR && actorAff.compareTo(Affiliation.ADMIN) < 0) {
        return "FORBIDDEN: only admins and owners grant moderator";
      }
      out.add(new Change(item, target, role, null, null));
      return null;
    }
    if (affAttr != null) {
      Affiliation aff = Affiliation.of(affAttr);
      Jid jid = Jid.ofOrNull(item.attr("jid"));
      if (jid == null && item.attr("nick") != null && room.occupant(item.attr("nick")) != null) {
        jid = room.occupant(item.attr("nick")).realJid();
      }
      if (aff == null) {
        return "BAD_REQUEST: unknown affiliation " + affAttr;
      }
      if (jid == null) {
        return "BAD_REQUEST: an affiliation change needs a jid";
      }
      jid = jid.bare();
      Affiliation current = room.affiliation(jid);
      if (actorAff.compareTo(Affiliation.ADMIN) < 0) {
        return "FORBIDDEN: only admins and owners change affiliations";
      }
      if (service.isAdmin(jid)) {
        return "NOT_ALLOWED: server admins own every room";
      }
      boolean touchesHigh =
          aff.compareTo(Affiliation.ADMIN) >= 0 || current.compareTo(Affiliation.ADMIN) >= 0;
      if (touchesHigh && actorAff != Affiliation.OWNER) {
        return "FORBIDDEN: only owners grant or revoke admin and owner";
      }
      if (current == Affiliation.OWNER
          && aff != Affiliation.OWNER
          && room.withAffiliation(Affiliation.OWNER).size() <= 1) {
        return "CONFLICT: a room needs an owner";
      }
      out.add(new Change(item, null, null, jid, aff));
      return null;
    }
    return "BAD_REQUEST: an item needs a role or an affiliation";
  }

  private void applyRole(Room room, Occupant target, Role role, String actor, String reason) {
    if (role == Role.NONE) {
      service.remove(
          room, target, OccupantPresence.leaving(List.of(307), actor, reason), null, null);
      return;
    }
    Role was = target.role();
    target.role(role);
    room.broadcastPresence(
        target,
        new OccupantPresence(null, false, List.of(), List.of(110), null, actor, reason, null));
    roleChanged(room, target, was);
  }

  private void roleChanged(Room room, Occupant o, Role was) {
    if (o.role() != was) {
      service.host().events().fire(MucEvents.SET_ROLE, new OccupantEvent(room, o, null, null));
    }
  }

  private void applyAffiliation(Room room, Jid jid, Affiliation aff, String actor, String reason) {
    room.affiliation(jid, aff);
    for (Occupant o : room.occupants()) {
      if (!o.realJid().bare().equals(jid)) {
        continue;
      }
      if (aff == Affiliation.OUTCAST) {
        service.remove(room, o, OccupantPresence.leaving(List.of(301), actor, reason), null, null);
      } else if (room.config().membersOnly() && aff.compareTo(Affiliation.MEMBER) < 0) {
        service.remove(room, o, OccupantPresence.leaving(List.of(321), actor, reason), null, null);
      } else {
        Role was = o.role();
        o.affiliation(aff);
        o.role(aff.defaultRole(room.config().moderated()));
        room.broadcastPresence(
            o,
            new OccupantPresence(null, false, List.of(), List.of(110), null, actor, reason, null));
        roleChanged(room, o, was);
      }
    }
  }

  private boolean get(StanzaEvent e) {
    Room room = service.room(e.to());
    if (room == null) {
      e.error(Condition.ITEM_NOT_FOUND, "no such room");
      return true;
    }
    Element request = e.stanza().firstElement().child("item", Namespaces.MUC_ADMIN);
    if (request == null) {
      e.error(Condition.BAD_REQUEST, "ask for a role or an affiliation");
      return true;
    }
    Element result = Element.of("query", Namespaces.MUC_ADMIN);
    synchronized (room) {
      Occupant actor = room.occupantByRealJid(e.from());
      Role role = Role.of(request.attr("role"));
      Affiliation aff = Affiliation.of(request.attr("affiliation"));
      if (role != null) {
        if (actor == null || actor.role() != Role.MODERATOR) {
          e.error(Condition.FORBIDDEN, "only moderators see the role lists");
          return true;
        }
        for (Occupant o : room.occupants()) {
          if (o.role() == role) {
            result
                .addChild("item")
                .attr("nick", o.nick())
                .attr("role", role.value())
                .attr("affiliation", o.affiliation().value())
                .attr("jid", o.realJid().toString());
          }
        }
      } else if (aff != null) {
        if (room.affiliation(e.from()).compareTo(Affiliation.ADMIN) < 0) {
          e.error(Condition.FORBIDDEN, "only admins and owners see the affiliation lists");
          return true;
        }
        for (Jid j : room.withAffiliation(aff)) {
          result.addChild("item").attr("jid", j.toString()).attr("affiliation", aff.value());
        }
      } else {
        e.error(Condition.BAD_REQUEST, "unknown role or affiliation");
        return true;
      }
    }
    e.result(result);
    return true;
  }
}
