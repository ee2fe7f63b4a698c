package org.huddle.xmpp.server.muc.concern;

import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.Affiliation;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.Phase;
import org.huddle.xmpp.server.api.RoomConfig;
import org.huddle.xmpp.server.muc.MucService;
import org.huddle.xmpp.server.muc.Occupant;
import org.huddle.xmpp.server.muc.Room;

/**
 * Members-only rooms (XEP-0045 §7.2.6, §9.3): only members, admins and owners enter. Making a room
 * members-only removes those present without membership (status 322).
 */
public final class MembersOnlyConcern {
  private MembersOnlyConcern() {}

  public static void install(MucService service) {
    var events = service.events();
    events.on(
        MucEvents.OCCUPANT_PRE_JOIN,
        Phase.POLICY,
        e -> {
          // The room's affiliation, not the occupant's: a hook before may have granted membership.
          if (e.room().config().membersOnly()
              && e.room().affiliation(e.occupant().realJid()).compareTo(Affiliation.MEMBER) < 0) {
            return e.deny(Condition.REGISTRATION_REQUIRED, "this room is for members only");
          }
          return false;
        });
    new BooleanOption(
            "muc#roomconfig_membersonly",
            "Members only",
            RoomConfig::membersOnly,
            RoomConfig::withMembersOnly)
        .install(service);
    events.on(
        MucEvents.CONFIG_SUBMITTED,
        Phase.FALLBACK,
        e -> {
          // Becoming members-only removes those present without membership (status 322).
          if (e.config().membersOnly() && !e.room().config().membersOnly()) {
            // Room events carry this service's rooms; kicking needs the service's own type.
            Room room = (Room) e.room();
            for (Occupant o : room.occupants()) {
              if (o.affiliation().compareTo(Affiliation.MEMBER) < 0) {
                service.kick(room, o, 322, null, "the room is now members-only");
              }
            }
          }
          return false;
        });
    events.on(
        MucEvents.DISCO_INFO,
        e -> {
          e.features().add(e.room().config().membersOnly() ? "muc_membersonly" : "muc_open");
          return false;
        });
  }
}
