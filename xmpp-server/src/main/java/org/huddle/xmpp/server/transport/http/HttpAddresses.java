package org.huddle.xmpp.server.transport.http;

import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.huddle.xmpp.server.limits.Cidr;
import org.huddle.xmpp.server.limits.TrustedProxies;

/**
 * The client's real address and whether its connection is secure, behind trusted reverse proxies
 * (Prosody's {@code trusted_proxies}: CIDR ranges or host names, by default loopback only).
 *
 * <p>{@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed only from a trusted peer;
 * from anyone else they are ignored, since anyone can send them. The chain is read from the right,
 * where each proxy appends the address it saw: the client is the right-most address that is not a
 * trusted proxy. Addresses to its left were written by the client itself and prove nothing. A hop
 * that is not an IP literal ends the walk at the last trusted one.
 */
final class HttpAddresses {
  private final TrustedProxies trusted;
  private final boolean considerSecure;

  HttpAddresses(List<Cidr> trustedProxies, boolean considerSecure) {
    this(TrustedProxies.of(trustedProxies), considerSecure);
  }

  HttpAddresses(TrustedProxies trustedProxies, boolean considerSecure) {
    this.trusted = trustedProxies;
    this.considerSecure = considerSecure;
  }

  String client(Request request) {
    String direct = canonical(Request.getRemoteAddr(request));
    if (!trusted.trusts(direct)) {
      return direct;
    }
    List<String> headers = request.getHeaders().getValuesList("X-Forwarded-For");
    return client(direct, headers == null ? "" : String.join(",", headers));
  }

  /** The client behind {@code direct}, a trusted peer, given its X-Forwarded-For chain. */
  String client(String direct, String forwardedFor) {
    String client = direct;
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      Optional<String> hop = Cidr.canonical(stripPort(hops[i].trim()));
      if (hop.isEmpty()) {
        break;
      }
      client = hop.get();
      if (!trusted.trusts(client)) {
        break;
      }
    }
    return client;
  }

  boolean secure(Request request) {
    if (considerSecure || request.isSecure()) {
      return true;
    }
    return trusted.trusts(canonical(Request.getRemoteAddr(request)))
        && "https".equalsIgnoreCase(request.getHeaders().get("X-Forwarded-Proto"));
  }

  private static String canonical(String address) {
    return Cidr.canonical(address).orElse(address);
  }

  /** {@code 192.0.2.1:5000} and {@code [2001:db8::1]:5000}, as some proxies write them. */
  private static String stripPort(String hop) {
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      return end < 0 ? hop : hop.substring(0, end + 1);
    }
    int colon = hop.indexOf(':');
    return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
  }
}
