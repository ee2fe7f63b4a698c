package org.huddle.xmpp.server.muc.concern;

import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.RoomConfig;
import org.huddle.xmpp.server.muc.MucService;

/**
 * A room's name, description, persistence and listing (XEP-0045 §10.2: {@code roomname}, {@code
 * roomdesc}, {@code persistentroom}, {@code publicroom}).
 */
public final class RoomInfoConcern {
  private RoomInfoConcern() {}

  public static void install(MucService service) {
    var events = service.events();
    events.on(
        MucEvents.CONFIG_FORM,
        e -> {
          var c = e.room().config();
          e.field(
              "muc#roomconfig_roomname", "text-single", "Name", c.name() == null ? "" : c.name());
          e.field(
              "muc#roomconfig_roomdesc",
              "text-single",
              "Description",
              c.description() == null ? "" : c.description());
          return false;
        });
    events.on(
        MucEvents.CONFIG_SUBMITTED,
        e -> {
          String name = e.value("muc#roomconfig_roomname");
          if (name != null) {
            e.config(e.config().withName(name.isBlank() ? null : name));
          }
          String desc = e.value("muc#roomconfig_roomdesc");
          if (desc != null) {
            e.config(e.config().withDescription(desc.isBlank() ? null : desc));
          }
          return false;
        });
    new BooleanOption(
            "muc#roomconfig_persistentroom",
            "Persistent",
            RoomConfig::persistent,
            RoomConfig::withPersistent)
        .install(service);
    new BooleanOption(
            "muc#roomconfig_publicroom",
            "Listed",
            RoomConfig::publicRoom,
            RoomConfig::withPublicRoom)
        .install(service);
    events.on(
        MucEvents.DISCO_INFO,
        e -> {
          var c = e.room().config();
          e.features().add(c.persistent() ? "muc_persistent" : "muc_temporary");
          e.features().add(c.publicRoom() ? "muc_public" : "muc_hidden");
          e.formFields()
              .put("muc#roominfo_description", c.description() == null ? "" : c.description());
          return false;
        });
  }
}
