package org.huddle.xmpp.server.muc.concern;

import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.Affiliation;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.Phase;
import org.huddle.xmpp.server.muc.MucService;

/** Banned users (affiliation outcast, XEP-0045 §7.2.7) cannot enter. */
public final class BanConcern {
  private BanConcern() {}

  public static void install(MucService service) {
    service
        .events()
        .on(
            MucEvents.OCCUPANT_PRE_JOIN,
            Phase.GUARD,
            e ->
                e.occupant().affiliation() == Affiliation.OUTCAST
                    && e.deny(Condition.FORBIDDEN, "you are banned from this room"));
  }
}
