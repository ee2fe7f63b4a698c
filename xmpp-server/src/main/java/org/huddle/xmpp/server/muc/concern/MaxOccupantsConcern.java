package org.huddle.xmpp.server.muc.concern;

import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.Affiliation;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.Phase;
import org.huddle.xmpp.server.muc.MucService;

/**
 * A room's occupant limit (XEP-0045 §7.2.10, {@code muc#roomconfig_maxusers}); admins and owners
 * enter even when it is full. 0 or "none" means no limit.
 */
public final class MaxOccupantsConcern {
  private MaxOccupantsConcern() {}

  public static void install(MucService service) {
    var events = service.events();
    events.on(
        MucEvents.OCCUPANT_PRE_JOIN,
        Phase.POLICY,
        e -> {
          int max = e.room().config().maxOccupants();
          if (max > 0
              && e.room().size() >= max
              && e.occupant().affiliation().compareTo(Affiliation.ADMIN) < 0) {
            return e.deny(
                Condition.SERVICE_UNAVAILABLE, "the room is full (" + max + " occupants)");
          }
          return false;
        });
    events.on(
        MucEvents.CONFIG_FORM,
        e -> {
          int max = e.room().config().maxOccupants();
          var f =
              e.field(
                  "muc#roomconfig_maxusers",
                  "list-single",
                  "Maximum occupants",
                  max > 0 ? "" + max : "none");
          for (String option : new String[] {"5", "10", "20", "30", "50", "100", "none"}) {
            f.addChild("option").attr("label", option).addChild("value").text(option);
          }
          return false;
        });
    events.on(
        MucEvents.CONFIG_SUBMITTED,
        e -> {
          String v = e.value("muc#roomconfig_maxusers");
          if (v == null) {
            return false;
          }
          int max;
          try {
            max = v.isBlank() || v.equals("none") ? 0 : Integer.parseInt(v.trim());
          } catch (NumberFormatException ex) {
            return e.deny(Condition.NOT_ACCEPTABLE, "maxusers must be a number or 'none'");
          }
          if (max < 0) {
            return e.deny(Condition.NOT_ACCEPTABLE, "maxusers cannot be negative");
          }
          e.config(e.config().withMaxOccupants(max));
          return false;
        });
    events.on(
        MucEvents.DISCO_INFO,
        e -> {
          int max = e.room().config().maxOccupants();
          if (max > 0) {
            e.formFields().put("muc#roominfo_maxusers", Integer.toString(max));
          }
          return false;
        });
  }
}
