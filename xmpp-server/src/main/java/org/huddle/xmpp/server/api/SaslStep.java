package org.huddle.xmpp.server.api;

/** One step of a SASL exchange (RFC 6120 §6.4): a challenge, success or failure. */
public sealed interface SaslStep {
  /** Send {@code <challenge/>} and wait for a {@code <response/>}. */
  record Challenge(byte[] data) implements SaslStep {}

  /**
   * Authenticated as {@code username} (a local part; for anonymous logins, a generated one).
   *
   * @param additionalData sent in {@code <success/>}, or null
   */
  record Success(String username, byte[] additionalData) implements SaslStep {}

  /** Send {@code <failure/>} with this condition. */
  record Failure(SaslFailure condition, String text) implements SaslStep {}
}
