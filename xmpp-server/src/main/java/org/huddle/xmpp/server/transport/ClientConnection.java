package org.huddle.xmpp.server.transport;

import io.netty.handler.ssl.SslContext;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StreamError;
import org.huddle.xmpp.server.session.C2sSession;
import org.huddle.xmpp.server.session.Connection;
import org.huddle.xmpp.server.session.SessionContext;
import org.huddle.xmpp.server.session.StreamOpen;

/** A client connection on the c2s port: a TCP stream carrying a {@link C2sSession}. */
final class ClientConnection extends StreamConnection implements Connection {
  private final SessionContext context;
  private C2sSession session;

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
    session = new C2sSession(context, this);
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
    if (session != null) {
      session.disconnected(this, reason);
    }
  }

  @Override
  protected void idle() {
    session.idle(this);
  }

  @Override
  public String transport() {
    return "c2s";
  }
}
