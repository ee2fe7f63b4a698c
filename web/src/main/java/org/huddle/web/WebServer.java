package org.huddle.web;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.huddle.records.Records;
import org.huddle.web.files.FileShareHandler;
import org.huddle.web.metrics.WebMetrics;
import org.huddle.web.proxy.BoshProxy;
import org.huddle.web.proxy.WebSocketProxy;
import org.huddle.web.site.AdminApi;
import org.huddle.web.site.DoctorPage;
import org.huddle.web.site.PemKeyStore;
import org.huddle.web.site.SiteHandler;
import org.huddle.web.site.StaticAssets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web role: the meeting app, {@code config.js}, health and metrics, and the reverse proxy for
 * {@code /http-bind}, {@code /xmpp-websocket} and {@code /colibri-ws/} (nginx's job in
 * docker-jitsi-meet). Jetty 12 on virtual threads.
 *
 * <pre>{@code
 * try (WebServer web = WebServer.start(WebConfig.fromEnvironment(Settings.Env.system()))) {
 *   ... web.port() ...
 * }
 * }</pre>
 */
public final class WebServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

  /** Larger than any stanza the XMPP server accepts (256 KiB by default) and any bridge message. */
  private static final long MAX_MESSAGE = 1024 * 1024;

  /** Proxied WebSockets that carry nothing for this long are closed; XMPP pings far more often. */
  private static final Duration WEBSOCKET_IDLE = Duration.ofMinutes(10);

  private final Server server;
  private final ServerConnector http;
  private final ServerConnector https;
  private final HttpClient client;
  private final WebSocketClient wsClient;

  private WebServer(
      Server server,
      ServerConnector http,
      ServerConnector https,
      HttpClient client,
      WebSocketClient wsClient) {
    this.server = server;
    this.http = http;
    this.https = https;
    this.client = client;
    this.wsClient = wsClient;
  }

  /** Starts the listeners and returns once they accept connections. */
  public static WebServer start(WebConfig config) throws Exception {
    return start(config, null, null);
  }

  /**
   * Starts with {@code /about/doctor} running these checks for callers with the admin token
   * (HUDDLE_ADMIN_TOKEN); without a token configured the page answers 403.
   */
  public static WebServer start(WebConfig config, SelfCheck doctor, String adminToken)
      throws Exception {
    return start(config, doctor, adminToken, null);
  }

  /**
   * As {@link #start(WebConfig, SelfCheck, String)}, with the admin API under {@code /api/} reading
   * these records (null: the API answers 503, records are off).
   */
  public static WebServer start(
      WebConfig config, SelfCheck doctor, String adminToken, Records records) throws Exception {
    return start(config, doctor, adminToken, records, null);
  }

  /**
   * As {@link #start(WebConfig, SelfCheck, String, Records)}, serving the XEP-0363 slots' URLs
   * under {@code /files/} from {@code files} (null: none, 404).
   */
  public static WebServer start(
      WebConfig config, SelfCheck doctor, String adminToken, Records records, FileShare files)
      throws Exception {
    // Requests run on virtual threads; the pool's own threads are the acceptor and the selector, so
    // it keeps two when idle instead of Jetty's default eight (docs/BENCHMARKS.md, "Start-up and
    // memory, third pass").
    QueuedThreadPool pool = new QueuedThreadPool(200, 2);
    pool.setName("web");
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server server = new Server(pool);

    HttpConfiguration httpConfig = new HttpConfiguration();
    httpConfig.setSendServerVersion(false);
    ServerConnector http = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
    http.setHost(config.http().bindAddress());
    http.setPort(config.http().port());
    http.setIdleTimeout(config.http().proxyTimeout().plusSeconds(30).toMillis());
    server.addConnector(http);

    ServerConnector https = null;
    if (config.http().tls().isPresent()) {
      WebConfig.Tls tls = config.http().tls().get();
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStore(PemKeyStore.load(tls.certificate(), tls.key()));
      ssl.setKeyStorePassword(PemKeyStore.PASSWORD);
      HttpConfiguration httpsConfig = new HttpConfiguration(httpConfig);
      httpsConfig.addCustomizer(new SecureRequestCustomizer(false));
      https =
          new ServerConnector(
              server,
              new SslConnectionFactory(ssl, "http/1.1"),
              new HttpConnectionFactory(httpsConfig));
      https.setHost(config.http().bindAddress());
      https.setPort(config.http().httpsPort());
      https.setIdleTimeout(http.getIdleTimeout());
      server.addConnector(https);
    }

    HttpClient client = new HttpClient();
    client.setExecutor(pool);
    client.setConnectTimeout(5_000);
    client.setIdleTimeout(config.http().proxyTimeout().toMillis());
    client.setFollowRedirects(false);
    WebSocketClient wsClient = new WebSocketClient(client);
    wsClient.setIdleTimeout(WEBSOCKET_IDLE);
    wsClient.setMaxTextMessageSize(MAX_MESSAGE);
    // Given a client that has not started, Jetty's WebSocket client makes a pool of its own (eight
    // idle platform threads); its work is the proxy's frames, which virtual threads carry as well.
    for (QueuedThreadPool own : wsClient.getContainedBeans(QueuedThreadPool.class)) {
      own.setMinThreads(1);
      own.setReservedThreads(0);
      own.setName("web-ws-client");
      own.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    }
    server.addBean(client);
    server.addBean(wsClient);

    WebMetrics metrics = new WebMetrics();
    StaticAssets assets = new StaticAssets();
    SiteHandler site =
        new SiteHandler(
            config,
            assets,
            metrics,
            doctor == null ? null : new DoctorPage(doctor, adminToken),
            new AdminApi(
                records,
                config.xmpp().mucDomain(),
                adminToken,
                Instant::now,
                config.publicUrl(),
                config.xmpp().domain()));
    BoshProxy bosh =
        new BoshProxy(config.xmpp().boshUrlBase(), client, config.http().proxyTimeout(), metrics);
    Duration connectTimeout = Duration.ofSeconds(10);

    WebSocketUpgradeHandler ws =
        WebSocketUpgradeHandler.from(
            server,
            container -> {
              container.setMaxTextMessageSize(MAX_MESSAGE);
              container.setIdleTimeout(WEBSOCKET_IDLE);
              if (config.xmpp().websocket()) {
                container.addMapping(
                    "/xmpp-websocket",
                    new WebSocketProxy(
                        "xmpp", config.xmpp().boshUrlBase(), wsClient, connectTimeout, metrics));
              }
              if (config.bridge().colibriWebsocket()) {
                container.addMapping(
                    "/colibri-ws/*",
                    new WebSocketProxy(
                        "colibri",
                        config.bridge().colibriWsUrlBase(),
                        wsClient,
                        connectTimeout,
                        metrics));
              }
            });
    ws.setHandler(
        new Handler.Wrapper(site) {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            String path = Request.getPathInContext(request);
            if (path.equals("/http-bind") || path.startsWith("/http-bind/")) {
              metrics.request("bosh");
              return bosh.handle(request, response, callback);
            }
            if (files != null && path.startsWith(FileShareHandler.PREFIX)) {
              metrics.request("files");
              files.handler().handle(request, response, callback);
              return true;
            }
            return super.handle(request, response, callback);
          }
        });
    bosh.setServer(server);
    server.addBean(bosh);
    server.setHandler(ws);
    server.start();
    if (!assets.present()) {
      LOG.warn("the meeting app is missing from the class path; /about/health reports 503");
    }
    LOG.info(
        "web listening on http://{}:{}{}; proxying /http-bind{} to {}{}",
        config.http().bindAddress(),
        http.getLocalPort(),
        https == null ? "" : " and https port " + https.getLocalPort(),
        config.xmpp().websocket() ? " and /xmpp-websocket" : "",
        config.xmpp().boshUrlBase(),
        config.bridge().colibriWebsocket()
            ? ", /colibri-ws/ to " + config.bridge().colibriWsUrlBase()
            : "");
    return new WebServer(server, http, https, client, wsClient);
  }

  /** The plain HTTP port actually bound (the one to give browsers when there is no HTTPS). */
  public int port() {
    return http.getLocalPort();
  }

  /** The plain HTTP port actually bound; the same as {@link #port()}. */
  public int httpPort() {
    return http.getLocalPort();
  }

  /** The HTTPS port actually bound, or -1 without a certificate. */
  public int httpsPort() {
    return https == null ? -1 : https.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("error stopping the web server", e);
    }
    LOG.debug("web stopped (client running: {}, {})", client.isRunning(), wsClient.isRunning());
  }
}
