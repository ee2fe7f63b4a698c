package org.huddle.xmpp.server.limits;

/**
 * The per-address caps. Each has its option (and so its environment variable), the label it is
 * counted under in {@code huddle_xmpp_limit_refusals_total}, and the reason a refused client reads.
 */
public enum Limit {
  /** Open c2s (TCP) and WebSocket connections. */
  CONNECTIONS("connections", "max_connections_per_ip", "too many connections from %s"),
  /** Streams that have not logged in yet, on every transport. */
  UNAUTHENTICATED(
      "unauthenticated",
      "max_unauthenticated_per_ip",
      "too many streams from %s that have not logged in"),
  /** Logged-in sessions, on every transport (hibernating ones included). */
  SESSIONS("sessions", "max_sessions_per_ip", "too many sessions from %s"),
  /** BOSH sessions (XEP-0124), logged in or not. */
  BOSH_SESSIONS("bosh_sessions", "bosh_max_sessions_per_ip", "too many BOSH sessions from %s"),
  /** Failed component handshakes (XEP-0114) within a window. */
  COMPONENT_HANDSHAKES(
      "component_handshakes",
      "component_max_failed_handshakes",
      "too many failed handshakes from %s; try again later");

  private final String label;
  private final String option;
  private final String reason;

  Limit(String label, String option, String reason) {
    this.label = label;
    this.option = option;
    this.reason = reason;
  }

  /** The metric label. */
  public String label() {
    return label;
  }

  /** The Prosody-style option that sets the cap. */
  public String option() {
    return option;
  }

  /** What the refused client is told, naming its address and the option. */
  public String reason(String address) {
    return reason.formatted(address) + " (" + option + ")";
  }
}
