package org.huddle.videobridge.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Answers plain Binding requests, as a STUN server does (RFC 5389 §7.3, §10: a request without
 * USERNAME asks only "what address do you see me at"). Operators and {@code huddle doctor} send
 * them to the advertised address to prove that the media ports are reachable there (through the
 * NAT's forwarding and hairpin). Requests with a USERNAME are ICE checks and go to ice4j as before.
 *
 * <p>An answer is never more than 12 bytes larger than its request (the XOR-MAPPED-ADDRESS of an
 * IPv4 sender; an IPv6 sender needs a request padded to at least 32 bytes), so spoofed sources buy
 * almost no amplification, and each source address gets at most {@link #PER_SECOND} answers a
 * second; the rest are dropped and counted as "{port}.dropped.binding-rate-limited" (or
 * "binding-too-small").
 */
public final class PlainBindings {
  /** Answers per source address and second. */
  static final int PER_SECOND = 10;

  /** Sources remembered at once; beyond it the table starts over (a flood of spoofed sources). */
  private static final int MAX_SOURCES = 10_000;

  private final String port;
  private final Counters counters;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<InetAddress, Window> windows = new ConcurrentHashMap<>();

  public PlainBindings(String port, Counters counters) {
    this(port, counters, System::nanoTime);
  }

  PlainBindings(String port, Counters counters, LongSupplier nanoClock) {
    this.port = port;
    this.counters = counters;
    this.nanoClock = nanoClock;
  }

  /** Whether a datagram or frame is a well-formed Binding request without USERNAME. */
  public static boolean isPlainBindingRequest(byte[] b, int off, int len) {
    return StunMessages.isWellFormed(b, off, len)
        && StunMessages.type(b, off) == StunMessages.BINDING_REQUEST
        && !StunMessages.hasAttribute(b, off, len, StunMessages.USERNAME);
  }

  /**
   * The Binding success response to a plain request from {@code from}, or null when it is dropped
   * (counted): over the rate, or an answer that would be more than 12 bytes larger.
   */
  public byte[] answer(byte[] b, int off, int len, InetSocketAddress from) {
    byte[] response = StunMessages.bindingSuccess(b, off, from);
    if (response.length > len + 12) {
      counters.dropped(port, "binding-too-small");
      return null;
    }
    if (!allow(from.getAddress())) {
      counters.dropped(port, "binding-rate-limited");
      return null;
    }
    counters.add(port + ".binding-answered", 1);
    return response;
  }

  private boolean allow(InetAddress source) {
    if (windows.size() > MAX_SOURCES) {
      windows.clear();
    }
    long now = nanoClock.getAsLong();
    Window w = windows.computeIfAbsent(source, a -> new Window(now));
    synchronized (w) {
      if (now - w.start >= 1_000_000_000L) {
        w.start = now;
        w.count = 0;
      }
      return ++w.count <= PER_SECOND;
    }
  }

  private static final class Window {
    long start;
    int count;

    Window(long start) {
      this.start = start;
    }
  }
}
