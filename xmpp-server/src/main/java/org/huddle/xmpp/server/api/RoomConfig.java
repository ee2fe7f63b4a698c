package org.huddle.xmpp.server.api;

/**
 * A room's configuration (XEP-0045 §10.2, muc#roomconfig). Immutable; changes make a new one.
 *
 * @param name the room's natural-language name
 * @param description its description
 * @param password the password, or null when the room has none
 * @param membersOnly only members may enter
 * @param maxOccupants the most occupants, 0 for no limit
 * @param moderated occupants without an affiliation enter as visitors
 * @param publicJids real JIDs are visible to every occupant (whois=anyone), not just moderators
 * @param changeSubject any participant may change the subject
 * @param persistent the room outlives its last occupant
 * @param publicRoom the room is listed in disco#items
 * @param historyLength how many messages are replayed to a new occupant
 * @param locked newly created and not yet configured (XEP-0045 §10.1.2); others cannot enter
 */
public record RoomConfig(
    String name,
    String description,
    String password,
    boolean membersOnly,
    int maxOccupants,
    boolean moderated,
    boolean publicJids,
    boolean changeSubject,
    boolean persistent,
    boolean publicRoom,
    int historyLength,
    boolean locked) {

  /**
   * A new room's configuration, from the service's {@code muc_room_default_*} options as Prosody
   * names them.
   */
  public static RoomConfig defaults(Options o) {
    return new RoomConfig(
        null,
        null,
        null,
        o.bool("muc_room_default_members_only", false),
        (int) o.number("muc_max_occupants", 0),
        o.bool("muc_room_default_moderated", false),
        o.bool("muc_room_default_public_jids", false),
        o.bool("muc_room_default_change_subject", false),
        o.bool("muc_room_default_persistent", false),
        o.bool("muc_room_default_public", true),
        (int) o.number("muc_room_default_history_length", 20),
        false);
  }

  public boolean passwordProtected() {
    return password != null && !password.isEmpty();
  }

  public RoomConfig withName(String v) {
    return new RoomConfig(
        v,
        description,
        password,
        membersOnly,
        maxOccupants,
        moderated,
        publicJids,
        changeSubject,
        persistent,
        publicRoom,
        historyLength,
        locked);
  }

  public RoomConfig withDescription(String v) {
    return new RoomConfig(
        name,
        v,
        password,
        membersOnly,
        maxOccupants,
        moderated,
        publicJids,
        changeSubject,
        persistent,
        publicRoom,
        historyLength,
        locked);
  }

  public RoomConfig withPassword(String v) {
    return new RoomConfig(
        name,
        description,
        v == null || v.isEmpty() ? null : v,
        membersOnly,
        maxOccupants,
        moderated,
        publicJids,
        changeSubject,
        persistent,
        publicRoom,
        historyLength,
        locked);
  }

  public RoomConfig withMembersOnly(boolean v) {
    return new RoomConfig(
        name,
        description,
        password,
        v,
        maxOccupants,
        moderated,
        publicJids,
        changeSubject,
        persistent,
        publicRoom,
        historyLength,
        locked);
  }

  public RoomConfig withMaxOccupants(int v) {
    return new RoomConfig(
        name,
        description,
        password,
        membersOnly,
        v,
        moderated,
        publicJids,
        changeSubject,
        persistent,
        publicRoom,
        historyLength,
        locked);
  }

  public RoomConfig withModerated(boolean v) {
    return new RoomConfig(
        name,
        description,
        password,
        membersOnly,
        maxOccupants,
        v,
        publicJids,
        changeSubject,
        persistent,
        publicRoom,
        historyLength,
        locked);
  }

  public RoomConfig withPublicJids(boolean v) {
    return new RoomConfig(
        name,
        description,
        password,
        membersOnly,
        maxOccupants,
        moderated,
        v,
        changeSubject,
        persistent,
        publicRoom,
        historyLength,
        locked);
  }

  public RoomConfig withChangeSubject(boolean v) {
    return new RoomConfig(
        name,
        description,
        password,
        membersOnly,
        maxOccupants,
        moderated,
        publicJids,
        v,
        persistent,
        publicRoom,
        historyLength,
        locked);
  }

  public RoomConfig withPersistent(boolean v) {
    return new RoomConfig(
        name,
        description,
        password,
        membersOnly,
        maxOccupants,
        moderated,
        publicJids,
        changeSubject,
        v,
        publicRoom,
        historyLength,
        locked);
  }

  public RoomConfig withPublicRoom(boolean v) {
    return new RoomConfig(
        name,
        description,
        password,
        membersOnly,
        maxOccupants,
        moderated,
        publicJids,
        changeSubject,
        persistent,
        v,
        historyLength,
        locked);
  }

  public RoomConfig withHistoryLength(int v) {
    return new RoomConfig(
        name,
        description,
        password,
        membersOnly,
        maxOccupants,
        moderated,
        publicJids,
        changeSubject,
        persistent,
        publicRoom,
        v,
        locked);
  }

  public RoomConfig withLocked(boolean v) {
    return new RoomConfig(
        name,
        description,
        password,
        membersOnly,
        maxOccupants,
        moderated,
        publicJids,
        changeSubject,
        persistent,
        publicRoom,
        historyLength,
        v);
  }
}
