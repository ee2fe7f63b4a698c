package org.huddle.xmpp.server.transport;

import io.netty.handler.ssl.SslContext;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StreamError;
import org.huddle.xmpp.server.limits.AddressLimits;
import org.huddle.xmpp.server.limits.ByteRate;
import org.huddle.xmpp.server.limits.Limit;
import org.huddle.xmpp.server.limits.LimitSettings;
import org.huddle.xmpp.server.session.C2sSession;
import org.huddle.xmpp.server.session.Connection;
import org.huddle.xmpp.server.session.SessionContext;
import org.huddle.xmpp.server.session.StreamOpen;

/**
 * A client connection on the c2s port: a TCP stream carrying a {@link C2sSession}. It counts
 * against its address ({@code max_connections_per_ip}; past it the stream ends with
 * policy-violation) and reads no faster than {@code limits.c2s} allows.
 */
final class ClientConnection extends StreamConnection implements Connection {
  private static final String RATE = "rate";
  private final SessionContext context;
  private C2sSession session;
  private AddressLimits.Permit permit;

  ClientConnection(SessionContext context, SslContext tls) {
    super(
        context.config().limits().parser(),
        context.config().limits().maxOutboundBytes(),
        tls,
        Namespaces.CLIENT);
    this.context = context;
  }

  @Override
  public void channelActive(io.netty.channel.ChannelHandlerContext ctx) throws Exception {
    super.channelActive(ctx);
    permit = context.limits().acquire(Limit.CONNECTIONS, remoteAddress());
    if (permit == null) {
      context.observer().refused(Limit.CONNECTIONS);
      fail(
          new StreamError(
              StreamError.Condition.POLICY_VIOLATION, Limit.CONNECTIONS.reason(remoteAddress())));
      return;
    }
    LimitSettings limits = context.limits().settings();
    ByteRate rate = new ByteRate(limits.bytesPerSecond(), limits.burst(), System.nanoTime());
    if (rate.limited()) {
      ctx.pipeline()
          .addBefore(
              ctx.name(),
              RATE,
              new ReadRateLimiter(rate, () -> context.observer().throttled(transport())));
    }
    session = new C2sSession(context, this);
  }

  @Override
  public void removeRateLimit() {
    if (channel.pipeline().get(RATE) != null) {
      channel.pipeline().remove(RATE);
    }
  }

  @Override
  protected void opened(Element header) throws StreamError {
    session.opened(
        this,
        new StreamOpen(
            header.attr("to"),
            header.attr("from"),
            header.attr("version"),
            header.attr("xml:lang")));
  }

  @Override
  protected void received(Element element) throws StreamError {
    session.received(this, element);
  }

  @Override
  protected void closedByPeer() {
    session.closedByPeer(this);
  }

  @Override
  protected void disconnected(String reason) {
    if (permit != null) {
      permit.release();
    }
    if (session != null) {
      session.disconnected(this, reason);
    }
  }

  @Override
  protected void idle() {
    if (session != null) {
      session.idle(this);
    }
  }

  @Override
  public String transport() {
    return "c2s";
  }
}
