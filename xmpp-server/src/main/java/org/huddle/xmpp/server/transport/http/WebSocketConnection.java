package org.huddle.xmpp.server.transport.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.channel.EventLoop;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StreamError;
import org.huddle.xmpp.codec.XmlStreamParser;
import org.huddle.xmpp.codec.XmlWriter;
import org.huddle.xmpp.server.api.SaslContext;
import org.huddle.xmpp.server.limits.AddressLimits;
import org.huddle.xmpp.server.limits.ByteRate;
import org.huddle.xmpp.server.limits.Limit;
import org.huddle.xmpp.server.session.C2sSession;
import org.huddle.xmpp.server.session.SessionContext;
import org.huddle.xmpp.server.session.StreamOpen;
import org.huddle.xmpp.server.transport.SerialOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XMPP over WebSocket (RFC 7395): each text frame holds one element — {@code <open/>}, a stanza, or
 * {@code <close/>} — parsed with the same codec and handled by the same {@link C2sSession} as TCP.
 *
 * <p>Frames are handed to one Netty event loop, which then runs the session for this connection, so
 * the session's threading is the same on every transport. The server sends WebSocket pings after a
 * silence and closes a connection that stays silent (RFC 7395 §3.6.2 leaves keepalives to
 * WebSocket).
 *
 * <p>Frames are read on demand: after each text frame the next is asked for at once, or, when the
 * client is over its byte rate ({@code limits.c2s}), only after the pause that brings it back
 * under. A connection counts against its client address ({@code max_connections_per_ip}).
 */
