package org.huddle.auth.plugins.state;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shared state kept in this process only: what one shard uses without Redis, and what counters fall
 * back to while Redis is away. Entries expire lazily; past {@code maxEntries} the expired ones are
 * purged, and under a flood of live ones the oldest half is dropped, so memory stays bounded.
 */
public final class MemoryState implements SharedState {
  private record Entry(String value, long count, long expiresAt) {
    boolean expired(long now) {
      return expiresAt != 0 && now >= expiresAt;
    }
  }

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final int maxEntries;

  public MemoryState(Clock clock, int maxEntries) {
    this.clock = clock;
    this.maxEntries = maxEntries;
  }

  public MemoryState() {
    this(Clock.systemUTC(), 100_000);
  }

  @Override
  public Optional<String> get(String key) {
    Entry e = live(key);
    return e == null ? Optional.empty() : Optional.ofNullable(e.value());
  }

  @Override
  public void set(String key, String value, Duration ttl) {
    entries.put(key, new Entry(value, 0, expiry(ttl)));
    bound();
  }

  @Override
  public void delete(String key) {
    entries.remove(key);
  }

  @Override
  public long increment(String key, Duration window) {
    long now = clock.millis();
    Entry e =
        entries.compute(
            key,
            (k, old) ->
                old == null || old.expired(now)
                    ? new Entry(null, 1, expiry(window))
                    : new Entry(null, old.count() + 1, old.expiresAt()));
    bound();
    return e.count();
  }

  @Override
  public long count(String key) {
    Entry e = live(key);
    return e == null ? 0 : e.count();
  }

  @Override
  public String describe() {
    return "this process's memory";
  }

  /** How many entries are held (for tests of the bound). */
  public int size() {
    return entries.size();
  }

  @Override
  public void close() {
    entries.clear();
  }

  private Entry live(String key) {
    Entry e = entries.get(key);
    if (e != null && e.expired(clock.millis())) {
      entries.remove(key, e);
      return null;
    }
    return e;
  }

  private long expiry(Duration ttl) {
    return ttl == null || ttl.isZero() ? 0 : clock.millis() + ttl.toMillis();
  }

  private void bound() {
    if (entries.size() <= maxEntries) {
      return;
    }
    long now = clock.millis();
    entries.values().removeIf(e -> e.expired(now));
    if (entries.size() > maxEntries) {
      // Forgetting some counters is safer than growing without bound under a flood of keys.
      var it = entries.keySet().iterator();
      for (int drop = entries.size() / 2; drop > 0 && it.hasNext(); drop--) {
        it.next();
        it.remove();
      }
    }
  }
}
