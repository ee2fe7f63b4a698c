package org.huddle.xmpp.server.routing;

import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.JidFormatException;
import org.huddle.xmpp.server.api.EventType;
import org.huddle.xmpp.server.api.Options;
import org.huddle.xmpp.server.config.HostConfig;
import org.huddle.xmpp.server.event.EventBus;

/** A domain this server serves, with its own event bus, as a Prosody host. */
public final class Host implements org.huddle.xmpp.server.api.Host {
  private final HostConfig config;
  private final Jid jid;
  private final EventBus events = new EventBus();

  public Host(HostConfig config) {
    this.config = config;
    try {
      this.jid = Jid.of(config.name());
    } catch (JidFormatException e) {
      throw new IllegalArgumentException(
          "not a valid host name: " + config.name() + ": " + e.getMessage());
    }
    if (!jid.isDomain()) {
      throw new IllegalArgumentException("a host name is a domain, not " + config.name());
    }
  }

  @Override
  public String name() {
    return jid.domain();
  }

  @Override
  public Jid jid() {
    return jid;
  }

  public HostConfig config() {
    return config;
  }

  @Override
  public Options options() {
    return config.options();
  }

  @Override
  public java.util.List<String> modules() {
    return config.modules();
  }

  @Override
  public EventBus events() {
    return events;
  }

  @Override
  public EventType<?> event(String name) {
    return EventNames.resolve(name);
  }

  /** Whether clients log into this host (a VirtualHost), as opposed to a component. */
  public boolean isUserHost() {
    return config.kind() == HostConfig.Kind.VIRTUAL_HOST;
  }

  @Override
  public String toString() {
    return name();
  }
}
