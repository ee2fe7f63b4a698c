package org.huddle.xmpp.server.api;

import java.util.List;

/**
 * Behaviour added to the server from outside this module: Lua plugins, authentication providers,
 * shared state. Each extension is installed once, after the hosts and their built-in features exist
 * and before any listener opens; a failure stops the server from starting.
 */
@FunctionalInterface
public interface ServerExtension {
  void install(ServerContext context) throws Exception;

  /**
   * The options this extension reads. The server checks their values' types before installing it,
   * and counts their names as known when it looks for misspelt options.
   */
  default List<OptionSpec> options() {
    return List.of();
  }
}
