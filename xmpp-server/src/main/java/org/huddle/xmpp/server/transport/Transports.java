package org.huddle.xmpp.server.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.net.SocketAddress;
import java.time.Duration;
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
  private final Duration idle;
  private final Supplier<StreamConnection> clients;
  private final Supplier<StreamConnection> components;
  private InMemoryListener inMemoryC2s;
  private InMemoryListener inMemoryComponent;

  private Transports(
      TcpListener c2s,
      TcpListener component,
      HttpListener http,
      Duration idle,
      Supplier<StreamConnection> clients,
      Supplier<StreamConnection> components) {
    this.c2s = c2s;
    this.component = component;
    this.http = http;
    this.idle = idle;
    this.clients = clients;
    this.components = components;
  }

  public static Transports start(
      XmppConfig config,
      SessionContext context,
      SslContext tls,
      EventLoopGroup boss,
      EventLoopGroup workers,
      NetworkBackend backend,
      XmppMetrics metrics,
      Supplier<String> health,
      ComponentSession.Registry components)
      throws Exception {
    Supplier<StreamConnection> clients = () -> new ClientConnection(context, tls);
    Supplier<StreamConnection> componentConnections =
        () ->
            new ComponentConnection(
                config, context.router(), components, context.limits(), context.observer());
    Duration idle = config.timeouts().pingInterval();
    TcpListener c2s = null;
    TcpListener component = null;
    HttpListener http = null;
    try {
      if (config.c2s().enabled()) {
        c2s = TcpListener.bind("c2s", boss, workers, backend, config.c2s(), idle, clients);
      }
      if (config.component().enabled()) {
        component =
            TcpListener.bind(
                "components",
                boss,
                workers,
                backend,
                config.component(),
                idle,
                componentConnections);
      }
      if (config.http().enabled()) {
        http = HttpListener.start(config, context, workers, metrics, health);
      }
      return new Transports(c2s, component, http, idle, clients, componentConnections);
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

  /**
   * The in-JVM address of a c2s listener (bound on first use): a client that connects there gets
   * the same stream parser and session as on the c2s port, without a socket.
   */
  public synchronized SocketAddress inMemoryC2s() {
    if (inMemoryC2s == null) {
      inMemoryC2s = InMemoryListener.bind("c2s-in-memory", idle, clients);
    }
    return inMemoryC2s.address();
  }

  /** As {@link #inMemoryC2s()}, for the component protocol (XEP-0114). */
  public synchronized SocketAddress inMemoryComponent() {
    if (inMemoryComponent == null) {
      inMemoryComponent = InMemoryListener.bind("component-in-memory", idle, components);
    }
    return inMemoryComponent.address();
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
  public synchronized void close() {
    if (inMemoryC2s != null) {
      inMemoryC2s.close();
    }
    if (inMemoryComponent != null) {
      inMemoryComponent.close();
    }
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
