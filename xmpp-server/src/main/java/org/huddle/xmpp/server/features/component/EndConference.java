package org.huddle.xmpp.server.features.component;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.Role;
import org.huddle.xmpp.server.routing.StanzaEvent;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.Kind;
import org.huddle.xmpp.server.routing.StanzaEvents.To;

/**
 * Jitsi's {@code end_conference}: a moderator's {@code <end_conference/>} (lib-jitsi-meet's {@code
 * conference.end()}) destroys the meeting's room, so every occupant, the focus included, gets the
 * destroy presence. The room is the one the sender is in (Jitsi reads it from the session's {@code
 * ?room=} URL parameter, which lib-jitsi-meet alone does not send). A sender that is not a
 * moderator gets {@code forbidden}; one in no room of the service {@code item-not-found}; one in
 * several {@code conflict}, since which meeting it means is unclear.
 */
final class EndConference {
  static final String REASON = "The meeting was ended by a moderator";

  private final InternalComponent component;

  private EndConference(InternalComponent component) {
    this.component = component;
  }

  static void install(InternalComponent component) {
    EndConference c = new EndConference(component);
    component.host().events().on(StanzaEvents.stanza(Kind.MESSAGE, To.HOST), c::message);
  }

  private boolean message(StanzaEvent e) {
    Element m = e.stanza();
    if ("error".equals(m.attr("type"))) {
      return true;
    }
    if (m.child("end_conference", Namespaces.CLIENT) == null) {
      return component.drop(m, e.from(), "no end_conference element");
    }
    InternalComponent.Sender sender = component.senderOf(e);
    if (sender == null) {
      return true;
    }
    if (sender.occupant().role() != Role.MODERATOR) {
      e.error(Condition.FORBIDDEN, "only a moderator may end the meeting");
    } else {
      sender.room().destroy(REASON);
    }
    return true;
  }
}
