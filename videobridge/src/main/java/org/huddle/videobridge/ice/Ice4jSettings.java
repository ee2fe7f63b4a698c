package org.huddle.videobridge.ice;

import java.util.List;

/**
 * ice4j reads its settings once, from system properties laid over its reference config. These are
 * the ones a bridge must set before the first agent exists: no cloud metadata lookups, the STUN
 * servers we were given, and a single socket per harvester.
 */
public final class Ice4jSettings {
  private Ice4jSettings() {}

  /** Sets ice4j's properties, leaving any the operator set on the command line alone. */
  public static synchronized void apply(List<String> stunServers) {
    // The single-port harvester hands payload to the component's callback instead of queueing it
    // for a socket; it reads this flag when it is created, so it must be set first.
    org.ice4j.ice.harvest.AbstractUdpListener.USE_PUSH_API = true;
    setDefault("ice4j.harvest.mapping.aws.enabled", "false");
    setDefault("ice4j.harvest.udp.use-dynamic-ports", "false");
    setDefault("ice4j.harvest.udp.socket-pool-size", "1");
    setDefault("ice4j.harvest.use-link-local-addresses", "false");
    setDefault("ice4j.software", "");
    if (System.getProperty("ice4j.harvest.mapping.stun.addresses.0") == null) {
      for (int i = 0; i < stunServers.size(); i++) {
        System.setProperty("ice4j.harvest.mapping.stun.addresses." + i, stunServers.get(i));
      }
    }
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
