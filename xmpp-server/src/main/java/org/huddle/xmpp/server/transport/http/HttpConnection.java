package org.huddle.xmpp.server.transport.http;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.server.session.Connection;

/**
 * What the HTTP transports share: a session run on one Netty event loop, no STARTTLS (TLS, when
 * there is any, ends at HTTPS or the proxy in front), and stream restarts that need no parser
 * reset.
 */
abstract class HttpConnection implements Connection {
  protected final EventLoop loop;
  protected final String remoteAddress;
  private final boolean secure;
  private final String transport;

  HttpConnection(EventLoop loop, String remoteAddress, boolean secure, String transport) {
    this.loop = loop;
    this.remoteAddress = remoteAddress;
    this.secure = secure;
    this.transport = transport;
  }

  @Override
  public boolean secure() {
    return secure;
  }

  @Override
  public boolean canStartTls() {
    return false;
  }

  @Override
  public void startTls(Element proceed) {
    throw new UnsupportedOperationException("STARTTLS is not offered over " + transport);
  }

  /**
   * XEP-0206 §5 and RFC 7395 §3.5: the client restarts by itself; each request or frame is parsed
   * afresh.
   */
  @Override
  public void restartStream() {}

  @Override
  public String remoteAddress() {
    return remoteAddress;
  }

  @Override
  public String transport() {
    return transport;
  }

  @Override
  public void execute(Runnable task) {
    loop.execute(task);
  }

  @Override
  public void schedule(Runnable task, Duration delay) {
    loop.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
  }
}
