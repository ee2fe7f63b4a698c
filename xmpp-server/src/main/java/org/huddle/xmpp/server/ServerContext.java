package org.huddle.xmpp.server;

import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.huddle.xmpp.server.auth.AuthProvider;
import org.huddle.xmpp.server.config.HostConfig;
import org.huddle.xmpp.server.config.XmppConfig;
import org.huddle.xmpp.server.muc.MucService;
import org.huddle.xmpp.server.routing.Router;

/**
 * What a {@link ServerExtension} may use: the hosts and their events, MUC services, and registries.
 */
public interface ServerContext {
  XmppConfig config();

  /** The router, and through it every host and its event bus. */
  Router router();

  /** The MUC service on this domain, or null. */
  MucService muc(String domain);

  Collection<MucService> mucs();

  /**
   * Makes an {@code authentication = "<name>"} provider available to virtual hosts (Prosody's
   * {@code auth_<name>} modules). Built in: {@code anonymous}, {@code internal_hashed}.
   */
  void authProvider(String name, Function<HostConfig, AuthProvider> factory);

  /** Virtual threads for blocking work (files, network); never block an I/O thread. */
  ExecutorService blocking();

  /** A shared timer; its tasks must be short and hand real work to {@link #blocking()}. */
  ScheduledExecutorService timer();

  /**
   * Adds a check to {@code /about/health}: it returns null when all is well, else why not (the
   * server then answers 503 with that reason). Called on an HTTP thread; it must be quick.
   */
  void healthCheck(java.util.function.Supplier<String> problem);

  /** Closes this resource when the server stops, after the listeners. */
  void onClose(AutoCloseable resource);
}
