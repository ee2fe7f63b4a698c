package org.huddle.web.site;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.huddle.web.metrics.WebMetrics;

/**
 * {@code POST /about/embed-ignored}: an embedded meeting app reports how many postMessage commands
 * it ignored because they came from an origin outside {@code frame-ancestors} (docs/web.md,
 * "Embedding: the IFrame API"). The body is that number, 1 to {@value #MOST}; it is added to {@code
 * huddle_web_embed_commands_ignored_total}. Anyone can post it, so the counter says how often pages
 * report refusals, not who sent them.
 */
final class EmbedReport {
  static final String PATH = "/about/embed-ignored";

  /** The most one report may add (the app reports at most once a second). */
  static final int MOST = 1000;

  private EmbedReport() {}

  static void handle(WebMetrics metrics, Request request, Response response, Callback callback) {
    if (!"POST".equals(request.getMethod())) {
      response.getHeaders().put("Allow", "POST");
      Headers.text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "allowed: POST\n");
      return;
    }
    int count = count(request);
    if (count < 1 || count > MOST) {
      Headers.text(
          response,
          callback,
          HttpStatus.BAD_REQUEST_400,
          "the body is a count, 1 to " + MOST + "\n");
      return;
    }
    metrics.embedCommandsIgnored(count);
    response.setStatus(HttpStatus.NO_CONTENT_204);
    Headers.common(response);
    response.write(true, null, callback);
  }

  /** The body's number, or 0 when it is missing, too long or not a number. */
  private static int count(Request request) {
    long length = request.getLength();
    if (length < 0 || length > 8) {
      return 0;
    }
    try {
      return Integer.parseInt(Content.Source.asString(request, StandardCharsets.US_ASCII).trim());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }
}
