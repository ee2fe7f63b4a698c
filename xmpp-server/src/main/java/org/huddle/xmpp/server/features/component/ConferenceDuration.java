package org.huddle.xmpp.server.features.component;

import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.MucEvents.OccupantEvent;

/**
 * Jitsi's {@code conference_duration_component}: every joiner (but the server's admins) gets {@code
 * {"type":"conference_duration","created_timestamp":<ms>}}, when the room was created, in
 * milliseconds since the epoch; lib-jitsi-meet emits {@code CONFERENCE_CREATED_TIMESTAMP} with it.
 */
final class ConferenceDuration {
  private ConferenceDuration() {}

  static void install(InternalComponent component) {
    component
        .muc()
        .host()
        .events()
        .on(MucEvents.OCCUPANT_JOINED, (OccupantEvent e) -> joined(component, e));
  }

  private static boolean joined(InternalComponent component, OccupantEvent e) {
    if (!component.isAdmin(e.occupant())) {
      component.send(
          e.occupant(),
          "{\"type\":\"conference_duration\",\"created_timestamp\":"
              + e.room().created().toEpochMilli()
              + "}");
    }
    return false;
  }
}
