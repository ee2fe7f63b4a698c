package org.huddle.videobridge.rtcp;

/**
 * A few values by SSRC, found by a scan of a {@code long[]}: no boxed key and no hashing per
 * packet, for the per-packet lookups of state that a receiver keeps for a handful of streams. Fixed
 * capacity; entries are never removed. Not thread-safe.
 */
public final class SsrcSlots<V> {
  private final long[] ssrcs;
  private final Object[] values;
  private int size;

  public SsrcSlots(int capacity) {
    ssrcs = new long[capacity];
    values = new Object[capacity];
  }

  /** The value for {@code ssrc}, or null. */
  @SuppressWarnings("unchecked")
  public V get(long ssrc) {
    for (int i = 0; i < size; i++) {
      if (ssrcs[i] == ssrc) {
        return (V) values[i];
      }
    }
    return null;
  }

  /** Adds a value for an SSRC not yet here; false when full. */
  public boolean add(long ssrc, V value) {
    if (size == ssrcs.length) {
      return false;
    }
    ssrcs[size] = ssrc;
    values[size++] = value;
    return true;
  }
}
