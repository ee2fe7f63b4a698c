package org.huddle.xmpp.server.muc;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.Affiliation;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.MucEvents.OccupantEvent;
import org.huddle.xmpp.server.api.Role;
import org.huddle.xmpp.server.routing.StanzaEvent;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.Kind;
import org.huddle.xmpp.server.routing.StanzaEvents.To;

/**
 * Messages in rooms: groupchat and subject changes to the room (XEP-0045 §7.4, §8.1), private
 * messages to an occupant (§7.5), and mediated invitations (§7.8.2).
 */
final class Messages {
  private final MucService service;

  private Messages(MucService service) {
    this.service = service;
  }

  static void install(MucService service) {
    Messages m = new Messages(service);
    var events = service.host().events();
    events.on(StanzaEvents.stanza(Kind.MESSAGE, To.BARE), m::toRoom);
    events.on(StanzaEvents.stanza(Kind.MESSAGE, To.FULL), m::toOccupant);
  }

  private boolean toRoom(StanzaEvent e) {
    Room room = service.room(e.to());
    if (room == null) {
      e.error(Condition.ITEM_NOT_FOUND, "no such room");
      return true;
    }
    if ("groupchat".equals(e.type())) {
      groupchat(room, e);
      return true;
    }
    Element x = e.stanza().child("x", Namespaces.MUC_USER);
    if (x != null && x.child("invite", Namespaces.MUC_USER) != null) {
      // Jitsi's lobby approves several waiting people with one message, an invite each.
      for (Element invite : x.elements("invite", Namespaces.MUC_USER)) {
        invite(room, e, invite);
      }
      return true;
    }
    return false;
  }

  private void groupchat(Room room, StanzaEvent e) {
    synchronized (room) {
      Occupant o = room.occupantByRealJid(e.from());
      if (o == null) {
        e.error(Condition.NOT_ACCEPTABLE, "you are not in this room");
        return;
      }
      if (o.role() == Role.VISITOR) {
        e.error(Condition.FORBIDDEN, "visitors cannot speak in a moderated room");
        return;
      }
      Element m = e.stanza().copy().attr("from", o.occupantJid().toString()).attr("to", null);
      boolean subjectChange = m.child("subject", null) != null && m.child("body", null) == null;
      if (subjectChange && o.role() != Role.MODERATOR && !room.config().changeSubject()) {
        e.error(Condition.FORBIDDEN, "only moderators may change the subject");
        return;
      }
      OccupantEvent ev = new OccupantEvent(room, o, m, e.origin());
      if (service.refused(MucEvents.OCCUPANT_GROUPCHAT, ev)) {
        e.error(ev.condition(), ev.text());
        return;
      }
      if (subjectChange) {
        room.subject(m.childText("subject", null), o.occupantJid());
      }
      room.broadcastFrom(o, m);
      if (m.child("body", null) != null) {
        room.history().record(m, room.config().historyLength());
      }
    }
  }

  /**
   * §7.8.2: the room forwards the invitation, from itself, naming the inviter by real JID. In a
   * members-only room only admins and owners invite, and the invitee becomes a member (§9.3, as
   * Prosody does): that is how a moderator lets someone in from Jitsi's lobby.
   */
  private void invite(Room room, StanzaEvent e, Element invite) {
    Occupant inviter = room.occupantByRealJid(e.from());
    if (inviter == null) {
      e.error(Condition.NOT_ACCEPTABLE, "only occupants may invite");
      return;
    }
    Jid invitee = Jid.ofOrNull(invite.attr("to"));
    if (invitee == null) {
      e.error(Condition.JID_MALFORMED, "the invitation has no valid 'to'");
      return;
    }
    if (room.config().membersOnly()
        && room.affiliation(inviter.realJid()).compareTo(Affiliation.ADMIN) < 0) {
      e.error(Condition.FORBIDDEN, "only admins may invite to a members-only room");
      return;
    }
    synchronized (room) {
      if (room.config().membersOnly() && room.affiliation(invitee) == Affiliation.NONE) {
        room.affiliation(invitee, Affiliation.MEMBER);
        service.moderated(
            room,
            MucEvents.ModerationEvent.Action.AFFILIATION_CHANGED,
            inviter.occupantJid().toString(),
            invitee.bare().toString(),
            Affiliation.NONE.value(),
            Affiliation.MEMBER.value(),
            "invited");
      }
    }
    Element m = Element.of("message", Namespaces.CLIENT).attr("from", room.jid().toString());
    m.attr("to", invitee.toString());
    Element x = m.addChild("x", Namespaces.MUC_USER);
    Element fwd = x.addChild("invite").attr("from", e.from().bare().toString());
    String reason = invite.childText("reason", null);
    if (reason != null) {
      fwd.addChild("reason").text(reason);
    }
    service.deliver(m);
  }

  /** §7.5: a private message goes to the occupant's real JID, from the sender's occupant JID. */
  private boolean toOccupant(StanzaEvent e) {
    Room room = service.room(e.to().bare());
    if (room == null) {
      e.error(Condition.ITEM_NOT_FOUND, "no such room");
      return true;
    }
    if ("groupchat".equals(e.type())) {
      e.error(Condition.BAD_REQUEST, "groupchat goes to the room, not to an occupant");
      return true;
    }
    Occupant sender = room.occupantByRealJid(e.from());
    if (sender == null) {
      e.error(Condition.NOT_ACCEPTABLE, "you are not in this room");
      return true;
    }
    Occupant target = room.occupant(e.to().resource());
    if (target == null || !service.hears(room, target, sender)) {
      e.error(Condition.ITEM_NOT_FOUND, "no such occupant");
      return true;
    }
    Element m = e.stanza().copy().attr("from", sender.occupantJid().toString());
    if (m.child("x", Namespaces.MUC_USER) == null && !"error".equals(e.type())) {
      m.addChild("x", Namespaces.MUC_USER);
    }
    room.send(target, m);
    return true;
  }
}
