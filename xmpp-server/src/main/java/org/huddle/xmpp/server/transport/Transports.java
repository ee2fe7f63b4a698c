package org.huddle.xmpp.server.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;
import org.huddle.xmpp.server.config.XmppConfig;
import org.huddle.xmpp.server.metrics.XmppMetrics;
import org.huddle.xmpp.server.session.ComponentSession;
import org.huddle.xmpp.server.session.SessionContext;
import org.huddle.xmpp.server.transport.http.HttpListener;

/** The server's listeners, opened together and closed together. */
public final class Transports implements AutoCloseable {
  private final TcpListener c2s;
  private final TcpListener component;
  private final HttpListener http;

  private Transports(TcpListener c2s, TcpListener component, HttpListener http) {
    this.c2s = c2s;
    this.component = component;
    this.http = http;
  }

  public static Transports start(
      XmppConfig config,
      SessionContext context,
      SslContext tls,
      EventLoopGroup boss,
      EventLoopGroup workers,
      XmppMetrics metrics,
      Supplier<String> health,
      ComponentSession.Registry components)
      throws Exception {
    TcpListener c2s = null;
    TcpListener component = null;
    HttpListener http = null;
    try {
      if (config.c2s().enabled()) {
        c2s =
            TcpListener.bind(
                "c2s",
                boss,
                workers,
                config.c2s().address(),
                config.c2s().port(),
                config.timeouts().pingInterval(),
                () -> new ClientConnection(context, tls));
      }
      if (config.component().enabled()) {
        component =
            TcpListener.bind(
                "components",
                boss,
                workers,
                config.component().address(),
                config.component().port(),
                config.timeouts().pingInterval(),
                () ->
                    new ComponentConnection(
                        config,
                        context.router(),
                        components,
                        context.limits(),
                        context.observer()));
      }
      if (config.http().enabled()) {
        http = HttpListener.start(config, context, workers, metrics, health);
      }
      return new Transports(c2s, component, http);
    } catch (Exception e) {
      if (c2s != null) {
        c2s.close();
      }
      if (component != null) {
        component.close();
      }
      throw e;
    }
  }

  public int c2sPort() {
    return c2s == null ? -1 : c2s.port();
  }

  public int componentPort() {
    return component == null ? -1 : component.port();
  }

  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  /** Open BOSH sessions (0 without the HTTP port). */
  public int boshSessions() {
    return http == null ? 0 : http.boshSessions();
  }

  /** Whether every listener is still accepting. */
  public boolean accepting() {
    return (c2s == null || c2s.open())
        && (component == null || component.open())
        && (http == null || http.running());
  }

  @Override
  public void close() {
    if (http != null) {
      http.close();
    }
    if (component != null) {
      component.close();
    }
    if (c2s != null) {
      c2s.close();
    }
  }
}
