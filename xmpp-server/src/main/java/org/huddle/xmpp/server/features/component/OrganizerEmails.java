package org.huddle.xmpp.server.features.component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.server.api.Affiliation;
import org.huddle.xmpp.server.api.Events;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.MucEvents.OccupantEvent;
import org.huddle.xmpp.server.api.Occupant;
import org.huddle.xmpp.server.api.Room;

/**
 * The e-mail each occupant gives in presence ({@code <email>}, as Jitsi's app sends it), for the
 * allocation hook's {@code Email=}: an owner's, else anyone's, as the focus asks for bridges.
 */
final class OrganizerEmails {
  private final Map<Jid, String> byOccupant = new ConcurrentHashMap<>();

  void install(Events muc) {
    muc.on(MucEvents.BROADCAST_PRESENCE, this::presence);
    muc.on(
        MucEvents.OCCUPANT_LEFT,
        e -> {
          byOccupant.remove(e.occupant().occupantJid());
          return false;
        });
  }

  private boolean presence(OccupantEvent e) {
    String email = e.stanza() == null ? null : e.stanza().childText("email", Namespaces.CLIENT);
    if (email != null && !email.isBlank()) {
      byOccupant.put(e.occupant().occupantJid(), email.trim());
    }
    return false;
  }

  /** An owner's e-mail, else anyone's, else empty. */
  String of(Room room) {
    String any = "";
    for (Occupant o : room.occupants()) {
      String email = byOccupant.get(o.occupantJid());
      if (email != null && o.affiliation() == Affiliation.OWNER) {
        return email;
      }
      if (email != null && any.isEmpty()) {
        any = email;
      }
    }
    return any;
  }
}
