package org.huddle.videobridge.ice;

/**
 * ice4j reads its settings once, from system properties laid over its reference config. These are
 * the ones a bridge must set before the first agent exists: no cloud metadata lookups and no global
 * STUN or static mappings (each bridge brings its own, {@link PublicAddresses}), no dynamic ports.
 */
public final class Ice4jSettings {
  private Ice4jSettings() {}

  /** Sets ice4j's properties, leaving any the operator set on the command line alone. */
  public static synchronized void apply() {
    setDefault("ice4j.harvest.mapping.aws.enabled", "false");
    setDefault("ice4j.harvest.udp.use-dynamic-ports", "false");
    setDefault("ice4j.harvest.udp.socket-pool-size", "1");
    setDefault("ice4j.harvest.use-link-local-addresses", "false");
    setDefault("ice4j.software", "");
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
