package org.huddle.xmpp.server.api;

/**
 * Behaviour added to the server from outside this module: Lua plugins, authentication providers,
 * shared state. Each extension is installed once, after the hosts and their built-in features exist
 * and before any listener opens; a failure stops the server from starting.
 */
@FunctionalInterface
public interface ServerExtension {
  void install(ServerContext context) throws Exception;
}
