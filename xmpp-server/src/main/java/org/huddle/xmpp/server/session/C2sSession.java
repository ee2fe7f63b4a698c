package org.huddle.xmpp.server.session;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.JidFormatException;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.codec.StreamError;
import org.huddle.xmpp.server.api.AuthProvider;
import org.huddle.xmpp.server.api.SaslFailure;
import org.huddle.xmpp.server.limits.AddressLimits;
import org.huddle.xmpp.server.limits.Limit;
import org.huddle.xmpp.server.routing.Host;
import org.huddle.xmpp.server.routing.LocalSession;
import org.huddle.xmpp.server.routing.PresenceState;
import org.huddle.xmpp.server.routing.SessionEvent;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client session (RFC 6120): stream negotiation, STARTTLS, SASL, resource binding, and then
 * stanzas to and from the router. One per client whatever the transport; the transport feeds it and
 * the {@link Connection} carries its output.
 *
 * <p>All input is handled on the connection's executor, one task at a time, so the state machine
 * needs no locks. Output ({@link #deliver}) may come from any thread.
 *
 * <p>Each session counts against its client address: as a stream that has not logged in, then as a
 * session (the caps of {@link AddressLimits}). Its events are logged at DEBUG; the connection log
 * sums them up at INFO.
 */
public final class C2sSession implements LocalSession {
  private static final Logger LOG = LoggerFactory.getLogger(C2sSession.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicLong IDS = new AtomicLong();

  enum State {
    /** Waiting for the client's stream header (first, or after STARTTLS or SASL). */
    AWAITING_STREAM,
    /** Stream open, not authenticated: STARTTLS and SASL. */
    NEGOTIATING,
    /** Authenticated on this stream; the client must restart it. */
    AUTHENTICATED,
    /** Authenticated stream open: waiting for resource binding. */
    BINDING,
    /** Bound: stanzas flow. */
    ACTIVE,
    CLOSED
  }

  private final SessionContext ctx;
  private final long id = IDS.incrementAndGet();
  private final PresenceState presence = new PresenceState();
  private final Map<String, Object> attributes = new ConcurrentHashMap<>();
  private final Object outputLock = new Object();
  private final String countedTransport;
  private volatile C2sSession resumedInto;
  private volatile boolean hibernating;
  private boolean closedCleanly;
  private final ArrayDeque<Runnable> paused = new ArrayDeque<>();
  private volatile Connection connection;
  private State state = State.AWAITING_STREAM;
  private boolean authenticated;
  private boolean anonymous;
  private int pauses;
  private Host host;
  private volatile Jid jid;
  private SaslNegotiator sasl;
  private boolean pingOutstanding;
  private long pingSeq;
  private AddressLimits.Permit unauthenticatedPermit;
  private AddressLimits.Permit sessionPermit;
  private StreamError refusal;

  public C2sSession(SessionContext ctx, Connection connection) {
    this.ctx = ctx;
    this.connection = connection;
    LOG.debug(
        "c2s#{} connected from {} over {}", id, connection.remoteAddress(), connection.transport());
    this.countedTransport = connection.transport();
    ctx.observer().connected(countedTransport);
    unauthenticatedPermit = ctx.limits().acquire(Limit.UNAUTHENTICATED, connection.remoteAddress());
    if (unauthenticatedPermit == null) {
      // Refused when the client opens its stream: every transport reports a StreamError there.
      refusal = refuse(Limit.UNAUTHENTICATED);
    }
    Duration authTimeout = ctx.config().timeouts().authentication();
    connection.schedule(this::checkAuthenticated, authTimeout);
  }

  // --- input from the transport
  // ---------------------------------------------------------------------------------

  /** The client opened (or reopened) its stream on {@code from}. */
  public void opened(Connection from, StreamOpen open) throws StreamError {
    if (resumedInto != null) {
      resumedInto.opened(from, open);
      return;
    }
    if (from != connection) {
      return;
    }
    if (refusal != null) {
      throw refusal;
    }
    if (state != State.AWAITING_STREAM && state != State.AUTHENTICATED) {
      throw new StreamError(StreamError.Condition.INVALID_XML, "stream opened twice");
    }
    Host requested =
        open.to() == null ? null : ctx.router().host(open.to().toLowerCase(java.util.Locale.ROOT));
    if (requested == null || !requested.isUserHost()) {
      throw new StreamError(
          StreamError.Condition.HOST_UNKNOWN, "this server does not serve " + open.to());
    }
    if (host != null && host != requested) {
      throw new StreamError(
          StreamError.Condition.HOST_UNKNOWN, "the host cannot change on a restart");
    }
    if (open.version() == null || !open.version().startsWith("1.")) {
      throw new StreamError(StreamError.Condition.UNSUPPORTED_VERSION, "XMPP 1.0 streams only");
    }
    host = requested;
    connection.openStream(host.name(), newStreamId());
    Element features = Element.of("features", Namespaces.STREAMS);
    if (!authenticated) {
      state = State.NEGOTIATING;
      AuthProvider provider = ctx.authFor().apply(host);
      sasl = new SaslNegotiator(this, provider, ctx.throttle());
      boolean secure = connection.secure();
      boolean require = requireEncryption();
      if (!secure && connection.canStartTls()) {
        Element starttls = features.addChild("starttls", Namespaces.TLS);
        if (require) {
          starttls.addChild("required");
        }
      }
      if (secure || !require) {
        features.add(sasl.mechanisms(secure));
      }
    } else {
      state = State.BINDING;
      features.addChild("bind", Namespaces.BIND);
      features.addChild("session", Namespaces.SESSION).addChild("optional");
      for (SessionFeatures.Feature f : ctx.features().all()) {
        f.advertise(this, features);
      }
    }
    connection.send(features);
  }

  /** A complete element arrived on {@code from}. */
  public void received(Connection from, Element e) throws StreamError {
    if (resumedInto != null) {
      resumedInto.received(from, e);
      return;
    }
    if (from != connection) {
      return; // a connection this session has moved away from (stream resumption)
    }
    pingOutstanding = false;
    if (pauses > 0) {
      paused.add(
          () -> {
            try {
              received(from, e);
            } catch (StreamError error) {
              connection.fail(error);
            }
          });
      return;
    }
    switch (state) {
      case NEGOTIATING -> negotiate(e);
      case BINDING, ACTIVE -> stanzaOrNonza(e);
      case AUTHENTICATED ->
          throw new StreamError(
              StreamError.Condition.NOT_AUTHORIZED, "restart the stream after SASL");
      case AWAITING_STREAM, CLOSED ->
          throw new StreamError(StreamError.Condition.INVALID_XML, "no stream is open");
    }
  }

  /** The client closed its stream; answer in kind. */
  public void closedByPeer(Connection from) {
    if (resumedInto != null) {
      resumedInto.closedByPeer(from);
      return;
    }
    if (from != connection) {
      return;
    }
    closedCleanly = true;
    LOG.debug("c2s#{} {} closed its stream", id, describe());
    connection.closeStream();
  }

  /**
   * The connection {@code from} ended in a way that says the client will not come back to resume (a
   * browser page that went away): the session ends as after a clean close, without hibernating.
   */
  public void gone(Connection from, String reason) {
    if (resumedInto != null) {
      resumedInto.gone(from, reason);
      return;
    }
    if (from == connection) {
      closedCleanly = true;
    }
    disconnected(from, reason);
  }

  /** The connection {@code from} is gone, however it ended. */
  public void disconnected(Connection from, String reason) {
    if (resumedInto != null) {
      resumedInto.disconnected(from, reason);
      return;
    }
    if (from != connection || state == State.CLOSED) {
      return;
    }
    if (state == State.ACTIVE && !closedCleanly) {
      for (SessionFeatures.Feature f : ctx.features().all()) {
        if (f.keepOnDisconnect(this)) {
          LOG.debug("c2s#{} {} lost its connection ({}); kept for resumption", id, jid, reason);
          return;
        }
      }
    }
    end(reason);
  }

  /**
   * Ends the session for good: unbinds it and tells the host, so that its presence goes unavailable
   * everywhere. Also called by stream management when a hibernated session expires.
   */
  public void end(String reason) {
    if (state == State.CLOSED) {
      return;
    }
    boolean wasBound = state == State.ACTIVE;
    state = State.CLOSED;
    hibernating = false;
    releasePermits();
    ctx.observer().ended(countedTransport);
    for (SessionFeatures.Feature f : ctx.features().all()) {
      f.ended(this);
    }
    LOG.debug("c2s#{} {} disconnected: {}", id, describe(), reason);
    if (wasBound) {
      ctx.router().sessions().unbind(this);
      host.events().fire(SessionEvent.RESOURCE_UNBIND, new SessionEvent(this, host, reason));
    }
  }

  /** The connection {@code from} has been silent for the ping interval: ping, or give up. */
  public void idle(Connection from) {
    if (resumedInto != null) {
      resumedInto.idle(from);
      return;
    }
    if (from != connection || state != State.ACTIVE) {
      return; // the authentication timeout covers streams that never authenticate
    }
    if (pingOutstanding) {
      connection.fail(
          new StreamError(StreamError.Condition.CONNECTION_TIMEOUT, "no reply to ping"));
      return;
    }
    pingOutstanding = true;
    Element ping =
        Element.of("iq", Namespaces.CLIENT)
            .attr("type", "get")
            .attr("id", "idle-" + (++pingSeq))
            .attr("from", host.name())
            .attr("to", jid.toString());
    ping.addChild("ping", Namespaces.PING);
    deliver(ping);
    long sent = pingSeq;
    connection.schedule(
        () -> {
          if (pingOutstanding && pingSeq == sent && state == State.ACTIVE) {
            connection.fail(
                new StreamError(StreamError.Condition.CONNECTION_TIMEOUT, "no reply to ping"));
          }
        },
        ctx.config().timeouts().pingTimeout());
  }

  // --- negotiation
  // ----------------------------------------------------------------------------------------------

  private void negotiate(Element e) throws StreamError {
    if (e.is("starttls", Namespaces.TLS)) {
      if (connection.secure() || !connection.canStartTls()) {
        connection.send(Element.of("failure", Namespaces.TLS));
        connection.closeStream();
        return;
      }
      state = State.AWAITING_STREAM;
      connection.startTls(Element.of("proceed", Namespaces.TLS));
      LOG.debug("c2s#{} {} started TLS", id, connection.remoteAddress());
      return;
    }
    if (sasl.handle(e, connection.secure(), requireEncryption())) {
      return;
    }
    throw new StreamError(StreamError.Condition.NOT_AUTHORIZED, "authenticate first");
  }

  /**
   * Prosody's {@code c2s_require_encryption}, per host as docker-jitsi-meet sets it, else the
   * global value. It applies where STARTTLS exists, the c2s port: BOSH and WebSocket are encrypted
   * by the HTTPS proxy in front, if at all ({@code consider_bosh_secure}).
   */
  private boolean requireEncryption() {
    return connection.canStartTls() && host.config().requireEncryption();
  }

  /**
   * SASL has succeeded: the stream becomes a session, if its address may hold one more. Otherwise
   * the stream ends with policy-violation and this returns false.
   */
  boolean admitSession() {
    sessionPermit = ctx.limits().acquire(Limit.SESSIONS, connection.remoteAddress());
    if (sessionPermit == null) {
      connection.fail(refuse(Limit.SESSIONS));
      return false;
    }
    if (unauthenticatedPermit != null) {
      unauthenticatedPermit.release();
    }
    return true;
  }

  private StreamError refuse(Limit limit) {
    ctx.observer().refused(limit);
    LOG.debug("c2s#{} refused: {}", id, limit.reason(connection.remoteAddress()));
    return new StreamError(
        StreamError.Condition.POLICY_VIOLATION, limit.reason(connection.remoteAddress()));
  }

  private void releasePermits() {
    if (unauthenticatedPermit != null) {
      unauthenticatedPermit.release();
    }
    if (sessionPermit != null) {
      sessionPermit.release();
    }
  }

  void authenticated(String username, String mechanism) {
    AuthProvider provider = ctx.authFor().apply(host);
    try {
      jid = Jid.of(username, host.name(), null);
    } catch (JidFormatException e) {
      connection.fail(
          new StreamError(StreamError.Condition.INTERNAL_SERVER_ERROR, "bad user name"));
      return;
    }
    authenticated = true;
    anonymous = provider.anonymous();
    ctx.observer().authenticated(mechanism);
    state = State.AUTHENTICATED;
    connection.restartStream();
    if (ctx.limits().settings().unlimitedJids().contains(jid.bare().toString())) {
      connection.removeRateLimit(); // Prosody's unlimited_jids: the focus and the bridge
    }
    LOG.debug(
        "c2s#{} {} authenticated as {} with {}", id, connection.remoteAddress(), jid, mechanism);
  }

  void authenticationFailed(String mechanism, SaslFailure condition) {
    ctx.observer().authenticationFailed(mechanism);
    LOG.debug(
        "c2s#{} {} failed to authenticate with {}: {}",
        id,
        connection.remoteAddress(),
        mechanism,
        condition.elementName());
  }

  void closeAfterAuthFailures() {
    connection.fail(
        new StreamError(
            StreamError.Condition.POLICY_VIOLATION, "too many failed authentication attempts"));
  }

  private void checkAuthenticated() {
    if (state != State.CLOSED && !authenticated) {
      connection.fail(
          new StreamError(
              StreamError.Condition.CONNECTION_TIMEOUT, "authentication took too long"));
    }
  }

  // --- stanzas
  // --------------------------------------------------------------------------------------------------

  private void stanzaOrNonza(Element e) throws StreamError {
    StanzaEvents.Kind kind = StanzaEvents.Kind.of(e.name());
    if (kind == null || !Namespaces.CLIENT.equals(e.namespace())) {
      for (SessionFeatures.Feature f : ctx.features().all()) {
        if (f.handle(this, e)) {
          return;
        }
      }
      throw new StreamError(
          StreamError.Condition.UNSUPPORTED_STANZA_TYPE,
          "unexpected " + e.name() + " in " + e.namespace());
    }
    String from = e.attr("from");
    if (from != null && jid != null) {
      Jid claimed = Jid.ofOrNull(from);
      boolean ok =
          claimed != null
              && (claimed.equals(jid) || (claimed.isBare() && claimed.equals(jid.bare())));
      if (!ok) {
        throw new StreamError(
            StreamError.Condition.INVALID_FROM, "'" + from + "' is not this session");
      }
    }
    if (kind == StanzaEvents.Kind.IQ && e.attr("id") == null) {
      throw new StreamError(
          StreamError.Condition.INVALID_XML, "an iq needs an id (RFC 6120 §8.2.3)");
    }
    if (kind == StanzaEvents.Kind.IQ && handleSessionIq(e)) {
      return;
    }
    if (state != State.ACTIVE) {
      reply(e, Condition.NOT_AUTHORIZED, "bind a resource first");
      return;
    }
    for (SessionFeatures.Feature f : ctx.features().all()) {
      f.received(this, e);
    }
    ctx.observer().stanzaIn(e.name());
    e.attr("from", jid.toString());
    ctx.router().fromClient(e, this);
  }

  /**
   * Resource binding (RFC 6120 §7) and the legacy session IQ; returns whether it was one of them.
   */
  private boolean handleSessionIq(Element iq) {
    Element payload = iq.firstElement();
    boolean set = "set".equals(iq.attr("type"));
    if (payload != null && set && payload.is("session", Namespaces.SESSION)) {
      reply(iq, null);
      return true;
    }
    if (payload == null || !set || !payload.is("bind", Namespaces.BIND)) {
      return false;
    }
    if (state == State.ACTIVE) {
      reply(iq, Condition.NOT_ALLOWED, "already bound");
      return true;
    }
    String requested = payload.childText("resource", Namespaces.BIND);
    if (requested == null || requested.isBlank()) {
      requested = "huddle-" + HexFormat.of().formatHex(randomBytes(6));
    }
    Jid full;
    try {
      full = jid.withResource(requested.trim());
    } catch (JidFormatException ex) {
      reply(iq, Condition.BAD_REQUEST, "invalid resource: " + ex.getMessage());
      return true;
    }
    jid = full;
    LocalSession replaced = ctx.router().sessions().bind(this);
    if (replaced != null) {
      replaced.close(
          StreamError.Condition.CONFLICT, "replaced by a new session with the same resource");
    }
    state = State.ACTIVE;
    Element bound = Element.of("bind", Namespaces.BIND);
    bound.addChild("jid").text(full.toString());
    reply(iq, bound);
    LOG.debug("c2s#{} {} bound {}", id, connection.remoteAddress(), full);
    host.events().fire(SessionEvent.RESOURCE_BIND, new SessionEvent(this, host, null));
    return true;
  }

  private void reply(Element iq, Element payload) {
    Element r =
        Element.of("iq", Namespaces.CLIENT).attr("type", "result").attr("id", iq.attr("id"));
    if (jid != null) {
      r.attr("to", jid.toString());
    }
    if (payload != null) {
      r.add(payload);
    }
    connection.send(r);
  }

  private void reply(Element stanza, Condition condition, String text) {
    Element error = org.huddle.xmpp.codec.StanzaError.reply(stanza, condition, text);
    error.attr("from", null);
    connection.send(error);
  }

  // --- output and LocalSession
  // ----------------------------------------------------------------------------------

  @Override
  public void deliver(Element stanza) {
    // Counting (stream management) and queueing happen together, so the count matches the wire
    // order.
    synchronized (outputLock) {
      connection.send(stanza);
      for (SessionFeatures.Feature f : ctx.features().all()) {
        f.sent(this, stanza);
      }
    }
    ctx.observer().stanzaOut(stanza.name());
  }

  /**
   * Runs {@code action} with this session's output held still (stream resumption swaps connections
   * here).
   */
  public void withOutputHeld(Runnable action) {
    synchronized (outputLock) {
      action.run();
    }
  }

  /** Sends a nonza (SASL, stream management) directly. */
  public void sendNonza(Element nonza) {
    connection.send(nonza);
  }

  @Override
  public void close(StreamError.Condition condition, String text) {
    connection.fail(new StreamError(condition, text));
    if (hibernating) {
      end(text); // a hibernating session has no connection to report its end
    }
  }

  @Override
  public PresenceState presence() {
    return presence;
  }

  @Override
  public Jid jid() {
    return jid;
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
    return connection.transport();
  }

  @Override
  public boolean anonymous() {
    return anonymous;
  }

  @Override
  public Map<String, Object> attributes() {
    return attributes;
  }

  /** The session's number, as it appears in logs ({@code c2s#12}). */
  public long id() {
    return id;
  }

  public Connection connection() {
    return connection;
  }

  /**
   * Moves the session onto a new connection (stream resumption); call within {@link
   * #withOutputHeld}.
   */
  public void attach(Connection newConnection) {
    this.connection = newConnection;
    this.closedCleanly = false;
  }

  /**
   * This session was only the vehicle for resuming {@code resumed}: from now on its connection's
   * events go there.
   */
  public void resumedInto(C2sSession resumed) {
    this.resumedInto = resumed;
    this.state = State.CLOSED;
    releasePermits();
    ctx.observer().ended(countedTransport);
  }

  /** Stream management marks a session whose connection is gone but which waits to be resumed. */
  public void hibernating(boolean value) {
    this.hibernating = value;
  }

  public boolean hibernating() {
    return hibernating;
  }

  /**
   * Whether the session is authenticated and bound or about to bind (stream resumption asks this).
   */
  public boolean authenticatedAs(Jid bare) {
    return authenticated && jid != null && jid.bare().equals(bare);
  }

  public boolean active() {
    return state == State.ACTIVE;
  }

  String hostName() {
    return host.name();
  }

  void execute(Runnable task) {
    connection.execute(task);
  }

  void schedule(Runnable task, Duration delay) {
    connection.schedule(task, delay);
  }

  /**
   * Holds further input until {@link #resume()}, while an asynchronous step (a password check)
   * completes.
   */
  void pause() {
    pauses++;
  }

  void resume() {
    pauses--;
    while (pauses == 0 && !paused.isEmpty()) {
      paused.poll().run();
    }
  }

  private String describe() {
    return jid != null ? jid.toString() : connection.remoteAddress();
  }

  private static String newStreamId() {
    return HexFormat.of().formatHex(randomBytes(12));
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
