package org.huddle.focus.muc;

import java.util.LinkedHashMap;
import java.util.Map;
import org.huddle.xmpp.codec.Element;

/**
 * What each XEP-0115 {@code ver} stands for (§6.3: keep the association, and ask no more): the
 * disco#info {@code <query/>} that proved it, kept for the most recently used {@code capacity}
 * versions. Shared by every conference, so a client version seen once is not asked again; a
 * capacity of 0 turns the cache off. Thread-safe.
 */
public final class CapsCache {
  private final int capacity;
  private final Map<String, Element> byVer;

  public CapsCache(int capacity) {
    this.capacity = Math.max(0, capacity);
    this.byVer =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Element> eldest) {
            return size() > CapsCache.this.capacity;
          }
        };
  }

  /** The disco#info query this presence's caps stand for, or null when unknown or unverifiable. */
  public synchronized Element lookup(EntityCaps caps) {
    return caps == null || !caps.verifiable() ? null : byVer.get(key(caps));
  }

  /**
   * Keeps what a disco#info answer says for these caps, if it hashes to their {@code ver} (§5.4): a
   * client that sends a {@code ver} its answer does not match is asked again next time.
   *
   * @return whether the answer was kept
   */
  public boolean learn(EntityCaps caps, Element query) {
    if (capacity == 0 || caps == null || !caps.verifies(query)) {
      return false;
    }
    Element kept = query.copy();
    synchronized (this) {
      byVer.put(key(caps), kept);
    }
    return true;
  }

  public synchronized int size() {
    return byVer.size();
  }

  private static String key(EntityCaps caps) {
    return caps.hash().toLowerCase(java.util.Locale.ROOT) + ":" + caps.ver();
  }
}
