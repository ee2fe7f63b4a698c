package org.huddle.xmpp.server.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StreamError;
import org.huddle.xmpp.server.api.Origin;
import org.huddle.xmpp.server.api.Phase;
import org.huddle.xmpp.server.limits.AddressLimits;
import org.huddle.xmpp.server.limits.Limit;
import org.huddle.xmpp.server.routing.Host;
import org.huddle.xmpp.server.routing.Router;
import org.huddle.xmpp.server.routing.StanzaEvent;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.Kind;
import org.huddle.xmpp.server.routing.StanzaEvents.To;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An external component (XEP-0114), such as a focus running as {@code focus.meet.jitsi}: the
 * shared-secret handshake, then stanzas from the component's domain routed like any others, and
 * everything addressed to that domain (or its subdomains) handed to the component.
 *
 * <p>Wrong secrets are counted per address: past {@code component_max_failed_handshakes} within
 * {@code component_failed_handshake_window}, handshakes from that address are refused with
 * policy-violation until the window ends, so the secret cannot be guessed at line speed.
 */
public final class ComponentSession implements Origin {
  private static final Logger LOG = LoggerFactory.getLogger(ComponentSession.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The connected components, by domain; and the routing hooks that hand them their stanzas. */
  public static final class Registry {
    private final Map<String, ComponentSession> byDomain = new ConcurrentHashMap<>();

    /** Hands every stanza for this component host to its connected component, if it has one. */
    public void install(Host host) {
      for (Kind kind : Kind.values()) {
        for (To to : To.values()) {
          host.events().on(StanzaEvents.stanza(kind, to), Phase.FALLBACK, e -> deliver(host, e));
        }
      }
    }

    private boolean deliver(Host host, StanzaEvent e) {
      ComponentSession c = byDomain.get(host.name());
      if (c == null) {
        return false; // the router answers service-unavailable
      }
      c.connection.send(e.stanza());
      return true;
    }

    /** Whether a component is connected for this domain. */
    public boolean connected(String domain) {
      return byDomain.containsKey(domain);
    }
  }

  private final Router router;
  private final Registry registry;
  private final Connection connection;
  private final AddressLimits limits;
  private final SessionObserver observer;
  private final Map<String, Object> attributes = new ConcurrentHashMap<>();
  private Host host;
  private String streamId;
  private boolean authenticated;

  public ComponentSession(
      Router router,
      Registry registry,
      Connection connection,
      AddressLimits limits,
      SessionObserver observer) {
    this.router = router;
    this.registry = registry;
    this.connection = connection;
    this.limits = limits;
    this.observer = observer;
    LOG.debug("component connection from {}", connection.remoteAddress());
  }

  /** XEP-0114 §3: the component names the domain it wants to serve in {@code to}. */
  public void opened(StreamOpen open) throws StreamError {
    Host requested = open.to() == null ? null : router.host(open.to());
    if (requested == null
        || !requested.config().isExternalComponent()
        || requested.config().componentSecret().isEmpty()) {
      throw new StreamError(
          StreamError.Condition.HOST_UNKNOWN, "no component " + open.to() + " is configured here");
    }
    host = requested;
    byte[] id = new byte[12];
    RANDOM.nextBytes(id);
    streamId = HexFormat.of().formatHex(id);
    connection.openStream(host.name(), streamId);
  }

  public void received(Element e) throws StreamError {
    if (!authenticated) {
      handshake(e);
      return;
    }
    Kind kind = Kind.of(e.name());
    if (kind == null || !Namespaces.CLIENT.equals(e.namespace())) {
      throw new StreamError(
          StreamError.Condition.UNSUPPORTED_STANZA_TYPE, "unexpected " + e.name());
    }
    Jid from = Jid.ofOrNull(e.attr("from"));
    if (from == null
        || !(from.domain().equals(host.name()) || from.domain().endsWith("." + host.name()))) {
      throw new StreamError(
          StreamError.Condition.INVALID_FROM,
          "a component sends from its own domain, not " + e.attr("from"));
    }
    if (e.attr("to") == null) {
      throw new StreamError(
          StreamError.Condition.IMPROPER_ADDRESSING, "a stanza from a component needs a 'to'");
    }
    router.route(e, this);
  }

  /** XEP-0114 §3: {@code <handshake>} holds hex(SHA-1(stream id + secret)). */
  private void handshake(Element e) throws StreamError {
    if (!e.is("handshake", Namespaces.CLIENT)) {
      throw new StreamError(StreamError.Condition.NOT_AUTHORIZED, "send the handshake first");
    }
    String address = connection.remoteAddress();
    if (limits.handshakesBlocked(address)) {
      observer.refused(Limit.COMPONENT_HANDSHAKES);
      throw new StreamError(
          StreamError.Condition.POLICY_VIOLATION, Limit.COMPONENT_HANDSHAKES.reason(address));
    }
    String secret = host.config().componentSecret().orElse("");
    byte[] expected = sha1Hex(streamId + secret).getBytes(StandardCharsets.US_ASCII);
    byte[] given =
        e.text().trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      limits.handshakeFailed(address);
      LOG.info("component {} from {} gave a wrong secret", host.name(), address);
      throw new StreamError(StreamError.Condition.NOT_AUTHORIZED, "wrong secret");
    }
    if (registry.byDomain.putIfAbsent(host.name(), this) != null) {
      throw new StreamError(StreamError.Condition.CONFLICT, host.name() + " is already connected");
    }
    authenticated = true;
    connection.send(Element.of("handshake", Namespaces.CLIENT));
    LOG.info("component {} connected from {}", host.name(), connection.remoteAddress());
  }

  public void closedByPeer() {
    connection.closeStream();
  }

  public void disconnected(String reason) {
    if (authenticated && registry.byDomain.remove(host.name(), this)) {
      LOG.info("component {} disconnected: {}", host.name(), reason);
    }
  }

  static String sha1Hex(String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JDK", e);
    }
  }

  @Override
  public Jid jid() {
    return host.jid();
  }

  @Override
  public Host host() {
    return host;
  }

  @Override
  public String remoteAddress() {
    return connection.remoteAddress();
  }

  @Override
  public String transport() {
    return "component";
  }

  @Override
  public boolean anonymous() {
    return false;
  }

  @Override
  public Map<String, Object> attributes() {
    return attributes;
  }
}
