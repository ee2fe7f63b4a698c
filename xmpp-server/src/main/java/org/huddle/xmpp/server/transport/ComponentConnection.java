package org.huddle.xmpp.server.transport;

import java.time.Duration;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StreamError;
import org.huddle.xmpp.server.config.XmppConfig;
import org.huddle.xmpp.server.limits.AddressLimits;
import org.huddle.xmpp.server.routing.Router;
import org.huddle.xmpp.server.session.ComponentSession;
import org.huddle.xmpp.server.session.Connection;
import org.huddle.xmpp.server.session.SessionObserver;
import org.huddle.xmpp.server.session.StreamOpen;

/**
 * A connection on the component port (XEP-0114): a TCP stream in {@code jabber:component:accept},
 * no TLS.
 */
final class ComponentConnection extends StreamConnection implements Connection {
  private final Router router;
  private final ComponentSession.Registry registry;
  private final AddressLimits limits;
  private final SessionObserver observer;
  private ComponentSession session;

  ComponentConnection(
      XmppConfig config,
      Router router,
      ComponentSession.Registry registry,
      AddressLimits limits,
      SessionObserver observer) {
    super(
        config.limits().parser(),
        config.limits().maxOutboundBytes(),
        null,
        Namespaces.COMPONENT_ACCEPT);
    this.router = router;
    this.registry = registry;
    this.limits = limits;
    this.observer = observer;
  }

  @Override
  public void channelActive(io.netty.channel.ChannelHandlerContext ctx) throws Exception {
    super.channelActive(ctx);
    session = new ComponentSession(router, registry, this, limits, observer);
  }

  @Override
  protected void opened(Element header) throws StreamError {
    session.opened(
        new StreamOpen(header.attr("to"), header.attr("from"), header.attr("version"), null));
  }

  @Override
  protected void received(Element element) throws StreamError {
    session.received(element);
  }

  @Override
  protected void closedByPeer() {
    session.closedByPeer();
  }

  @Override
  protected void disconnected(String reason) {
    if (session != null) {
      session.disconnected(reason);
    }
  }

  @Override
  protected void idle() {
    keepalive();
  }

  @Override
  public String transport() {
    return "component";
  }

  @Override
  public void schedule(Runnable task, Duration delay) {
    super.schedule(task, delay);
  }
}
