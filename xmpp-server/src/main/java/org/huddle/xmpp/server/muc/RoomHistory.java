package org.huddle.xmpp.server.muc;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;

/**
 * Discussion history (XEP-0045 §7.2.14): the last messages of a room, replayed to newcomers with a
 * delay stamp (XEP-0203), bounded by the room's {@code historyLength} and by what the newcomer's
 * {@code <history/>} asks.
 */
public final class RoomHistory {
  private record Entry(Element message, Instant at, int chars) {}

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();

  /**
   * Keeps a groupchat message (already addressed from the occupant JID), dropping the oldest beyond
   * {@code max}.
   */
  public synchronized void record(Element message, int max) {
    if (max <= 0) {
      entries.clear();
      return;
    }
    Element m = message.copy().attr("to", null);
    entries.addLast(new Entry(m, Instant.now(), m.toXml().length()));
    while (entries.size() > max) {
      entries.removeFirst();
    }
  }

  public synchronized int size() {
    return entries.size();
  }

  /**
   * Sends the history to a newcomer, honouring its {@code <history maxchars maxstanzas seconds
   * since/>}.
   */
  void replay(Room room, Occupant to, Element mucJoin) {
    List<Entry> selected =
        select(mucJoin == null ? null : mucJoin.child("history", Namespaces.MUC));
    for (Entry e : selected) {
      Element m = e.message().copy();
      m.addChild("delay", Namespaces.DELAY)
          .attr("from", room.jid().toString())
          .attr("stamp", e.at().toString());
      room.send(to, m);
    }
  }

  private synchronized List<Entry> select(Element request) {
    int maxStanzas = Integer.MAX_VALUE;
    long maxChars = Long.MAX_VALUE;
    Instant since = Instant.MIN;
    if (request != null) {
      maxStanzas = parseInt(request.attr("maxstanzas"), maxStanzas);
      maxChars = parseInt(request.attr("maxchars"), Integer.MAX_VALUE);
      int seconds = parseInt(request.attr("seconds"), -1);
      if (seconds >= 0) {
        since = Instant.now().minus(Duration.ofSeconds(seconds));
      }
      String s = request.attr("since");
      if (s != null) {
        try {
          Instant t = Instant.parse(s);
          since = t.isAfter(since) ? t : since;
        } catch (DateTimeParseException ignored) {
          // A malformed 'since' limits nothing.
        }
      }
    }
    List<Entry> out = new ArrayList<>();
    long chars = 0;
    for (Iterator<Entry> it = entries.descendingIterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (out.size() >= maxStanzas || e.at().isBefore(since) || chars + e.chars() > maxChars) {
        break;
      }
      chars += e.chars();
      out.add(0, e);
    }
    return out;
  }

  private static int parseInt(String s, int fallback) {
    if (s == null) {
      return fallback;
    }
    try {
      return Math.max(0, Integer.parseInt(s.trim()));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
