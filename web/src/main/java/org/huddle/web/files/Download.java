package org.huddle.web.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A shared file served to a browser: as a download unless its type is one a browser shows without
 * running anything ({@link SafeTypes}), never as HTML, with {@code nosniff} and a sandboxing CSP,
 * so that an upload never acts as a page of this origin. No ranges: files are small, and a download
 * starts again whole.
 */
final class Download {
  private Download() {}

  static void serve(
      String key, FileStore.Stored file, Request request, Response response, Callback callback)
      throws IOException {
    String name = key.substring(key.lastIndexOf('/') + 1);
    String type = SafeTypes.forName(name);
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, file.size());
    response
        .getHeaders()
        .put(
            "Content-Disposition",
            (SafeTypes.inline(type) ? "inline" : "attachment") + "; filename=\"" + name + "\"");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Content-Security-Policy", "default-src 'none'; sandbox");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "private, max-age=3600");
    response.getHeaders().put("Accept-Ranges", "none");
    try (InputStream in = file.body()) {
      if (!request.getMethod().equals("HEAD")) {
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
          in.transferTo(out);
        }
      }
    }
    callback.succeeded();
  }
}
