package org.huddle.videobridge.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.huddle.videobridge.state.BridgeState;

/**
 * The private REST API. Routes by method and path; everything else is 404.
 *
 * <ul>
 *   <li>{@code GET /about/health}: 200 and an empty body when healthy, else 500
 *   <li>{@code GET /about/version}: {@code {"name","version","os"}}
 *   <li>{@code GET /colibri/stats}: the flat statistics
 *   <li>{@code GET /metrics}: Prometheus text format
 *   <li>{@code POST /colibri/drain/enable}, {@code /disable}
 *   <li>{@code POST /colibri/shutdown}: graceful unless the body says {@code "graceful-shutdown":
 *       false}; only when enabled
 * </ul>
 *
 * <p>Every method but GET and HEAD must first pass the {@link StateChangeGuard}: a bearer token,
 * and nothing that looks like a cross-site request.
 */
public final class RestHandler extends Handler.Abstract {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What shutdown does. */
  public interface Shutdown {
    void shutdown(boolean graceful);
  }

  private final BridgeState state;
  private final BridgeMetrics metrics;
  private final String version;
  private final boolean shutdownEnabled;
  private final Shutdown shutdown;
  private final Runnable stateChanged;
  private final StateChangeGuard guard;

  /**
   * @param token the bearer token for state-changing calls; empty refuses them
   */
  public RestHandler(
      BridgeState state,
      BridgeMetrics metrics,
      String version,
      boolean shutdownEnabled,
      String token,
      Shutdown shutdown,
      Runnable stateChanged) {
    this.guard = new StateChangeGuard(token);
    this.state = state;
    this.metrics = metrics;
    this.version = version;
    this.shutdownEnabled = shutdownEnabled;
    this.shutdown = shutdown;
    this.stateChanged = stateChanged;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    if (StateChangeGuard.changesState(method)) {
      var refusal = guard.check(request);
      if (refusal.isPresent()) {
        if (refusal.get().status() == HttpStatus.UNAUTHORIZED_401) {
          response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
        }
        // The request's body goes unread, so Jetty will not keep the connection: say so, or a
        // client that pools connections (Java's HttpClient) sends its next request on one that
        // is closing and reads EOF ("header parser received no bytes", seen in RestApiTest).
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        text(response, callback, refusal.get().status(), refusal.get().reason());
        return true;
      }
    }
    switch (method + " " + path) {
      case "GET /about/health" -> {
        response.setStatus(
            state.isHealthy() ? HttpStatus.OK_200 : HttpStatus.INTERNAL_SERVER_ERROR_500);
        callback.succeeded();
      }
      case "GET /about/version" -> {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", "Huddle videobridge");
        v.put("version", version);
        v.put("os", System.getProperty("os.name"));
        json(response, callback, HttpStatus.OK_200, v);
      }
      case "GET /colibri/stats" -> json(response, callback, HttpStatus.OK_200, state.statistics());
      case "GET /metrics" -> {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, metrics.contentType());
        response.write(true, ByteBuffer.wrap(metrics.scrape()), callback);
      }
      case "POST /colibri/drain/enable", "POST /colibri/drain/disable" -> {
        state.setDrain(path.endsWith("enable"));
        stateChanged.run();
        response.setStatus(HttpStatus.OK_200);
        callback.succeeded();
      }
      case "POST /colibri/shutdown" -> {
        if (!shutdownEnabled) {
          Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
          return true;
        }
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        boolean graceful = true;
        if (body != null && !body.isBlank()) {
          try {
            JsonNode n = JSON.readTree(body);
            graceful = n.path("graceful-shutdown").asBoolean(true);
          } catch (java.io.IOException e) {
            Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400);
            return true;
          }
        }
        response.setStatus(HttpStatus.OK_200);
        callback.succeeded();
        boolean g = graceful;
        Thread.ofPlatform().name("vb-shutdown").start(() -> shutdown.shutdown(g));
      }
      default -> Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
    }
    return true;
  }

  private static void text(Response response, Callback callback, int status, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.write(true, ByteBuffer.wrap((body + "\n").getBytes(StandardCharsets.UTF_8)), callback);
  }

  private static void json(Response response, Callback callback, int status, Object body)
      throws java.io.IOException {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(body)), callback);
  }
}
