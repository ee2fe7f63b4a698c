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
import org.huddle.signalling.colibri2.ConferenceModified;
import org.huddle.signalling.jingle.Jingle;
import org.huddle.signalling.jitsi.ConferenceIq;
import org.huddle.signalling.smack.ElementExtension;
import org.huddle.signalling.smack.ElementIq;
import org.huddle.signalling.smack.ElementIqProvider;
import org.huddle.xmpp.codec.Element;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.UnparsedIQ;
import org.jivesoftware.smack.provider.ProviderManager;
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
 * <p>Smack picks an IQ's class by its payload from a static registry. The payloads the focus reads
 * ({@code jingle}, {@code conference}, {@code conference-modified}, and the error extensions) are
 * read into element trees by {@link ElementIqProvider}; {@code conference-modify} and {@code
 * healthcheck} are left to the bridge, which registers them in the same JVM under {@code huddle
 * all}. Everything else arrives as whatever Smack makes of it and is turned into an element from
 * its XML.
 */
public final class XmppClient implements StanzaLink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(XmppClient.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  static {
    for (String[] q :
        List.of(
            new String[] {Jingle.ELEMENT, Jingle.NAMESPACE},
            new String[] {ConferenceIq.ELEMENT, ConferenceIq.NAMESPACE},
            new String[] {ConferenceModified.ELEMENT, ConferenceModified.NAMESPACE})) {
      ProviderManager.addIQProvider(q[0], q[1], new ElementIqProvider());
    }
  }

  private record Registration(String name, String namespace, IQ.Type type, IqHandler handler) {}

  private final FocusConfig.Xmpp config;
  private final ScheduledExecutorService scheduler;
  private final List<Registration> handlers = new CopyOnWriteArrayList<>();
  private final List<Consumer<Element>> presenceListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> onLogin = new CopyOnWriteArrayList<>();
  private final List<Runnable> onLost = new CopyOnWriteArrayList<>();
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
    c.addSyncStanzaListener(this::presence, StanzaTypeFilter.PRESENCE);
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

  private void presence(Stanza s) {
    Element e;
    try {
      e = Xml.parse(s.toXML().toString());
    } catch (IllegalArgumentException ex) {
      LOG.debug("unreadable presence: {}", ex.getMessage());
      return;
    }
    for (Consumer<Element> l : presenceListeners) {
      try {
        l.accept(e);
      } catch (RuntimeException ex) {
        LOG.warn("presence listener failed", ex);
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
          .onSuccess(answer -> f.complete(toElement(answer)))
          .onError(
              ex -> {
                if (ex instanceof XMPPException.XMPPErrorException err) {
                  f.complete(toElement(err.getStanza()));
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

  /**
   * A stanza as an element. An IQ whose payload Smack has no provider for arrives as an {@link
   * UnparsedIQ}, whose own XML escapes the payload into text: its raw payload is read instead.
   */
  public static Element toElement(Stanza s) {
    if (s instanceof UnparsedIQ u) {
      Element iq =
          new Element("iq", org.huddle.xmpp.codec.Namespaces.CLIENT)
              .attr("type", u.getType().toString())
              .attr("id", u.getStanzaId())
              .attr("from", u.getFrom() == null ? null : u.getFrom().toString())
              .attr("to", u.getTo() == null ? null : u.getTo().toString());
      iq.add(Xml.parse(u.getContent().toString()));
      return iq;
    }
    return Xml.parse(s.toXML().toString());
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
        Element e = toElement(request);
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
