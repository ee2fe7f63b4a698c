package org.huddle.focus.colibri2;

/**
 * A Colibri2 request that failed: an error answer (RFC 6120 condition, and Jitsi's {@code <error
 * xmlns='jitsi:colibri2' reason=>} when the bridge gave one), or no answer at all.
 */
public final class Colibri2Exception extends Exception {
  private final String condition;
  private final String reason;
  private final String endpointId;

  public Colibri2Exception(String message, String condition, String reason, String endpointId) {
    super(message);
    this.condition = condition;
    this.reason = reason;
    this.endpointId = endpointId;
  }

  /** The RFC 6120 condition, or null when the bridge did not answer. */
  public String condition() {
    return condition;
  }

  /** The Colibri2 reason ({@code unknown_endpoint}, {@code conference_not_found}...), or null. */
  public String reason() {
    return reason;
  }

  /** For {@code unknown_endpoint}: the endpoint the bridge does not know. */
  public String endpointId() {
    return endpointId;
  }

  /**
   * Whether only that endpoint is lost (Jicofo re-invites it) rather than the whole bridge session.
   */
  public boolean unknownEndpoint() {
    return "unknown_endpoint".equals(reason) && endpointId != null;
  }
}
