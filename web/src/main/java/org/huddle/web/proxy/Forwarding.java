package org.huddle.web.proxy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.Request;

/** The X-Forwarded-* headers an upstream needs to see the browser behind this proxy. */
final class Forwarding {
  private Forwarding() {}

  static Map<String, String> headers(Request request) {
    Map<String, String> h = new LinkedHashMap<>();
    String client = Request.getRemoteAddr(request);
    String earlier = request.getHeaders().get("X-Forwarded-For");
    h.put("X-Forwarded-For", earlier == null ? client : earlier + ", " + client);
    h.put("X-Forwarded-Proto", request.isSecure() ? "https" : "http");
    String host = request.getHeaders().get("Host");
    if (host != null) {
      h.put("X-Forwarded-Host", host);
    }
    return h;
  }
}
