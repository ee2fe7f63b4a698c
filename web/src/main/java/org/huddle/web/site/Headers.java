package org.huddle.web.site;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Response headers every page and file gets, and plain-text answers. */
final class Headers {
  /**
   * Scripts and styles only from this origin; media from the camera and the bridge; WebSockets to
   * any host, since config.js or the bridge may name another one.
   */
  static final String CONTENT_SECURITY_POLICY = contentSecurityPolicy("frame-ancestors 'self'");

  private Headers() {}

  /**
   * The policy with another {@code frame-ancestors} directive: the meeting app's pages take the
   * configured embedding origins ({@link org.huddle.web.FrameAncestors}), everything else only its
   * own origin.
   */
  static String contentSecurityPolicy(String frameAncestors) {
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
        + " media-src 'self' blob: mediastream:; connect-src 'self' ws: wss: http: https:;"
        + " object-src 'none'; base-uri 'none'; "
        + frameAncestors;
  }

  static void common(Response response) {
    common(response, CONTENT_SECURITY_POLICY);
  }

  static void common(Response response, String contentSecurityPolicy) {
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Referrer-Policy", "no-referrer");
    response.getHeaders().put("Content-Security-Policy", contentSecurityPolicy);
  }

  static void text(Response response, Callback callback, int status, String text) {
    common(response);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
  }

  static void body(Response response, Callback callback, int status, String type, String body) {
    common(response);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
  }
}
