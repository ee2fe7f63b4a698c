package org.huddle.xmpp.server.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reverse proxies whose {@code X-Forwarded-For} is believed: CIDR ranges, and host names from
 * the operator's own configuration ({@code trusted_proxies = { "nginx" }}), so that a Compose
 * deployment can trust its nginx service alone, whatever address the engine gives it.
 *
 * <p>A name is resolved at start and again when its answer is older than {@link #REFRESH} (a
 * restarted container may get a new address). The refresh runs on a virtual thread: a request never
 * waits for DNS, it uses the last answer. Names come only from the configuration, never from a
 * request, so no client can make the server query DNS.
 */
public final class TrustedProxies {
  private static final Logger LOG = LoggerFactory.getLogger(TrustedProxies.class);
  static final Duration REFRESH = Duration.ofSeconds(30);

  private final List<Cidr> ranges;
  private final List<String> names;
  private final LongSupplier nanoClock;
  private final Resolver resolver;
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile Set<InetAddress> resolved = Set.of();
  private volatile long resolvedAt;

  /** Looks a name up; the JDK's resolver in production. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String name) throws UnknownHostException;
  }

  TrustedProxies(List<Cidr> ranges, List<String> names, Resolver resolver, LongSupplier nanoClock) {
    this.ranges = List.copyOf(ranges);
    this.names = List.copyOf(names);
    this.resolver = resolver;
    this.nanoClock = nanoClock;
    if (!this.names.isEmpty()) {
      refresh();
    }
  }

  /** Ranges only, as the tests of the X-Forwarded-For walk use. */
  public static TrustedProxies of(List<Cidr> ranges) {
    return new TrustedProxies(ranges, List.of(), InetAddress::getAllByName, System::nanoTime);
  }

  /**
   * Parses the option's entries: an address or CIDR range, or else a host name (letters, digits,
   * dots and dashes). Anything else is an IllegalArgumentException naming the entry.
   */
  public static TrustedProxies parse(List<String> entries) {
    return parse(entries, InetAddress::getAllByName, System::nanoTime);
  }

  static TrustedProxies parse(List<String> entries, Resolver resolver, LongSupplier nanoClock) {
    List<Cidr> ranges = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String entry : entries) {
      String e = entry.trim();
      if (Cidr.literal(e.contains("/") ? e.substring(0, e.indexOf('/')) : e).isPresent()) {
        ranges.add(Cidr.parse(e));
      } else if (e.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
        names.add(e);
      } else {
        throw new IllegalArgumentException("not an address range or a host name: '" + entry + "'");
      }
    }
    return new TrustedProxies(ranges, names, resolver, nanoClock);
  }

  /** Whether the peer (an address literal) is a trusted proxy. */
  public boolean trusts(String address) {
    Optional<InetAddress> a = Cidr.literal(address);
    if (a.isEmpty()) {
      return false;
    }
    if (ranges.stream().anyMatch(r -> r.contains(a.get()))) {
      return true;
    }
    if (names.isEmpty()) {
      return false;
    }
    if (nanoClock.getAsLong() - resolvedAt > REFRESH.toNanos()
        && refreshing.compareAndSet(false, true)) {
      Thread.ofVirtual().name("trusted-proxies-dns").start(this::refresh);
    }
    return resolved.contains(a.get());
  }

  private void refresh() {
    try {
      Set<InetAddress> now = new java.util.HashSet<>();
      for (String name : names) {
        try {
          for (InetAddress address : resolver.resolve(name)) {
            now.add(Cidr.literal(address.getHostAddress()).orElse(address));
          }
        } catch (UnknownHostException e) {
          LOG.warn(
              "trusted_proxies: {} does not resolve; its X-Forwarded-For is not believed", name);
        }
      }
      if (!now.equals(resolved)) {
        LOG.info(
            "trusted_proxies: {} resolve to {}",
            names,
            now.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", ")));
      }
      resolved = Set.copyOf(now);
      resolvedAt = nanoClock.getAsLong();
    } finally {
      refreshing.set(false);
    }
  }

  @Override
  public String toString() {
    return "TrustedProxies" + ranges + names;
  }
}
