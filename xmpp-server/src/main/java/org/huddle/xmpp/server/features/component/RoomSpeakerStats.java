package org.huddle.xmpp.server.features.component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One room's speaker statistics: for each occupant nick (the endpoint id), its display name and how
 * long it has been the dominant speaker. At most one occupant speaks at a time: the one that last
 * reported becoming dominant. Thread-safe; times are milliseconds of a monotonic clock.
 */
final class RoomSpeakerStats {
  private static final String NO_EXPRESSIONS =
      "{\"happy\":0,\"neutral\":0,\"surprised\":0,\"angry\":0,\"fearful\":0,\"disgusted\":0,"
          + "\"sad\":0}";

  private static final class Entry {
    String displayName;
    long totalMs;
    long since = -1; // when it became dominant speaker; -1 when it is not speaking
    boolean left;
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private String dominant;

  synchronized void joined(String nick, String displayName) {
    Entry e = entries.computeIfAbsent(nick, n -> new Entry());
    e.left = false;
    if (displayName != null) {
      e.displayName = displayName;
    }
  }

  synchronized void displayName(String nick, String displayName) {
    Entry e = entries.get(nick);
    if (e != null && displayName != null) {
      e.displayName = displayName;
    }
  }

  synchronized void left(String nick, long now) {
    Entry e = entries.get(nick);
    if (e != null) {
      stop(nick, now);
      e.left = true;
    }
  }

  /** Whether {@code nick} has an entry (a participant, not the focus). */
  synchronized boolean has(String nick) {
    return entries.containsKey(nick);
  }

  /** {@code nick} became the dominant speaker: the previous one's clock stops, its starts. */
  synchronized void dominant(String nick, long now) {
    if (nick.equals(dominant)) {
      return;
    }
    if (dominant != null) {
      stop(dominant, now);
    }
    entries.get(nick).since = now;
    dominant = nick;
  }

  private void stop(String nick, long now) {
    Entry e = entries.get(nick);
    if (e.since >= 0) {
      e.totalMs += now - e.since;
      e.since = -1;
    }
    if (nick.equals(dominant)) {
      dominant = null;
    }
  }

  /**
   * The {@code speakerstats} JSON for a joiner: the entries that have spoken, are speaking now (the
   * running time counted in), or have left; null when there is none.
   */
  synchronized String json(long now) {
    StringBuilder users = new StringBuilder();
    for (Map.Entry<String, Entry> me : entries.entrySet()) {
      Entry e = me.getValue();
      long total = e.totalMs + (e.since >= 0 ? now - e.since : 0);
      if (total == 0 && e.since < 0 && !e.left) {
        continue;
      }
      users.append(users.isEmpty() ? "" : ",").append(JsonMessage.quote(me.getKey())).append(":{");
      if (e.displayName != null) {
        users.append("\"displayName\":").append(JsonMessage.quote(e.displayName)).append(',');
      }
      users
          .append("\"totalDominantSpeakerTime\":")
          .append(total)
          .append(",\"facialExpressions\":")
          .append(NO_EXPRESSIONS)
          .append('}');
    }
    return users.isEmpty() ? null : "{\"type\":\"speakerstats\",\"users\":{" + users + "}}";
  }
}
