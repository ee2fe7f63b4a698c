package org.huddle.xmpp.server.muc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.Affiliation;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.MucEvents.ConfigFormEvent;
import org.huddle.xmpp.server.api.MucEvents.ConfigSubmitEvent;
import org.huddle.xmpp.server.api.MucEvents.ModerationEvent.Action;
import org.huddle.xmpp.server.api.RoomConfig;
import org.huddle.xmpp.server.routing.StanzaEvent;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.IqType;
import org.huddle.xmpp.server.routing.StanzaEvents.To;

/**
 * Owner use cases (XEP-0045 §10, muc#owner): the configuration form (XEP-0004), built and applied
 * by the room concerns through {@code muc-config-form} and {@code muc-config-submitted}, and
 * destroying a room.
 */
final class OwnerIq {
  static final String FORM_TYPE = "http://jabber.org/protocol/muc#roomconfig";

  private final MucService service;

  private OwnerIq(MucService service) {
    this.service = service;
  }

  static void install(MucService service) {
    OwnerIq o = new OwnerIq(service);
    var events = service.host().events();
    events.on(StanzaEvents.iq(IqType.GET, To.BARE, Namespaces.MUC_OWNER, "query"), o::get);
    events.on(StanzaEvents.iq(IqType.SET, To.BARE, Namespaces.MUC_OWNER, "query"), o::set);
  }

  private Room ownedRoom(StanzaEvent e) {
    Room room = service.room(e.to());
    if (room == null) {
      e.error(Condition.ITEM_NOT_FOUND, "no such room");
      return null;
    }
    if (room.affiliation(e.from()) != Affiliation.OWNER) {
      e.error(Condition.FORBIDDEN, "only owners configure a room");
      return null;
    }
    return room;
  }

  /** What a new configuration did to the password, or null when it kept it (never its value). */
  private static Action passwordChange(RoomConfig was, RoomConfig now) {
    if (was.passwordProtected() && !now.passwordProtected()) {
      return Action.PASSWORD_REMOVED;
    }
    if (!now.passwordProtected()) {
      return null;
    }
    if (!was.passwordProtected()) {
      return Action.PASSWORD_SET;
    }
    return was.password().equals(now.password()) ? null : Action.PASSWORD_CHANGED;
  }

  private boolean get(StanzaEvent e) {
    Room room = ownedRoom(e);
    if (room == null) {
      return true;
    }
    Element form = Element.of("x", Namespaces.DATA_FORMS).attr("type", "form");
    form.addChild("title").text("Configuration for " + room.jid());
    ConfigFormEvent ev = new ConfigFormEvent(room, form);
    ev.field("FORM_TYPE", "hidden", null, FORM_TYPE);
    synchronized (room) {
      service.host().events().fire(MucEvents.CONFIG_FORM, ev);
    }
    e.result(Element.of("query", Namespaces.MUC_OWNER).add(form));
    return true;
  }

  private boolean set(StanzaEvent e) {
    Room room = ownedRoom(e);
    if (room == null) {
      return true;
    }
    Element query = e.stanza().firstElement();
    Element destroy = query.child("destroy", Namespaces.MUC_OWNER);
    if (destroy != null) {
      Element notice = Element.of("destroy", Namespaces.MUC_USER);
      if (destroy.attr("jid") != null) {
        notice.attr("jid", destroy.attr("jid"));
      }
      String reason = destroy.childText("reason", null);
      if (reason != null) {
        notice.addChild("reason").text(reason);
      }
      synchronized (room) {
        service.destroy(room, notice);
      }
      e.result();
      return true;
    }
    Element x = query.child("x", Namespaces.DATA_FORMS);
    if (x == null) {
      e.error(Condition.BAD_REQUEST, "send a data form");
      return true;
    }
    if ("cancel".equals(x.attr("type"))) {
      e.result();
      return true;
    }
    if (!"submit".equals(x.attr("type"))) {
      e.error(Condition.BAD_REQUEST, "the form must be of type submit or cancel");
      return true;
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (Element f : x.elements("field", Namespaces.DATA_FORMS)) {
      List<String> v = new ArrayList<>();
      for (Element value : f.elements("value", Namespaces.DATA_FORMS)) {
        v.add(value.text());
      }
      if (f.attr("var") != null) {
        values.put(f.attr("var"), v);
      }
    }
    List<String> formType = values.get("FORM_TYPE");
    if (formType != null && !formType.isEmpty() && !formType.get(0).equals(FORM_TYPE)) {
      e.error(Condition.BAD_REQUEST, "not a muc#roomconfig form");
      return true;
    }
    synchronized (room) {
      String actor = MucService.actorName(room, e.from());
      RoomConfig was = room.config();
      ConfigSubmitEvent ev = new ConfigSubmitEvent(room, values, was, actor);
      if (service.refused(MucEvents.CONFIG_SUBMITTED, ev)) {
        e.error(ev.condition(), ev.text());
        return true;
      }
      boolean changed = !ev.config().equals(was);
      room.config(ev.config());
      Action password = passwordChange(was, ev.config());
      if (password != null) {
        service.moderated(room, password, actor, null, null, null, null);
      }
      if (changed) {
        Element notice =
            Element.of("message", Namespaces.CLIENT)
                .attr("type", "groupchat")
                .attr("from", room.jid().toString());
        Element ux = notice.addChild("x", Namespaces.MUC_USER);
        ux.addChild("status").attr("code", 104);
        for (int code : ev.statusCodes()) {
          ux.addChild("status").attr("code", code);
        }
        room.broadcast(notice);
      }
    }
    e.result();
    return true;
  }
}
