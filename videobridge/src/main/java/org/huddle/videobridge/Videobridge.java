package org.huddle.videobridge;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.huddle.videobridge.colibri2.Colibri2Handler;
import org.huddle.videobridge.conference.Conferences;
import org.huddle.videobridge.conference.MediaContext;
import org.huddle.videobridge.dtls.DtlsCertificate;
import org.huddle.videobridge.dtls.DtlsTransport;
import org.huddle.videobridge.ice.Harvesters;
import org.huddle.videobridge.ice.Ice4jSettings;
import org.huddle.videobridge.ice.LocalAddresses;
import org.huddle.videobridge.pipeline.PipelineStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running videobridge: the media port, the conferences, the colibri-ws and REST servers, and the
 * XMPP control connection. {@link #start} returns once everything listens; {@link #close} stops
 * gracefully.
 */
public final class Videobridge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Videobridge.class);

  private final VideobridgeConfig config;
  private final Harvesters harvesters;
  private final ExecutorService workers;
  private final ScheduledExecutorService scheduler;
  private final PipelineStats stats = new PipelineStats();
  private final Conferences conferences;
  private final Colibri2Handler colibri2;
  private final org.huddle.videobridge.state.BridgeState state;
  private final BridgeServices services;
  private final LocalAddresses.InterfaceList interfaces;
  private final MediaSummaries summaries = new MediaSummaries();

  private Videobridge(VideobridgeConfig config, LocalAddresses.InterfaceList interfaces)
      throws Exception {
    this.config = config;
    this.interfaces = interfaces;
    Ice4jSettings.apply();
    org.huddle.videobridge.srtp.SrtpSession.warmUp();
    this.harvesters =
        new Harvesters(harvesterSettings(config.ice()), localAddresses(config.ice()), stats::add);
    int cores = Runtime.getRuntime().availableProcessors();
    this.workers = Executors.newFixedThreadPool(cores, daemon("vb-worker"));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("vb-scheduler"));
    DtlsCertificate certificate =
        DtlsCertificate.generate(DtlsTransport.crypto(), "huddle-videobridge", Duration.ofDays(30));
    this.conferences =
        new Conferences(
            new MediaContext(config, harvesters, certificate, workers, scheduler, stats));
    conferences.addListener(summaries);
    this.state = new org.huddle.videobridge.state.BridgeState(config, conferences, stats);
    this.colibri2 = new Colibri2Handler(conferences, state::isShuttingDown, this::webSocketUrl);
    this.services = new BridgeServices(config, conferences, colibri2, state, stats, scheduler);
  }

  /** Starts the media port, the HTTP servers and the XMPP connection; returns once listening. */
  public static Videobridge start(VideobridgeConfig config) throws Exception {
    return start(config, null);
  }

  /**
   * As {@link #start(VideobridgeConfig)}, with the machine's interface addresses given (for tests
   * of hosts that differ from this one); null reads the machine's.
   */
  public static Videobridge start(VideobridgeConfig config, LocalAddresses.InterfaceList interfaces)
      throws Exception {
    Videobridge vb = startMedia(config, interfaces);
    vb.startControl();
    return vb;
  }

  /**
   * Starts everything but the XMPP control connection: the media port, the DTLS certificate, the
   * SRTP crypto and the HTTP servers. None of it needs the XMPP server, so a host that starts that
   * server too ({@code huddle all}) does this meanwhile, then calls {@link #startControl}.
   */
  public static Videobridge startMedia(
      VideobridgeConfig config, LocalAddresses.InterfaceList interfaces) throws Exception {
    Videobridge vb = new Videobridge(config, interfaces);
    try {
      vb.services.startServers(
          graceful -> {
            if (graceful) {
              vb.shutdownGracefully();
            } else {
              vb.close();
            }
          });
    } catch (Exception e) {
      vb.close();
      throw e;
    }
    LOG.info(
        "videobridge listening: media udp/{} tcp/{} on {}, colibri-ws {}, rest {}",
        vb.udpPort(),
        vb.tcpPort(),
        vb.mediaAddresses().stream().map(java.net.InetAddress::getHostAddress).toList(),
        vb.services.publicPort(),
        vb.services.privatePort());
    return vb;
  }

  /**
   * Logs in to the XMPP server and joins the brewery (when XMPP control is on), once; a failed
   * first attempt is retried in the background.
   */
  public void startControl() {
    services.startControl();
  }

  private static Harvesters.Settings harvesterSettings(VideobridgeConfig.Ice ice) {
    return new Harvesters.Settings(
        ice.bindAddress(),
        ice.udpPort(),
        ice.tcpEnabled() ? ice.tcpPort() : -1,
        ice.tcpMappedPort(),
        ice.advertised(),
        ice.stunServers());
  }

  private LocalAddresses localAddresses(VideobridgeConfig.Ice ice)
      throws java.net.UnknownHostException {
    return interfaces == null
        ? LocalAddresses.choose(ice.bindAddress())
        : LocalAddresses.choose(ice.bindAddress(), interfaces);
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private String webSocketUrl(String conferenceId, String endpointId, String password) {
    var ws = config.webSockets();
    if (!ws.enabled()) {
      return null;
    }
    return (ws.tls() ? "wss://" : "ws://")
        + ws.domain()
        + "/colibri-ws/"
        + ws.serverId()
        + "/"
        + conferenceId
        + "/"
        + endpointId
        + "?pwd="
        + password;
  }

  public VideobridgeConfig config() {
    return config;
  }

  /** The UDP media port actually bound. */
  public int udpPort() {
    return harvesters.udpPort();
  }

  /** The ICE-TCP port actually bound, or -1 without ICE-TCP. */
  public int tcpPort() {
    return harvesters.tcpPort();
  }

  /** The local addresses the media ports bound. */
  public java.util.List<java.net.InetAddress> mediaAddresses() {
    return harvesters.localAddresses();
  }

  /** Bridge channel messages refused as malformed (docs/wire.md "Bridge channel"). */
  public long channelMessagesRefused() {
    return services.channels() == null ? 0 : services.channels().refused();
  }

  /** The colibri-ws (public HTTP) port actually bound, or -1. */
  public int publicHttpPort() {
    return services.publicPort();
  }

  /** The REST (private HTTP) port actually bound, or -1. */
  public int privateHttpPort() {
    return services.privatePort();
  }

  /** Whether the bridge reports itself healthy. */
  public boolean isHealthy() {
    return state.isHealthy();
  }

  /** Drain: the focus should send no new conferences here (announced in presence). */
  public void setDrain(boolean drain) {
    state.setDrain(drain);
  }

  /** The Colibri2 handler (for in-process use and tests). */
  public Colibri2Handler colibri2() {
    return colibri2;
  }

  /** Conferences (for in-process use and tests). */
  public Conferences conferences() {
    return conferences;
  }

  /** Whether the XMPP connection is up and the bridge is in the brewery. */
  public boolean isXmppJoined() {
    return services.xmpp() != null && services.xmpp().isJoined();
  }

  /** The brewery nickname, or null without XMPP. */
  public String breweryNickname() {
    return services.xmpp() == null ? null : services.xmpp().nickname();
  }

  /**
   * Hears each endpoint's {@link MediaSummary} when it expires (the launcher writes them to the
   * meeting records). The listener must not block.
   */
  public void onMediaSummary(MediaSummary.Listener listener) {
    summaries.add(listener);
  }

  /** Pipeline counters, including drops by reason. */
  public PipelineStats stats() {
    return stats;
  }

  /** Stops taking new conferences, waits up to the configured time for them to end, then closes. */
  public void shutdownGracefully() {
    state.startShutdown();
    services.announce();
    long deadline = System.nanoTime() + config.rest().gracefulShutdownMaxDuration().toNanos();
    while (conferences.endpointCount() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    close();
  }

  @Override
  public synchronized void close() {
    if (state.isClosed()) {
      return;
    }
    state.markClosed();
    services.close();
    conferences.close();
    scheduler.shutdownNow();
    workers.shutdown();
    try {
      workers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    harvesters.close();
    LOG.info("videobridge stopped");
  }
}
