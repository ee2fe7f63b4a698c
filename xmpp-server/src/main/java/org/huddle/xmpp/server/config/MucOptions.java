package org.huddle.xmpp.server.config;

import java.util.Locale;
import org.huddle.xmpp.server.api.Options;
import org.huddle.xmpp.server.api.RoomConfig;

/**
 * A MUC service's options, with Prosody's names and defaults (mod_muc).
 *
 * @param locking {@code muc_room_locking}: a new room is locked until its owner configures it
 * @param creation {@code restrict_room_creation}: who may create rooms
 * @param roomDefaults a new room's configuration, from {@code muc_max_occupants} and the {@code
 *     muc_room_default_*} options
 */
public record MucOptions(boolean locking, RoomCreation creation, RoomConfig roomDefaults) {

  /** Prosody's {@code restrict_room_creation} values. */
  public enum RoomCreation {
    /** {@code false}, the default. */
    ANYONE,
    /** {@code true} or {@code "admin"}: server admins only. */
    ADMINS,
    /** {@code "local"}: admins and users of the service's parent domain. */
    LOCAL
  }

  public static MucOptions from(Options o) {
    return new MucOptions(
        o.bool("muc_room_locking", true),
        creation(o.raw("restrict_room_creation")),
        RoomConfig.defaults(o));
  }

  private static RoomCreation creation(Object v) {
    String s = v == null ? "false" : v.toString().trim().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "false" -> RoomCreation.ANYONE;
      case "true", "admin" -> RoomCreation.ADMINS;
      case "local" -> RoomCreation.LOCAL;
      default ->
          throw new IllegalArgumentException(
              "option restrict_room_creation: expected false, true, \"admin\" or \"local\", not "
                  + v);
    };
  }
}
