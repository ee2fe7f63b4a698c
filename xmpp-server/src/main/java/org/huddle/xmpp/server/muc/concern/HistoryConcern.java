package org.huddle.xmpp.server.muc.concern;

import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.muc.MucService;

/**
 * How much history a room keeps ({@code muc#roomconfig_historylength}, as Prosody names it).
 * Recording and replay live with the room; this concern owns the setting.
 */
public final class HistoryConcern {
  static final int MAX = 1000;

  private HistoryConcern() {}

  public static void install(MucService service) {
    var events = service.events();
    events.on(
        MucEvents.CONFIG_FORM,
        e -> {
          e.field(
              "muc#roomconfig_historylength",
              "text-single",
              "Messages of history for newcomers",
              Integer.toString(e.room().config().historyLength()));
          return false;
        });
    events.on(
        MucEvents.CONFIG_SUBMITTED,
        e -> {
          String v = e.value("muc#roomconfig_historylength");
          if (v == null) {
            return false;
          }
          try {
            int n = Integer.parseInt(v.trim());
            e.config(e.config().withHistoryLength(Math.max(0, Math.min(MAX, n))));
            return false;
          } catch (NumberFormatException ex) {
            return e.deny(Condition.NOT_ACCEPTABLE, "historylength must be a number");
          }
        });
  }
}
