package org.huddle.xmpp.server.features.component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One room's A/V moderation: for each medium under moderation, who turned it on and who may unmute
 * (occupant JIDs, moderators included). A medium that is not in the map is not moderated. Guarded
 * by the room's lock: the component touches it only while holding the room.
 */
final class RoomAvModeration {
  private final Map<String, List<String>> whitelists = new LinkedHashMap<>();
  private final Map<String, String> actors = new LinkedHashMap<>();

  boolean enabled(String media) {
    return whitelists.containsKey(media);
  }

  boolean any() {
    return !whitelists.isEmpty();
  }

  /** The media under moderation, in the order they were turned on. */
  List<String> media() {
    return List.copyOf(whitelists.keySet());
  }

  /** Turns moderation on for {@code media}, with these first on the whitelist. */
  void enable(String media, String actor, List<String> allowed) {
    whitelists.put(media, new ArrayList<>(allowed));
    actors.put(media, actor);
  }

  void disable(String media) {
    whitelists.remove(media);
    actors.remove(media);
  }

  /** The occupant JID that turned moderation on for {@code media}. */
  String actor(String media) {
    return actors.get(media);
  }

  /** Adds to the whitelist of {@code media}; false when it was there already. */
  boolean allow(String media, String occupantJid) {
    List<String> list = whitelists.get(media);
    if (list.contains(occupantJid)) {
      return false;
    }
    list.add(occupantJid);
    return true;
  }

  /** Removes from the whitelist of {@code media}; false when it was not there. */
  boolean disallow(String media, String occupantJid) {
    return whitelists.get(media).remove(occupantJid);
  }

  /**
   * The whitelists as JSON, {@code {"audio":[...],"video":[...]}}: each moderated medium with at
   * least one entry (Jitsi leaves empty lists out).
   */
  String whitelistsJson() {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, List<String>> e : whitelists.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      if (b.length() > 1) {
        b.append(',');
      }
      b.append(JsonMessage.quote(e.getKey())).append(":[");
      for (int i = 0; i < e.getValue().size(); i++) {
        b.append(i == 0 ? "" : ",").append(JsonMessage.quote(e.getValue().get(i)));
      }
      b.append(']');
    }
    return b.append('}').toString();
  }
}
