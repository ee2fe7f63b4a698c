package org.huddle.videobridge.rest;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;

/**
 * Who may change the bridge's state over REST (drain, shutdown: every method but GET and HEAD). A
 * browser on the operator's machine can reach a loopback port too, so besides a bearer token (RFC
 * 6750 §2.1) the guard refuses what only a cross-site page would send: an {@code Origin} that is
 * not this server's own (RFC 6454 §7), {@code Sec-Fetch-Site: cross-site}, and the content types of
 * a CORS "simple request" (https://fetch.spec.whatwg.org/#cors-safelisted-request-header), which a
 * page may POST anywhere without a preflight.
 */
final class StateChangeGuard {
  /** Why a request was refused: the status and a reason for the body. */
  record Refusal(int status, String reason) {}

  private final byte[] token;

  /**
   * @param token the bearer token; empty refuses every state-changing call
   */
  StateChangeGuard(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  static boolean changesState(String method) {
    return !method.equals("GET") && !method.equals("HEAD");
  }

  /** Empty when the request may go on. */
  Optional<Refusal> check(Request request) {
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin != null && !isOwnOrigin(origin, request)) {
      return refuse(
          HttpStatus.FORBIDDEN_403, "cross-origin request refused (Origin: " + origin + ")");
    }
    String site = request.getHeaders().get("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return refuse(
          HttpStatus.FORBIDDEN_403, "cross-site request refused (Sec-Fetch-Site: " + site + ")");
    }
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type != null && isSimpleRequestType(type)) {
      return refuse(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
          "Content-Type "
              + type
              + " is refused on state-changing calls; send none or application/json");
    }
    if (token.length == 0) {
      return refuse(
          HttpStatus.FORBIDDEN_403,
          "state-changing calls are disabled: no JVB_REST_TOKEN is configured");
    }
    String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (auth == null
        || !auth.regionMatches(true, 0, "Bearer ", 0, 7)
        || !MessageDigest.isEqual(
            auth.substring(7).trim().getBytes(StandardCharsets.UTF_8), token)) {
      return refuse(
          HttpStatus.UNAUTHORIZED_401, "a valid \"Authorization: Bearer\" token is required");
    }
    return Optional.empty();
  }

  private static Optional<Refusal> refuse(int status, String reason) {
    return Optional.of(new Refusal(status, reason));
  }

  /** The origin the request's own Host header names, defaults ports included. */
  private static boolean isOwnOrigin(String origin, Request request) {
    try {
      URI o = new URI(origin.trim());
      String scheme = request.getHttpURI().getScheme();
      int port =
          o.getPort() >= 0 ? o.getPort() : "https".equalsIgnoreCase(o.getScheme()) ? 443 : 80;
      return scheme.equalsIgnoreCase(o.getScheme())
          && Request.getServerName(request).equalsIgnoreCase(o.getHost())
          && Request.getServerPort(request) == port;
    } catch (URISyntaxException | NullPointerException e) {
      return false; // "null" (an opaque origin) and garbage are foreign
    }
  }

  private static boolean isSimpleRequestType(String contentType) {
    String t = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return t.equals("text/plain")
        || t.equals("application/x-www-form-urlencoded")
        || t.equals("multipart/form-data");
  }
}
