package org.huddle.focus.xmpp;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.X509TrustManager;
import org.huddle.focus.FocusConfig;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.smack.ElementExtension;
import org.huddle.signalling.smack.ElementIq;
import org.huddle.signalling.smack.StanzaReader;
import org.huddle.xmpp.codec.Element;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The focus's client connection ({@code focus@auth.<domain>/focus}): logs in, reconnects with
 * backoff after a loss, and turns stanzas into elements both ways.
 *
 * <p>The IQs the focus receives ({@code jingle}, {@code conference}, the bridge's {@code
 * conference-modified}) are read by this connection's own {@link StanzaReader}, within its limits;
 * the focus registers nothing in Smack's JVM-wide provider registry, which the bridge shares under
 * {@code huddle all} (docs/wire.md, "Smack").
 */
public final class XmppClient implements StanzaLink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(XmppClient.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private record Registration(String name, String namespace, IQ.Type type, IqHandler handler) {}

  private final FocusConfig.Xmpp config;
  private final ScheduledExecutorService scheduler;
  private final List<Registration> handlers = new CopyOnWriteArrayList<>();
  private final List<Consumer<Element>> presenceListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Element>> messageListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> onLogin = new CopyOnWriteArrayList<>();
  private final List<Runnable> onLost = new CopyOnWriteArrayList<>();

  /**
   * Reads this connection's IQs: a payload may hold up to 20,000 elements (a large Jingle). Made
   * before the connection is, so that Smack reads the payloads into element trees from the start.
   */
  private final StanzaReader reader = new StanzaReader();

  private volatile XMPPTCPConnection connection;
  private volatile boolean closed;
  private Duration backoff;

  public XmppClient(FocusConfig.Xmpp config, ScheduledExecutorService scheduler) {
    this.config = config;
    this.scheduler = scheduler;
    this.backoff = config.reconnectDelay();
  }

  /** Answers IQ requests with this payload; register before {@link #start}. */
  public void handle(String name, String namespace, String type, IqHandler handler) {
    handlers.add(new Registration(name, namespace, IQ.Type.fromString(type), handler));
  }

  /** Every presence received, in order, on one thread: keep the listener quick. */
  public void onPresence(Consumer<Element> listener) {
    presenceListeners.add(listener);
  }

  /**
   * Every normal message received (a component's json-message, say; not chat), in order, on one
   * thread: keep the listener quick.
   */
  public void onMessage(Consumer<Element> listener) {
    messageListeners.add(listener);
  }

  /** Runs after each successful login (the first and every reconnection). */
  public void onLogin(Runnable r) {
    onLogin.add(r);
  }

  /** Runs when a logged-in connection is lost. */
  public void onLost(Runnable r) {
    onLost.add(r);
  }

  /** Starts connecting in the background; keeps retrying until logged in, and after a loss. */
  public void start() {
    Thread.ofVirtual()
        .name("focus-xmpp-connect")
        .start(
            () -> {
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
            });
  }

  public boolean isConnected() {
    XMPPTCPConnection c = connection;
    return c != null && c.isAuthenticated();
  }

  @Override
  public String jid() {
    XMPPTCPConnection c = connection;
    return c == null || c.getUser() == null ? null : c.getUser().toString();
  }

  private synchronized void connect() throws Exception {
    if (closed) {
      return;
    }
    XMPPTCPConnectionConfiguration.Builder b =
        XMPPTCPConnectionConfiguration.builder()
            .setXmppDomain(config.domain())
            .setHost(config.host())
            .setPort(config.port())
            .setUsernameAndPassword(config.username(), config.password())
            .setResource("focus")
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
    c.setReplyTimeout(config.replyTimeout().toMillis());
    c.setUseStreamManagement(false);
    for (Registration r : handlers) {
      c.registerIQRequestHandler(new Adapter(r));
    }
    c.addSyncStanzaListener(s -> deliver(s, presenceListeners), StanzaTypeFilter.PRESENCE);
    // Normal messages only (a component's json-message), as Jicofo listens: not the rooms' chat.
    c.addSyncStanzaListener(s -> deliver(s, messageListeners), MessageTypeFilter.NORMAL);
    c.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void connectionClosedOnError(Exception e) {
            LOG.warn("XMPP connection lost: {}", e.toString());
            lost();
            scheduleReconnect();
          }
        });
    try {
      c.connect().login();
    } catch (Exception e) {
      c.instantShutdown();
      throw e;
    }
    if (closed) {
      c.disconnect();
      return;
    }
    connection = c;
    backoff = config.reconnectDelay();
    LOG.info("XMPP: logged in as {}", c.getUser());
    for (Runnable r : onLogin) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warn("after login", e);
      }
    }
  }

  private void lost() {
    for (Runnable r : onLost) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warn("after the connection was lost", e);
      }
    }
  }

  private synchronized void scheduleReconnect() {
    if (closed) {
      return;
    }
    Duration delay = backoff;
    backoff =
        backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    // Connecting blocks, so it runs on its own thread rather than on the shared timer.
    scheduler.schedule(
        () -> Thread.ofVirtual().name("focus-xmpp-reconnect").start(this::reconnect),
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void reconnect() {
    XMPPTCPConnection old = connection;
    if (closed || (old != null && old.isAuthenticated())) {
      return;
    }
    try {
      if (old != null) {
        old.instantShutdown();
      }
      connect();
    } catch (Exception e) {
      LOG.debug("XMPP reconnect failed: {}", e.toString());
      scheduleReconnect();
    }
  }

  private static void deliver(Stanza s, List<Consumer<Element>> listeners) {
    if (listeners.isEmpty()) {
      return;
    }
    Element e;
    try {
      e = Xml.parse(s.toXML().toString());
    } catch (IllegalArgumentException ex) {
      LOG.debug("unreadable stanza: {}", ex.getMessage());
      return;
    }
    for (Consumer<Element> l : listeners) {
      try {
        l.accept(e);
      } catch (RuntimeException ex) {
        LOG.warn("{} listener failed", e.name(), ex);
      }
    }
  }

  @Override
  public CompletableFuture<Element> request(Element iq, Duration timeout) {
    CompletableFuture<Element> f = new CompletableFuture<>();
    XMPPTCPConnection c = connection;
    Element payload = Xml.payload(iq);
    if (c == null || !c.isAuthenticated() || payload == null) {
      f.completeExceptionally(new IOException("XMPP not connected"));
      return f;
    }
    try {
      ElementIq smack = new ElementIq(payload);
      smack.setType(IQ.Type.fromString(iq.attr("type")));
      smack.setTo(JidCreate.from(iq.attr("to")));
      c.sendIqRequestAsync(smack, timeout.toMillis())
          .onSuccess(answer -> complete(f, answer))
          .onError(
              ex -> {
                if (ex instanceof XMPPException.XMPPErrorException err) {
                  complete(f, err.getStanza());
                } else if (ex instanceof SmackException.NoResponseException) {
                  f.completeExceptionally(new TimeoutException("no answer from " + iq.attr("to")));
                } else {
                  f.completeExceptionally(ex);
                }
              });
    } catch (Exception e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  /** Completes with the answer read, or with why it could not be read. */
  private void complete(CompletableFuture<Element> f, Stanza answer) {
    try {
      f.complete(reader.read(answer));
    } catch (IllegalArgumentException e) {
      LOG.warn("unreadable answer from {}: {}", answer.getFrom(), e.getMessage());
      f.completeExceptionally(e);
    }
  }

  @Override
  public void send(Element stanza) {
    XMPPTCPConnection c = connection;
    if (c == null || !c.isAuthenticated()) {
      LOG.debug("not connected; dropped {}", stanza.name());
      return;
    }
    try {
      c.sendStanza(toSmack(c, stanza, null));
    } catch (Exception e) {
      LOG.debug("send failed: {}", e.toString());
    }
  }

  /** Turns an element into a Smack stanza; {@code request} is the IQ being answered, if any. */
  private static Stanza toSmack(XMPPTCPConnection c, Element stanza, IQ request) throws Exception {
    Jid to = stanza.attr("to") == null ? null : JidCreate.from(stanza.attr("to"));
    switch (stanza.name()) {
      case "presence" -> {
        PresenceBuilder b = c.getStanzaFactory().buildPresenceStanza();
        if (to != null) {
          b.to(to);
        }
        b.ofType(
            "unavailable".equals(stanza.attr("type"))
                ? Presence.Type.unavailable
                : Presence.Type.available);
        for (Element child : stanza.elements()) {
          b.addExtension(new ElementExtension(child));
        }
        return b.build();
      }
      case "iq" -> {
        String type = stanza.attr("type");
        Element payload = Xml.payload(stanza);
        IQ iq;
        if ("error".equals(type) && request != null) {
          iq = IQ.createErrorResponse(request, error(stanza.child("error", null)));
        } else if (payload == null && request != null) {
          iq = IQ.createResultIQ(request);
        } else if (payload != null) {
          iq = new ElementIq(payload);
          iq.setType(IQ.Type.fromString(type));
          if (stanza.attr("id") != null) {
            iq.setStanzaId(stanza.attr("id"));
          }
          iq.setTo(to);
        } else {
          throw new IllegalArgumentException("an iq without payload answers nothing");
        }
        return iq;
      }
      default -> throw new IllegalArgumentException("cannot send <" + stanza.name() + ">");
    }
  }

  private static StanzaError error(Element error) {
    String condition = "undefined-condition";
    String text = null;
    StanzaError.Builder b = StanzaError.getBuilder();
    for (Element c : error.elements()) {
      if (c.namespace().equals(org.huddle.focus.xml.StanzaErrors.NS)) {
        if (c.name().equals("text")) {
          text = c.text();
        } else {
          condition = c.name();
        }
      } else {
        b.addExtension(new ElementExtension(c));
      }
    }
    b.setCondition(StanzaError.Condition.fromString(condition));
    if (error.attr("type") != null) {
      b.setType(StanzaError.Type.fromString(error.attr("type")));
    }
    if (text != null) {
      b.setDescriptiveEnText(text);
    }
    return b.build();
  }

  @Override
  public void close() {
    closed = true;
    XMPPTCPConnection c = connection;
    if (c != null) {
      c.disconnect();
    }
  }

  private final class Adapter extends AbstractIqRequestHandler {
    private final Registration r;

    Adapter(Registration r) {
      super(r.name(), r.namespace(), r.type(), IQRequestHandler.Mode.async);
      this.r = r;
    }

    @Override
    public IQ handleIQRequest(IQ request) {
      XMPPTCPConnection c = connection;
      try {
        Element e;
        try {
          e = reader.read(request);
        } catch (IllegalArgumentException unreadable) {
          LOG.debug("unreadable {} request: {}", r.name(), unreadable.getMessage());
          return IQ.createErrorResponse(
              request, StanzaError.getBuilder(StanzaError.Condition.bad_request).build());
        }
        Element answer =
            r.handler().handle(e).get(config.replyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return (IQ) toSmack(c, answer, request);
      } catch (TimeoutException e) {
        return IQ.createErrorResponse(
            request, StanzaError.getBuilder(StanzaError.Condition.internal_server_error).build());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      } catch (Exception e) {
        LOG.warn("answering {} failed", r.name(), e);
        return IQ.createErrorResponse(
            request, StanzaError.getBuilder(StanzaError.Condition.internal_server_error).build());
      }
    }
  }

  /** Accepts any certificate: docker-jitsi-meet's disable-certificate-verification. */
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
