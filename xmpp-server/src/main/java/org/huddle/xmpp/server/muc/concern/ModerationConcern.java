package org.huddle.xmpp.server.muc.concern;

import org.huddle.xmpp.server.muc.MucEvents;
import org.huddle.xmpp.server.muc.MucService;
import org.huddle.xmpp.server.muc.RoomConfig;

/**
 * Moderated rooms (XEP-0045 §8.3): occupants without an affiliation enter as visitors and may not
 * speak until a moderator gives them voice. The voice check itself sits with groupchat handling.
 */
public final class ModerationConcern {
  private ModerationConcern() {}

  public static void install(MucService service) {
    new BooleanOption(
            "muc#roomconfig_moderatedroom",
            "Moderated",
            RoomConfig::moderated,
            RoomConfig::withModerated)
        .install(service);
    service
        .host()
        .events()
        .on(
            MucEvents.DISCO_INFO,
            e -> {
              e.features().add(e.room().config().moderated() ? "muc_moderated" : "muc_unmoderated");
              return false;
            });
  }
}
