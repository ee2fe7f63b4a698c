package org.huddle.xmpp.server.api;

/**
 * A client session bound a resource ({@code resource-bind}) or went away ({@code resource-unbind}).
 */
public interface SessionEvent {
  Origin session();

  Host host();

  /** Why the session ended, or null. */
  String reason();
}
