package org.huddle.web.site;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The admin's bearer token (HUDDLE_ADMIN_TOKEN): what {@code /about/doctor} and {@code /api/} ask
 * for. With no token configured the pages are off (403); a wrong or missing one gets 401.
 */
final class AdminToken {
  private final byte[] token;
  private final String what;

  /**
   * @param token the configured token, or null/empty for none
   * @param what the pages it guards, for the 403 text
   */
  AdminToken(String token, String what) {
    this.token = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
    this.what = what;
  }

  /** Whether a token is configured at all. */
  boolean configured() {
    return token.length > 0;
  }

  /** True when the request carries the token; otherwise answers 403 or 401 and returns false. */
  boolean admit(Request request, Response response, Callback callback) {
    if (token.length == 0) {
      Headers.text(
          response,
          callback,
          HttpStatus.FORBIDDEN_403,
          what + " disabled: no HUDDLE_ADMIN_TOKEN is configured\n");
      return false;
    }
    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    byte[] given =
        auth != null && auth.startsWith("Bearer ")
            ? auth.substring(7).strip().getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    if (!MessageDigest.isEqual(given, token)) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      Headers.text(response, callback, HttpStatus.UNAUTHORIZED_401, "wrong or missing token\n");
      return false;
    }
    return true;
  }
}
