package org.huddle.xmpp.server.routing;

import org.huddle.xmpp.server.api.EventType;

/** A client session bound a resource, or went away. */
public record SessionEvent(LocalSession session, Host host, String reason)
    implements org.huddle.xmpp.server.api.SessionEvent {
  /** Prosody's {@code resource-bind}: the session has a full JID and can send stanzas. */
  public static final EventType<SessionEvent> RESOURCE_BIND =
      EventType.of("resource-bind", SessionEvent.class);

  /** Prosody's {@code resource-unbind}: the session ended; it can no longer receive stanzas. */
  public static final EventType<SessionEvent> RESOURCE_UNBIND =
      EventType.of("resource-unbind", SessionEvent.class);
}
