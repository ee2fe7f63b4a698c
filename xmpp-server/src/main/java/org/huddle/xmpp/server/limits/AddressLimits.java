package org.huddle.xmpp.server.limits;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * What each client address holds, against the caps of {@link LimitSettings}: a transport or session
 * asks for a {@link Permit} when it opens something and releases it when that ends. Loopback is not
 * exempt: behind a proxy that is not trusted every client would share the proxy's address, and the
 * caps show it.
 *
 * <p>An IPv6 client is counted by its /64, the block one subscriber usually gets, so that it cannot
 * escape the caps by changing its interface identifier.
 *
 * <p>Thread-safe: counts are updated atomically per address and entries vanish at zero, so memory
 * follows what is open.
 */
public final class AddressLimits {
  /** Something counted against an address; release it exactly once (more is harmless). */
  public static final class Permit {
    private final AddressLimits owner;
    private final Limit limit;
    private final String key;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(AddressLimits owner, Limit limit, String key) {
      this.owner = owner;
      this.limit = limit;
      this.key = key;
    }

    public void release() {
      if (released.compareAndSet(false, true)) {
        owner.counts.get(limit).computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
      }
    }
  }

  private record Failures(int count, long sinceNanos) {}

  private static final int MAX_TRACKED_FAILURES = 100_000;

  private final LimitSettings settings;
  private final LongSupplier nanos;
  private final Map<Limit, ConcurrentHashMap<String, Integer>> counts = new EnumMap<>(Limit.class);
  private final ConcurrentHashMap<String, Failures> handshakeFailures = new ConcurrentHashMap<>();

  public AddressLimits(LimitSettings settings, LongSupplier nanos) {
    this.settings = settings;
    this.nanos = nanos;
    for (Limit l : Limit.values()) {
      counts.put(l, new ConcurrentHashMap<>());
    }
  }

  public LimitSettings settings() {
    return settings;
  }

  /** Counts one more of {@code limit} for the address; null when that would pass its cap. */
  public Permit acquire(Limit limit, String address) {
    int cap = settings.cap(limit);
    String key = key(address);
    boolean[] admitted = {false};
    counts
        .get(limit)
        .compute(
            key,
            (k, n) -> {
              int now = n == null ? 0 : n;
              if (cap > 0 && now >= cap) {
                return n;
              }
              admitted[0] = true;
              return now + 1;
            });
    return admitted[0] ? new Permit(this, limit, key) : null;
  }

  /** How many of {@code limit} the address holds now. */
  public int held(Limit limit, String address) {
    return counts.get(limit).getOrDefault(key(address), 0);
  }

  /** Whether the address has used up its failed component handshakes for now. */
  public boolean handshakesBlocked(String address) {
    int cap = settings.cap(Limit.COMPONENT_HANDSHAKES);
    Failures f = handshakeFailures.get(key(address));
    return cap > 0 && f != null && !expired(f, nanos.getAsLong()) && f.count() >= cap;
  }

  /** Counts a failed component handshake from the address. */
  public void handshakeFailed(String address) {
    long now = nanos.getAsLong();
    handshakeFailures.compute(
        key(address),
        (k, old) ->
            old == null || expired(old, now)
                ? new Failures(1, now)
                : new Failures(old.count() + 1, old.sinceNanos()));
    if (handshakeFailures.size() > MAX_TRACKED_FAILURES) {
      handshakeFailures.values().removeIf(f -> expired(f, now));
    }
  }

  private boolean expired(Failures f, long now) {
    return now - f.sinceNanos() > settings.componentHandshakeWindow().toNanos();
  }

  /** The address as counted: IPv6 by its /64, anything else as given. */
  static String key(String address) {
    if (canonicalIpv4(address)) {
      return address; // the usual case, once per limit per connection: no parsing
    }
    InetAddress a = Cidr.literal(address).orElse(null);
    if (a instanceof Inet6Address) {
      byte[] b = Arrays.copyOf(a.getAddress(), 16);
      Arrays.fill(b, 8, 16, (byte) 0);
      try {
        return InetAddress.getByAddress(b).getHostAddress() + "/64";
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException("16 bytes are an IPv6 address", e);
      }
    }
    return a == null ? address : a.getHostAddress();
  }

  /** Whether the text is an IPv4 address written as Java writes it: four 0–255, no leading zero. */
  static boolean canonicalIpv4(String text) {
    if (text == null) {
      return false;
    }
    int parts = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      int start = i;
      int value = 0;
      while (i < n && i - start < 4 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        value = value * 10 + (text.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
        return false;
      }
      parts++;
      if (i == n) {
        break;
      }
      if (text.charAt(i) != '.' || parts == 4) {
        return false;
      }
      i++;
      if (i == n) {
        return false;
      }
    }
    return parts == 4;
  }
}
