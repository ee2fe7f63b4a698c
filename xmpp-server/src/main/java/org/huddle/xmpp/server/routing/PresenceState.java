package org.huddle.xmpp.server.routing;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;

/**
 * A session's presence (RFC 6121 §4): its last broadcast presence, its priority, and the entities
 * it sent directed presence to (MUC rooms, mostly), which must hear that it left when it goes away.
 */
public final class PresenceState {
  private Element last;
  private final Set<Jid> directed = new LinkedHashSet<>();

  /** Whether the session has sent initial presence and not yet gone unavailable. */
  public synchronized boolean available() {
    return last != null;
  }

  /** The last broadcast available presence, or null. */
  public synchronized Element last() {
    return last;
  }

  /** The priority of the last presence (RFC 6121 §4.7.2.3), 0 when absent or unavailable. */
  public synchronized int priority() {
    if (last == null) {
      return 0;
    }
    String p = last.childText("priority", null);
    try {
      return p == null ? 0 : Math.max(-128, Math.min(127, Integer.parseInt(p.trim())));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Records a broadcast presence; unavailable clears it. */
  public synchronized void broadcast(Element presence) {
    last = "unavailable".equals(presence.attr("type")) ? null : presence;
  }

  /** Records directed presence: available adds the target, unavailable removes it. */
  public synchronized void directed(Jid to, boolean available) {
    if (available) {
      directed.add(to);
    } else {
      directed.remove(to);
    }
  }

  /** Takes the directed-presence targets, clearing them (when the session goes unavailable). */
  public synchronized List<Jid> takeDirected() {
    List<Jid> out = List.copyOf(directed);
    directed.clear();
    return out;
  }
}
