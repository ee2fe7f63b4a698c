package org.huddle.xmpp.server.routing;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.huddle.xmpp.codec.Jid;

/** The bound client sessions, by bare JID and resource. Thread-safe. */
public final class SessionRegistry {
  private final ConcurrentHashMap<Jid, ConcurrentHashMap<String, LocalSession>> byBare =
      new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();

  /**
   * Binds a session under its full JID.
   *
   * @return the session it replaced, which the caller must close with a {@code conflict} stream
   *     error, or null
   */
  public LocalSession bind(LocalSession session) {
    Jid full = session.jid();
    LocalSession[] replaced = new LocalSession[1];
    byBare.compute(
        full.bare(),
        (bare, resources) -> {
          ConcurrentHashMap<String, LocalSession> r =
              resources == null ? new ConcurrentHashMap<>() : resources;
          replaced[0] = r.put(full.resource(), session);
          return r;
        });
    if (replaced[0] == null) {
      count.incrementAndGet();
    }
    return replaced[0];
  }

  /** Unbinds a session, if it is still the one bound under its JID. */
  public boolean unbind(LocalSession session) {
    Jid full = session.jid();
    boolean[] removed = new boolean[1];
    byBare.computeIfPresent(
        full.bare(),
        (bare, resources) -> {
          removed[0] = resources.remove(full.resource(), session);
          return resources.isEmpty() ? null : resources;
        });
    if (removed[0]) {
      count.decrementAndGet();
    }
    return removed[0];
  }

  /** The session bound to this full JID, or null. */
  public LocalSession get(Jid full) {
    if (full.resource() == null) {
      return null;
    }
    var resources = byBare.get(full.bare());
    return resources == null ? null : resources.get(full.resource());
  }

  /** The sessions of this account. */
  public Collection<LocalSession> resources(Jid bare) {
    var resources = byBare.get(bare.bare());
    return resources == null ? List.of() : List.copyOf(resources.values());
  }

  /** How many sessions are bound. */
  public int count() {
    return count.get();
  }
}