public final class WebSocketConnection extends HttpConnection
    implements Session.Listener, XmlStreamParser.Handler {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);

  private final SessionContext context;
  private final String token;
  private final String previd;
  private final XmlStreamParser parser;
  private final long maxOutbound;
  private final AtomicLong inFlight = new AtomicLong();
  private final SerialOutput<String> output;
  private final ByteRate rate;
  private volatile boolean unlimited;
  private AddressLimits.Permit permit;
  private volatile Session ws;
  private C2sSession session;
  private volatile long lastHeard = System.nanoTime();
  private volatile boolean closing;
  private boolean opened;

  WebSocketConnection(
      SessionContext context,
      EventLoop loop,
      String remoteAddress,
      boolean secure,
      String token,
      String previd) {
    super(loop, remoteAddress, secure, "websocket");
    this.context = context;
    this.token = token;
    this.previd = previd;
    this.parser =
        new XmlStreamParser(context.config().limits().parser(), XmlStreamParser.Mode.FRAMED, this);
    this.maxOutbound = context.config().limits().maxOutboundBytes();
    this.output = new SerialOutput<>(loop, this::sendFrame, () -> {});
    var limits = context.limits().settings();
    this.rate = new ByteRate(limits.bytesPerSecond(), limits.burst(), System.nanoTime());
  }

  // --- WebSocket events (Jetty threads)
  // -------------------------------------------------------------------------

  @Override
  public void onWebSocketOpen(Session s) {
    ws = s;
    permit = context.limits().acquire(Limit.CONNECTIONS, remoteAddress);
    AddressLimits.Permit admitted = permit;
    loop.execute(
        () -> {
          if (admitted == null) {
            context.observer().refused(Limit.CONNECTIONS);
            fail(
                new StreamError(
                    StreamError.Condition.POLICY_VIOLATION,
                    Limit.CONNECTIONS.reason(remoteAddress)));
            return;
          }
          session = new C2sSession(context, this);
          if (token != null) {
            session.attributes().put(SaslContext.TOKEN, token);
          }
          if (previd != null) {
            session.attributes().put(SaslContext.PREVID, previd);
          }
          schedulePingCheck();
        });
    s.demand();
  }

  @Override
  public void onWebSocketText(String text) {
    lastHeard = System.nanoTime();
    // Jetty delivers the next frame only after demand(), so this runs for one frame at a time.
    Duration pause = unlimited ? Duration.ZERO : rate.take(text.length(), lastHeard);
    if (pause.isZero()) {
      ws.demand();
    } else {
      context.observer().throttled(transport());
      loop.schedule(ws::demand, pause.toNanos(), TimeUnit.NANOSECONDS);
    }
    loop.execute(
        () -> {
          if (closing) {
            return;
          }
          try {
            byte[] bytes = text.getBytes(UTF_8);
            parser.feed(bytes, 0, bytes.length);
          } catch (StreamError e) {
            fail(e);
          }
        });
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    callback.succeed();
    ws.demand();
    loop.execute(
        () ->
            fail(
                new StreamError(
                    StreamError.Condition.BAD_FORMAT, "XMPP over WebSocket uses text frames")));
  }

  @Override
  public void onWebSocketPong(ByteBuffer payload) {
    lastHeard = System.nanoTime();
    ws.demand();
  }

  @Override
  public void onWebSocketPing(ByteBuffer payload) {
    lastHeard = System.nanoTime();
    ws.demand();
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    closing = true;
    if (permit != null) {
      permit.release();
    }
    loop.execute(
        () -> {
          output.clear(s -> {});
          if (session == null) {
            return;
          }
          String why = "WebSocket closed (" + statusCode + ")";
          if (statusCode == StatusCode.SHUTDOWN) {
            // 1001, going away: the browser closed the tab or left the page (RFC 6455 §7.4.1; no
            // script can send it), so the client will not resume. A drop (1006), or a proxy's
            // normal close in its place, still hibernates for resumption.
            session.gone(this, why);
          } else {
            session.disconnected(this, why);
          }
        });
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    LOG.debug("WebSocket from {} failed: {}", remoteAddress, cause.toString());
    if (permit != null) {
      permit.release();
    }
  }

  // --- parsed elements (event loop)
  // -----------------------------------------------------------------------------

  @Override
  public void streamOpened(Element header) {
    // FRAMED mode reports <open/> as an element.
  }

  @Override
  public void element(Element e) throws StreamError {
    if (Namespaces.FRAMING.equals(e.namespace())) {
      switch (e.name()) {
        case "open" -> {
          opened = true;
          session.opened(
              this,
              new StreamOpen(e.attr("to"), e.attr("from"), e.attr("version"), e.attr("xml:lang")));
        }
        case "close" -> session.closedByPeer(this);
        default ->
            throw new StreamError(
                StreamError.Condition.UNSUPPORTED_STANZA_TYPE,
                "unknown framing element " + e.name());
      }
      return;
    }
    if (!opened) {
      throw new StreamError(StreamError.Condition.INVALID_XML, "send <open/> first");
    }
    session.received(this, e);
  }

  @Override
  public void streamClosed() {
    // FRAMED mode has no root to close.
  }

  // --- Connection
  // -----------------------------------------------------------------------------------------------

  @Override
  public void openStream(String from, String id) {
    Element open =
        Element.of("open", Namespaces.FRAMING)
            .attr("from", from)
            .attr("id", id)
            .attr("version", "1.0")
            .attr("xml:lang", "en");
    write(open.toXml());
  }

  @Override
  public void send(Element element) {
    if (closing) {
      return;
    }
    StringBuilder sb = new StringBuilder(256);
    XmlWriter.writeTopLevel(element, "", true, sb);
    write(sb.toString());
  }

  @Override
  public void removeRateLimit() {
    unlimited = true;
  }

  @Override
  public void closeStream() {
    if (closing) {
      return;
    }
    closing = true;
    output.add(Element.of("close", Namespaces.FRAMING).toXml(), 0);
    output.then(() -> ws.close(StatusCode.NORMAL, "closed", Callback.NOOP));
  }

  @Override
  public void fail(StreamError error) {
    if (closing) {
      return;
    }
    LOG.debug("stream error to {} over WebSocket: {}", remoteAddress, error.toString());
    closing = true;
    if (!opened) {
      output.add(Element.of("open", Namespaces.FRAMING).attr("version", "1.0").toXml(), 0);
    }
    StringBuilder sb = new StringBuilder();
    XmlWriter.writeTopLevel(error.toElement(), "", true, sb);
    output.add(sb.toString(), 0);
    output.add(Element.of("close", Namespaces.FRAMING).toXml(), 0);
    output.then(() -> ws.close(StatusCode.NORMAL, error.condition().elementName(), Callback.NOOP));
  }

  private void write(String frame) {
    long backlog = output.queuedBytes() + inFlight.get();
    if (backlog > maxOutbound) {
      LOG.info(
          "{} is not reading its WebSocket ({} bytes waiting); disconnecting it",
          remoteAddress,
          backlog);
      closing = true;
      output.then(() -> ws.close(StatusCode.POLICY_VIOLATION, "not reading", Callback.NOOP));
      return;
    }
    output.add(frame, frame.length());
  }

  private void sendFrame(String frame) {
    Session s = ws;
    if (s == null || !s.isOpen()) {
      return;
    }
    inFlight.addAndGet(frame.length());
    s.sendText(
        frame,
        Callback.from(
            () -> inFlight.addAndGet(-frame.length()),
            t -> {
              inFlight.addAndGet(-frame.length());
              LOG.debug("WebSocket send to {} failed: {}", remoteAddress, t.toString());
            }));
  }

  /**
   * Pings after a silence of the ping interval; closes after a further ping timeout without a word.
   */
  private void schedulePingCheck() {
    Duration interval = context.config().timeouts().pingInterval();
    Duration timeout = context.config().timeouts().pingTimeout();
    loop.schedule(
        () -> {
          if (closing || ws == null || !ws.isOpen()) {
            return;
          }
          long silent = System.nanoTime() - lastHeard;
          if (silent > interval.plus(timeout).toNanos()) {
            fail(new StreamError(StreamError.Condition.CONNECTION_TIMEOUT, "no reply to ping"));
            return;
          }
          if (silent >= interval.toNanos()) {
            ws.sendPing(ByteBuffer.wrap("huddle".getBytes(UTF_8)), Callback.NOOP);
          }
          schedulePingCheck();
        },
        Math.max(250, Math.min(interval.toMillis(), timeout.toMillis())),
        TimeUnit.MILLISECONDS);
  }
}
