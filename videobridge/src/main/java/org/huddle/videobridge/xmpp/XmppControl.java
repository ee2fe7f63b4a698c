package org.huddle.videobridge.xmpp;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.X509TrustManager;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.colibri2.Colibri2Error;
import org.huddle.signalling.colibri2.ConferenceModify;
import org.huddle.signalling.jitsi.ColibriStats;
import org.huddle.signalling.smack.ElementExtension;
import org.huddle.signalling.smack.ElementIq;
import org.huddle.signalling.smack.StanzaReader;
import org.huddle.videobridge.VideobridgeConfig;
import org.huddle.videobridge.colibri2.Colibri2Handler;
import org.huddle.xmpp.codec.Element;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's XMPP client: logs in as {@code <user>@<domain>}, joins the brewery room, re-sends
 * its stats presence periodically, answers Colibri2 and health-check IQs, and reconnects after a
 * lost connection.
 */
public final class XmppControl implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(XmppControl.class);
  static final String HEALTHCHECK = "healthcheck";
  static final String HEALTHCHECK_NS = WireNamespaces.HEALTHCHECK;

  /** The most elements a request may hold; a conference-modify has a few hundred. */
  private static final int MAX_ELEMENTS = 10_000;

  /**
   * Reads this connection's requests within this bridge's limit. The bridge registers nothing in
   * Smack's JVM-wide provider registry, which the focus shares under {@code huddle all}
   * (docs/wire.md, "Smack").
   */
  private final StanzaReader reader = new StanzaReader(MAX_ELEMENTS);

  /** The statistics Jicofo reads; the rest stay out of presence, as JVB's filter does. */
  static final Set<String> PRESENCE_STATS =
      Set.of(
          "stress_level",
          "average_participant_stress",
          "graceful_shutdown",
          "shutting_down",
          "drain",
          "version",
          "release",
          "region",
          "relay_id",
          "healthy",
          "current_timestamp");

  private final VideobridgeConfig.Xmpp config;
  private final Colibri2Handler colibri2;
  private final Supplier<Map<String, Object>> stats;
  private final Supplier<Boolean> healthy;
  private final ScheduledExecutorService scheduler;
  private final String nickname;
  private volatile XMPPTCPConnection connection;
  private volatile boolean joined;
  private volatile boolean closed;
  private ScheduledFuture<?> presenceTimer;

  public XmppControl(
      VideobridgeConfig.Xmpp config,
      Colibri2Handler colibri2,
      Supplier<Map<String, Object>> stats,
      Supplier<Boolean> healthy,
      ScheduledExecutorService scheduler) {
    this.config = config;
    this.colibri2 = colibri2;
    this.stats = stats;
    this.healthy = healthy;
    this.scheduler = scheduler;
    this.nickname = config.nickname().isBlank() ? "jvb-" + UUID.randomUUID() : config.nickname();
  }

  /** Connects, logs in and joins the brewery; on failure, keeps retrying in the background. */
  public void start() {
    try {
      connect();
    } catch (Exception e) {
      LOG.warn(
          "XMPP connection to {}:{} failed ({}); retrying",
          config.host(),
          config.port(),
          e.toString());
      scheduleReconnect();
    }
    long interval = config.presenceInterval().toMillis();
    presenceTimer =
        scheduler.scheduleWithFixedDelay(
            this::sendPresenceQuietly, interval, interval, TimeUnit.MILLISECONDS);
  }

  private synchronized void connect() throws Exception {
    XMPPTCPConnectionConfiguration.Builder b =
        XMPPTCPConnectionConfiguration.builder()
            .setXmppDomain(config.domain())
            .setHost(config.host())
            .setPort(config.port())
            .setUsernameAndPassword(config.username(), config.password())
            .setResource(nickname)
            .setSendPresence(false)
            .setSecurityMode(
                switch (config.tls()) {
                  case DISABLED -> SecurityMode.disabled;
                  case OPTIONAL -> SecurityMode.ifpossible;
                  case REQUIRED -> SecurityMode.required;
                });
    if (config.disableCertificateVerification()) {
      b.setCustomX509TrustManager(new TrustAll()).setHostnameVerifier((host, session) -> true);
    }
    XMPPTCPConnection c = new XMPPTCPConnection(b.build());
    c.setReplyTimeout(10_000);
    c.registerIQRequestHandler(new Colibri2Iqs(c));
    c.registerIQRequestHandler(new HealthIqs());
    c.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void connectionClosedOnError(Exception e) {
            joined = false;
            LOG.warn("XMPP connection lost: {}", e.toString());
            scheduleReconnect();
          }
        });
    c.connect().login();
    connection = c;
    joinBrewery();
    LOG.info("XMPP: logged in as {}, joined {} as {}", c.getUser(), config.breweryJid(), nickname);
  }

  private void scheduleReconnect() {
    if (closed) {
      return;
    }
    scheduler.schedule(
        () -> {
          if (closed) {
            return;
          }
          try {
            XMPPTCPConnection old = connection;
            if (old != null) {
              old.disconnect();
            }
            connect();
          } catch (Exception e) {
            LOG.debug("XMPP reconnect failed: {}", e.toString());
            scheduleReconnect();
          }
        },
        config.reconnectDelay().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private EntityFullJid occupantJid() throws Exception {
    return JidCreate.entityFullFrom(config.breweryJid() + "/" + nickname);
  }

  private void joinBrewery() throws Exception {
    sendPresence(true);
    joined = true;
  }

  private void sendPresence(boolean join) throws Exception {
    XMPPTCPConnection c = connection;
    if (c == null || !c.isAuthenticated()) {
      return;
    }
    var builder =
        c.getStanzaFactory()
            .buildPresenceStanza()
            .to(occupantJid())
            .ofType(Presence.Type.available);
    if (join) {
      builder.addExtension(
          StandardExtensionElement.builder("x", "http://jabber.org/protocol/muc").build());
    }
    Map<String, Object> all = stats.get();
    Map<String, Object> filtered = new java.util.HashMap<>();
    all.forEach(
        (k, v) -> {
          if (PRESENCE_STATS.contains(k)) {
            filtered.put(k, v);
          }
        });
    filtered.put("colibri2", true);
    builder.addExtension(new ElementExtension(ColibriStats.of(filtered).toElement()));
    c.sendStanza(builder.build());
  }

  private void sendPresenceQuietly() {
    if (!joined) {
      return;
    }
    try {
      sendPresence(false);
    } catch (Exception e) {
      LOG.debug("presence not sent: {}", e.toString());
    }
  }

  /** Sends presence now (drain or shutdown changed). */
  public void announce() {
    sendPresenceQuietly();
  }

  /** Whether the bridge is logged in and in the brewery. */
  public boolean isJoined() {
    XMPPConnection c = connection;
    return joined && c != null && c.isAuthenticated();
  }

  public String nickname() {
    return nickname;
  }

  @Override
  public void close() {
    closed = true;
    if (presenceTimer != null) {
      presenceTimer.cancel(false);
    }
    XMPPTCPConnection c = connection;
    if (c != null) {
      try {
        c.sendStanza(
            c.getStanzaFactory()
                .buildPresenceStanza()
                .to(occupantJid())
                .ofType(Presence.Type.unavailable)
                .build());
      } catch (Exception e) {
        LOG.debug("leaving the brewery: {}", e.toString());
      }
      c.disconnect();
    }
  }

  private final class Colibri2Iqs extends AbstractIqRequestHandler {
    Colibri2Iqs(XMPPConnection c) {
      super(
          ConferenceModify.ELEMENT,
          ConferenceModify.NAMESPACE,
          IQ.Type.set,
          IQRequestHandler.Mode.async);
    }

    @Override
    public IQ handleIQRequest(IQ request) {
      Element payload;
      try {
        payload = reader.payload(request);
      } catch (IllegalArgumentException e) {
        LOG.debug("unreadable colibri2 request: {}", e.getMessage());
        return IQ.createErrorResponse(request, StanzaError.Condition.bad_request);
      }
      try {
        ElementIq response = new ElementIq(colibri2.handle(payload));
        response.setType(IQ.Type.result);
        response.setStanzaId(request.getStanzaId());
        response.setTo(request.getFrom());
        return response;
      } catch (SignallingException e) {
        return error(request, e);
      } catch (RuntimeException e) {
        LOG.warn("colibri2 request failed", e);
        return IQ.createErrorResponse(request, StanzaError.Condition.internal_server_error);
      }
    }
  }

  static IQ error(IQ request, SignallingException e) {
    StanzaError.Condition condition = StanzaError.Condition.fromString(e.condition());
    StanzaError.Builder b = StanzaError.getBuilder(condition).setDescriptiveEnText(e.getMessage());
    for (Element x : Colibri2Error.extensionsOf(e)) {
      b.addExtension(new ElementExtension(x));
    }
    return IQ.createErrorResponse(request, b.build());
  }

  private final class HealthIqs extends AbstractIqRequestHandler {
    HealthIqs() {
      super(HEALTHCHECK, HEALTHCHECK_NS, IQ.Type.get, IQRequestHandler.Mode.async);
    }

    @Override
    public IQ handleIQRequest(IQ request) {
      if (!healthy.get()) {
        return IQ.createErrorResponse(request, StanzaError.Condition.internal_server_error);
      }
      return IQ.createResultIQ(request);
    }
  }

  /** Accepts any certificate: docker-jitsi-meet's DISABLE_CERTIFICATE_VERIFICATION. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
