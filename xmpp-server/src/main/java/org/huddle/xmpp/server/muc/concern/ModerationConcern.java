package org.huddle.xmpp.server.muc.concern;

import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.RoomConfig;
import org.huddle.xmpp.server.muc.MucService;

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
        .events()
        .on(
            MucEvents.DISCO_INFO,
            e -> {
              e.features().add(e.room().config().moderated() ? "muc_moderated" : "muc_unmoderated");
              return false;
            });
  }
}
