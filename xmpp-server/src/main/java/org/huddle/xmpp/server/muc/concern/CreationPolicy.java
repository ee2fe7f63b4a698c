package org.huddle.xmpp.server.muc.concern;

import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.config.MucOptions.RoomCreation;
import org.huddle.xmpp.server.muc.MucService;

/**
 * Who may create rooms, as Prosody's {@code restrict_room_creation}: {@code false} (anyone, the
 * default), {@code true} or {@code "admin"} (server admins only), {@code "local"} (users of the
 * parent domain only).
 */
public final class CreationPolicy {
  private CreationPolicy() {}

  public static void install(MucService service) {
    RoomCreation policy = service.settings().creation();
    if (policy == RoomCreation.ANYONE) {
      return;
    }
    String host = service.domain();
    String parent = host.contains(".") ? host.substring(host.indexOf('.') + 1) : host;
    service
        .events()
        .on(
            MucEvents.ROOM_PRE_CREATE,
            e -> {
              var who = e.origin() == null ? null : e.origin().jid();
              boolean admin = who != null && service.isAdmin(who);
              boolean allowed =
                  switch (policy) {
                    case LOCAL -> admin || (who != null && who.domain().equals(parent));
                    case ADMINS, ANYONE -> admin;
                  };
              return !allowed && e.deny(Condition.NOT_ALLOWED, "room creation is restricted");
            });
  }
}
