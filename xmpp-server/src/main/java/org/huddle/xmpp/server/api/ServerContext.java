package org.huddle.xmpp.server.api;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a {@link ServerExtension} may use: the hosts with their options and events, the global
 * options, authentication providers, threads, health checks and clean-up. Not the router, sessions
 * or transports: an extension sees what a built-in feature sees.
 */
public interface ServerContext {
  /** The global options (those outside any host section). */
  Options options();

  /** Server-wide admins ({@code admins}), as written in the config. */
  List<String> admins();

  /** Every host, in the order the config names them. */
  List<? extends Host> hosts();

  /**
   * Makes an {@code authentication = "<name>"} provider available to virtual hosts (Prosody's
   * {@code auth_<name>} modules). Built in: {@code anonymous}, {@code internal_hashed}.
   */
  void authProvider(String name, Function<? super Host, ? extends AuthProvider> factory);

  /** Virtual threads for blocking work (files, network); never block an I/O thread. */
  ExecutorService blocking();

  /** A shared timer; its tasks must be short and hand real work to {@link #blocking()}. */
  ScheduledExecutorService timer();

  /**
   * Adds a check to {@code /about/health}: it returns null when all is well, else why not (the
   * server then answers 503 with that reason). Called on an HTTP thread; it must be quick.
   */
  void healthCheck(Supplier<String> problem);

  /** Closes this resource when the server stops, after the listeners. */
  void onClose(AutoCloseable resource);
}
