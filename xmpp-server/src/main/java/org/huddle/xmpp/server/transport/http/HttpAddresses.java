package org.huddle.xmpp.server.transport.http;

import java.util.List;
import java.util.Set;
import org.eclipse.jetty.server.Request;

/**
 * The client's real address and whether its connection is secure, behind trusted reverse proxies
 * (Prosody's {@code trusted_proxies}, default the loopback addresses): {@code X-Forwarded-For} and
 * {@code X-Forwarded-Proto} are believed only from them.
 */
final class HttpAddresses {
  private final Set<String> trusted;
  private final boolean considerSecure;

  HttpAddresses(List<String> trustedProxies, boolean considerSecure) {
    this.trusted = Set.copyOf(trustedProxies);
    this.considerSecure = considerSecure;
  }

  String client(Request request) {
    String direct = Request.getRemoteAddr(request);
    if (!trusted.contains(direct)) {
      return direct;
    }
    String forwarded = request.getHeaders().get("X-Forwarded-For");
    if (forwarded == null || forwarded.isBlank()) {
      return direct;
    }
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!trusted.contains(hop)) {
        return hop;
      }
    }
    return hops[0].trim();
  }

  boolean secure(Request request) {
    if (considerSecure || request.isSecure()) {
      return true;
    }
    return trusted.contains(Request.getRemoteAddr(request))
        && "https".equalsIgnoreCase(request.getHeaders().get("X-Forwarded-Proto"));
  }
}
