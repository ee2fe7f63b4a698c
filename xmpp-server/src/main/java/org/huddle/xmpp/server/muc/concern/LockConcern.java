package org.huddle.xmpp.server.muc.concern;

import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.Affiliation;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.Phase;
import org.huddle.xmpp.server.muc.MucService;

/**
 * Room locking (XEP-0045 §10.1.2): with Prosody's {@code muc_room_locking} (its default), a new
 * room stays locked to everyone but its owner until the owner submits a configuration. Jitsi turns
 * it off so rooms open at once.
 */
public final class LockConcern {
  private LockConcern() {}

  public static void install(MucService service) {
    var events = service.events();
    boolean locking = service.settings().locking();
    if (locking) {
      events.on(
          MucEvents.ROOM_CREATED,
          e -> {
            if (!e.room().config().persistent()) {
              e.room().config(e.room().config().withLocked(true));
            }
            return false;
          });
    }
    events.on(
        MucEvents.OCCUPANT_PRE_JOIN,
        Phase.GUARD,
        e ->
            e.room().config().locked()
                && e.occupant().affiliation() != Affiliation.OWNER
                && e.deny(
                    Condition.ITEM_NOT_FOUND, "the room is locked until its owner configures it"));
    events.on(
        MucEvents.CONFIG_SUBMITTED,
        Phase.FALLBACK,
        e -> {
          e.config(e.config().withLocked(false));
          return false;
        });
  }
}
