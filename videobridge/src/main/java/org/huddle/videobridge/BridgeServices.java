package org.huddle.videobridge;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.huddle.videobridge.channel.BridgeChannels;
import org.huddle.videobridge.channel.ColibriWebSocketHandler;
import org.huddle.videobridge.colibri2.Colibri2Handler;
import org.huddle.videobridge.conference.Conferences;
import org.huddle.videobridge.pipeline.PipelineStats;
import org.huddle.videobridge.rest.BridgeMetrics;
import org.huddle.videobridge.rest.RestHandler;
import org.huddle.videobridge.state.BridgeState;
import org.huddle.videobridge.xmpp.XmppControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bridge's APIs: colibri-ws (public HTTP), REST (private HTTP) and the XMPP connection. */
final class BridgeServices implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BridgeServices.class);

  private final VideobridgeConfig config;
  private final Conferences conferences;
  private final Colibri2Handler colibri2;
  private final BridgeState state;
  private final PipelineStats stats;
  private final ScheduledExecutorService scheduler;
  private Server publicServer;
  private Server privateServer;
  private volatile XmppControl xmpp;
  private BridgeChannels channels;
  private ScheduledFuture<?> connectionStats;

  BridgeServices(
      VideobridgeConfig config,
      Conferences conferences,
      Colibri2Handler colibri2,
      BridgeState state,
      PipelineStats stats,
      ScheduledExecutorService scheduler) {
    this.config = config;
    this.conferences = conferences;
    this.colibri2 = colibri2;
    this.state = state;
    this.stats = stats;
    this.scheduler = scheduler;
  }

  /**
   * Starts the colibri-ws and REST servers; {@link #startControl} adds the XMPP connection.
   *
   * @param shutdown what POST /colibri/shutdown does, given whether to wait for conferences
   */
  void startServers(RestHandler.Shutdown shutdown) throws Exception {
    channels = new BridgeChannels(conferences, config.version());
    if (config.webSockets().enabled()) {
      publicServer = server("vb-public", config.http().publicHost(), config.http().publicPort());
      ColibriWebSocketHandler ws =
          new ColibriWebSocketHandler(channels, config.webSockets().serverId());
      publicServer.setHandler(
          WebSocketUpgradeHandler.from(
              publicServer,
              container -> {
                container.setMaxTextMessageSize(64 * 1024);
                container.setIdleTimeout(java.time.Duration.ofMinutes(5));
                container.addMapping("/colibri-ws/*", ws);
              }));
      publicServer.start();
    }
    privateServer = server("vb-private", config.http().privateHost(), config.http().privatePort());
    privateServer.setHandler(
        new RestHandler(
            state,
            new BridgeMetrics(conferences, state, stats),
            config.version(),
            config.rest().shutdownEnabled(),
            config.rest().token(),
            shutdown,
            this::announce));
    privateServer.start();
    connectionStats =
        scheduler.scheduleWithFixedDelay(channels::sendConnectionStats, 10, 10, TimeUnit.SECONDS);
  }

  /**
   * Logs in to the XMPP server and joins the brewery, when XMPP control is on; returns after the
   * first attempt (a failed one is retried in the background).
   */
  void startControl() {
    if (config.xmpp().enabled() && xmpp == null) {
      xmpp =
          new XmppControl(config.xmpp(), colibri2, state::statistics, state::isHealthy, scheduler);
      xmpp.start();
    }
  }

  private static Server server(String name, String host, int port) {
    QueuedThreadPool pool = new QueuedThreadPool(32, 2);
    pool.setName(name);
    pool.setDaemon(true);
    // No threads kept spinning for the next request: these answer health checks, stats and
    // colibri-ws, a few requests a second at most.
    pool.setReservedThreads(0);
    Server s = new Server(pool);
    ServerConnector c = new ServerConnector(s, 1, 1);
    c.setHost(host);
    c.setPort(port);
    s.addConnector(c);
    return s;
  }

  private static int port(Server s) {
    if (s == null || !s.isStarted()) {
      return -1;
    }
    return ((ServerConnector) s.getConnectors()[0]).getLocalPort();
  }

  int publicPort() {
    return port(publicServer);
  }

  int privatePort() {
    return port(privateServer);
  }

  BridgeChannels channels() {
    return channels;
  }

  XmppControl xmpp() {
    return xmpp;
  }

  /** Re-sends presence at once (drain or shutdown changed). */
  void announce() {
    if (xmpp != null) {
      xmpp.announce();
    }
  }

  @Override
  public void close() {
    if (connectionStats != null) {
      connectionStats.cancel(false);
    }
    if (xmpp != null) {
      xmpp.close();
    }
    for (Server s : new Server[] {publicServer, privateServer}) {
      if (s != null) {
        try {
          s.stop();
        } catch (Exception e) {
          LOG.debug("stopping HTTP server: {}", e.toString());
        }
      }
    }
  }
}
