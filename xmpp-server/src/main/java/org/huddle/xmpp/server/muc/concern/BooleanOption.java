package org.huddle.xmpp.server.muc.concern;

import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.RoomConfig;
import org.huddle.xmpp.server.muc.MucService;

/**
 * A yes/no room option of the owner's form (XEP-0045 §10.2): its {@code muc#roomconfig_*} field,
 * filled from the room's configuration, and applied when the form is submitted. A concern adds
 * whatever else the option means.
 *
 * @param var the form field, such as {@code muc#roomconfig_moderatedroom}
 * @param label what the form shows
 * @param get reads the option from a configuration
 * @param set returns a configuration with the option set
 */
record BooleanOption(
    String var,
    String label,
    Predicate<RoomConfig> get,
    BiFunction<RoomConfig, Boolean, RoomConfig> set) {

  static String flag(boolean b) {
    return b ? "1" : "0";
  }

  /** Adds the field to every configuration form and applies it from every submission. */
  void install(MucService service) {
    var events = service.events();
    events.on(
        MucEvents.CONFIG_FORM,
        e -> {
          e.field(var, "boolean", label, flag(get.test(e.room().config())));
          return false;
        });
    events.on(
        MucEvents.CONFIG_SUBMITTED,
        e -> {
          Boolean v = e.bool(var);
          if (v != null) {
            e.config(set.apply(e.config(), v));
          }
          return false;
        });
  }
}
