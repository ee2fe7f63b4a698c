package org.huddle.xmpp.server.muc;

import java.util.Comparator;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.MucEvents.DiscoInfoEvent;
import org.huddle.xmpp.server.routing.StanzaEvent;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.IqType;
import org.huddle.xmpp.server.routing.StanzaEvents.Kind;
import org.huddle.xmpp.server.routing.StanzaEvents.To;

/**
 * Discovery of the service and its rooms (XEP-0045 §6): the service's identity and public rooms,
 * and each room's features and {@code muc#roominfo} form, filled in by the room concerns through
 * {@code muc-disco#info}.
 */
final class MucDisco {
  private final MucService service;

  private MucDisco(MucService service) {
    this.service = service;
  }

  static void install(MucService service) {
    MucDisco d = new MucDisco(service);
    var events = service.host().events();
    events.on(StanzaEvents.iq(IqType.GET, To.HOST, Namespaces.DISCO_INFO, "query"), d::serviceInfo);
    events.on(
        StanzaEvents.iq(IqType.GET, To.HOST, Namespaces.DISCO_ITEMS, "query"), d::serviceItems);
    events.on(StanzaEvents.iq(IqType.GET, To.BARE, Namespaces.DISCO_INFO, "query"), d::roomInfo);
    events.on(StanzaEvents.iq(IqType.GET, To.BARE, Namespaces.DISCO_ITEMS, "query"), d::roomItems);
    events.on(StanzaEvents.stanza(Kind.IQ, To.BARE), d::unknownRoom);
  }

  private boolean serviceInfo(StanzaEvent e) {
    Element q = Element.of("query", Namespaces.DISCO_INFO);
    q.addChild("identity")
        .attr("category", "conference")
        .attr("type", "text")
        .attr("name", "Chatrooms");
    for (String f : new String[] {Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS, Namespaces.MUC}) {
      q.addChild("feature").attr("var", f);
    }
    e.result(q);
    return true;
  }

  private boolean serviceItems(StanzaEvent e) {
    Element q = Element.of("query", Namespaces.DISCO_ITEMS);
    service.rooms().stream()
        .filter(r -> r.config().publicRoom() && !r.config().locked())
        .sorted(Comparator.comparing(r -> r.jid().toString()))
        .forEach(
            r -> {
              String name = r.config().name() != null ? r.config().name() : r.jid().local();
              q.addChild("item").attr("jid", r.jid().toString()).attr("name", name);
            });
    e.result(q);
    return true;
  }

  private boolean roomInfo(StanzaEvent e) {
    Room room = service.room(e.to());
    if (room == null || (room.config().locked() && room.occupantByRealJid(e.from()) == null)) {
      e.error(Condition.ITEM_NOT_FOUND, "no such room");
      return true;
    }
    DiscoInfoEvent ev = new DiscoInfoEvent(room);
    ev.features().add(Namespaces.MUC);
    ev.formFields().put("muc#roominfo_occupants", Integer.toString(room.size()));
    synchronized (room) {
      service.host().events().fire(MucEvents.DISCO_INFO, ev);
    }
    Element q = Element.of("query", Namespaces.DISCO_INFO);
    String name = room.config().name() != null ? room.config().name() : room.jid().local();
    q.addChild("identity").attr("category", "conference").attr("type", "text").attr("name", name);
    ev.features().stream().sorted().forEach(f -> q.addChild("feature").attr("var", f));
    Element form = q.addChild("x", Namespaces.DATA_FORMS).attr("type", "result");
    form.addChild("field")
        .attr("var", "FORM_TYPE")
        .attr("type", "hidden")
        .addChild("value")
        .text("http://jabber.org/protocol/muc#roominfo");
    ev.formFields()
        .forEach(
            (var, value) -> form.addChild("field").attr("var", var).addChild("value").text(value));
    e.result(q);
    return true;
  }

  /** §6.5: the occupants are not listed to outsiders; occupants see the nicks. */
  private boolean roomItems(StanzaEvent e) {
    Room room = service.room(e.to());
    if (room == null) {
      e.error(Condition.ITEM_NOT_FOUND, "no such room");
      return true;
    }
    Element q = Element.of("query", Namespaces.DISCO_ITEMS);
    if (room.occupantByRealJid(e.from()) != null) {
      for (Occupant o : room.occupants()) {
        q.addChild("item").attr("jid", o.occupantJid().toString());
      }
    }
    e.result(q);
    return true;
  }

  /** Any other IQ to a room that does not exist is item-not-found, not service-unavailable. */
  private boolean unknownRoom(StanzaEvent e) {
    String type = e.type();
    if (("get".equals(type) || "set".equals(type)) && service.room(e.to()) == null) {
      e.error(Condition.ITEM_NOT_FOUND, "no such room");
      return true;
    }
    return false;
  }
}
