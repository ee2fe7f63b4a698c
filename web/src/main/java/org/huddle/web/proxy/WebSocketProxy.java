package org.huddle.web.proxy;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.huddle.web.metrics.WebMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket reverse proxy for one upstream ({@code /xmpp-websocket} to the XMPP server, {@code
 * /colibri-ws/} to the videobridge), what nginx does for jitsi-meet.
 *
 * <p>The upstream is connected before the browser's upgrade is accepted, so whatever the upstream
 * says no with (a wrong colibri-ws password, a missing subprotocol) reaches the browser as the same
 * HTTP status, and the subprotocol the upstream picked is the one the browser gets. Frames are
 * passed one at a time: each side reads its next frame only once the previous one was written to
 * the other side, so a slow reader slows its sender instead of filling this process's memory. A
 * close on either side closes the other with the same code and reason.
 */
public final class WebSocketProxy implements WebSocketCreator {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketProxy.class);

  private final String name;
  private final URI upstream;
  private final WebSocketClient client;
  private final Duration connectTimeout;
  private final WebMetrics metrics;

  /**
   * @param name the upstream's name in logs and metrics ({@code xmpp}, {@code colibri})
   * @param upstream {@code http://host:port} of the upstream; the request's path and query are kept
   */
  public WebSocketProxy(
      String name,
      URI upstream,
      WebSocketClient client,
      Duration connectTimeout,
      WebMetrics metrics) {
    this.name = name;
    this.upstream = upstream;
    this.client = client;
    this.connectTimeout = connectTimeout;
    this.metrics = metrics;
  }

  static URI target(URI upstream, Request request) {
    String scheme = "https".equals(upstream.getScheme()) ? "wss" : "ws";
    String query = request.getHttpURI().getQuery();
    String base = upstream.toString().replaceFirst("^https?", scheme);
    return URI.create(base + request.getHttpURI().getPath() + (query == null ? "" : "?" + query));
  }

  @Override
  public Object createWebSocket(
      ServerUpgradeRequest request,
      ServerUpgradeResponse response,
      org.eclipse.jetty.util.Callback callback) {
    URI target = target(upstream, request);
    ClientUpgradeRequest up = new ClientUpgradeRequest(target);
    up.setSubProtocols(request.getSubProtocols());
    Forwarding.headers(request).forEach(up::setHeader);
    WebSocketPipe pipe = new WebSocketPipe(name, metrics);
    Session upstreamSession;
    try {
      upstreamSession =
          client.connect(pipe.upstream, up).get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      metrics.proxyFailed(name);
      int status =
          e.getCause() instanceof UpgradeException u && u.getResponseStatusCode() > 0
              ? u.getResponseStatusCode()
              : HttpStatus.BAD_GATEWAY_502;
      LOG.debug("{} upstream refused {}: {}", name, request.getHttpURI().getPath(), e.getCause());
      refuse(response, callback, status, name + " upstream refused the WebSocket (" + status + ")");
      return null;
    } catch (java.io.IOException e) {
      metrics.proxyFailed(name);
      refuse(response, callback, HttpStatus.BAD_GATEWAY_502, name + " upstream unreachable");
      return null;
    } catch (TimeoutException e) {
      metrics.proxyFailed(name);
      refuse(response, callback, HttpStatus.GATEWAY_TIMEOUT_504, name + " upstream did not answer");
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      refuse(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "shutting down");
      return null;
    }
    String accepted = upstreamSession.getUpgradeResponse().getAcceptedSubProtocol();
    if (accepted != null) {
      response.setAcceptedSubProtocol(accepted);
    }
    return pipe.downstream;
  }

  private static void refuse(
      ServerUpgradeResponse response,
      org.eclipse.jetty.util.Callback callback,
      int status,
      String text) {
    response.setStatus(status);
    response.getHeaders().put("Content-Type", "text/plain;charset=utf-8");
    response.write(true, ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8)), callback);
  }
}
