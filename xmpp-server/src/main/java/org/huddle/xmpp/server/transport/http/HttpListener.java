package org.huddle.xmpp.server.transport.http;

import io.netty.channel.EventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.huddle.xmpp.server.config.XmppConfig;
import org.huddle.xmpp.server.limits.TrustedProxies;
import org.huddle.xmpp.server.metrics.XmppMetrics;
import org.huddle.xmpp.server.session.SessionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XMPP role's HTTP port (Prosody's {@code http_ports}, 5280): WebSocket at {@code
 * /xmpp-websocket} (RFC 7395), BOSH at {@code /http-bind} (XEP-0206), {@code /about/health} and
 * {@code /metrics}. Jetty 12, handlers on virtual threads; each WebSocket and BOSH session runs on
 * one of the server's Netty event loops, like a TCP session.
 */
public final class HttpListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);
  static final String XMPP_SUBPROTOCOL = "xmpp";

  private final Server server;
  private final ServerConnector connector;
  private final BoshSessions bosh;

  private HttpListener(Server server, ServerConnector connector, BoshSessions bosh) {
    this.server = server;
    this.connector = connector;
    this.bosh = bosh;
  }

  /**
   * Starts the listener.
   *
   * @param health null when the server accepts logins, else why not
   */
  public static HttpListener start(
      XmppConfig config,
      SessionContext sessions,
      EventLoopGroup loops,
      XmppMetrics metrics,
      Supplier<String> health)
      throws Exception {
    // BOSH and WebSocket work runs on virtual threads; the pool's own threads are the acceptor and
    // the selector, so it keeps two when idle instead of Jetty's default eight.
    QueuedThreadPool pool = new QueuedThreadPool(200, 2);
    pool.setName("xmpp-http");
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server server = new Server(pool);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(config.http().address());
    connector.setPort(config.http().port());
    connector.setIdleTimeout(Duration.ofMinutes(3).toMillis());
    server.addConnector(connector);

    HttpAddresses addresses =
        new HttpAddresses(trustedProxies(config.bosh()), config.bosh().considerSecure());
    BoshSessions bosh = new BoshSessions();
    BoshHandler boshHandler = new BoshHandler(sessions, loops, bosh, addresses);
    long maxFrame = config.limits().parser().maxStanzaBytes() * 2L;

    WebSocketUpgradeHandler ws =
        WebSocketUpgradeHandler.from(
            server,
            container -> {
              container.setMaxTextMessageSize(maxFrame);
              container.setIdleTimeout(
                  config
                      .timeouts()
                      .pingInterval()
                      .plus(config.timeouts().pingTimeout())
                      .multipliedBy(2));
              container.addMapping(
                  "/xmpp-websocket",
                  (req, resp, cb) -> {
                    if (!req.hasSubProtocol(XMPP_SUBPROTOCOL)) {
                      // RFC 7395 §3.2: the 'xmpp' subprotocol is what makes this an XMPP WebSocket.
                      resp.setStatus(HttpStatus.BAD_REQUEST_400);
                      resp.write(
                          true,
                          ByteBuffer.wrap(
                              "the WebSocket subprotocol 'xmpp' (RFC 7395) is required\n"
                                  .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                          cb);
                      return null;
                    }
                    resp.setAcceptedSubProtocol(XMPP_SUBPROTOCOL);
                    var query = Request.extractQueryParameters(req);
                    return new WebSocketConnection(
                        sessions,
                        loops.next(),
                        addresses.client(req),
                        addresses.secure(req),
                        query.getValue("token"),
                        query.getValue("previd"));
                  });
            });

    Handler.Abstract routes =
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            String path = Request.getPathInContext(request);
            switch (path) {
              case "/http-bind", "/http-bind/" -> {
                return boshHandler.handle(request, response, callback);
              }
              case "/about/health" -> {
                String problem = health.get();
                BoshHandler.text(
                    response,
                    callback,
                    problem == null ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503,
                    problem == null ? "OK\n" : problem + "\n");
                return true;
              }
              case "/metrics" -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                metrics.write(out);
                response.setStatus(HttpStatus.OK_200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, metrics.contentType());
                response.write(true, ByteBuffer.wrap(out.toByteArray()), callback);
                return true;
              }
              case "/xmpp-websocket" -> {
                BoshHandler.text(
                    response,
                    callback,
                    HttpStatus.BAD_REQUEST_400,
                    "this is an XMPP WebSocket endpoint (RFC 7395): connect with a WebSocket client\n");
                return true;
              }
              default -> {
                BoshHandler.text(response, callback, HttpStatus.NOT_FOUND_404, "not found\n");
                return true;
              }
            }
          }
        };
    ws.setHandler(routes);
    server.setHandler(ws);
    server.start();
    LOG.info(
        "http listening on {}:{} (/http-bind, /xmpp-websocket, /about/health, /metrics)",
        config.http().address(),
        connector.getLocalPort());
    return new HttpListener(server, connector, bosh);
  }

  private static TrustedProxies trustedProxies(XmppConfig.Bosh o) {
    try {
      return TrustedProxies.parse(o.trustedProxies());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("option trusted_proxies: " + e.getMessage(), e);
    }
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** Open BOSH sessions. */
  public int boshSessions() {
    return bosh.count();
  }

  public boolean running() {
    return server.isRunning();
  }

  @Override
  public void close() {
    bosh.shutdown();
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("error stopping the HTTP listener", e);
    }
  }
}
