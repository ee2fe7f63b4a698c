package org.huddle.signalling;

/**
 * A signalling element that is malformed, or a request that cannot be done, or one that went
 * unanswered: an XMPP stanza error condition (RFC 6120 §8.3.3) and, where Jitsi defines one, a
 * Colibri2 reason (docs/wire.md#colibri2-errors).
 */
public final class SignallingException extends Exception {
  private final String condition;
  private final String reason;
  private final String endpointId;

  /**
   * @param condition the RFC 6120 condition, e.g. {@code item-not-found}; null when there was no
   *     answer at all
   * @param reason the Colibri2 reason, e.g. {@code conference_not_found}, or null
   * @param message what went wrong, for people
   */
  public SignallingException(String condition, String reason, String message) {
    this(condition, reason, message, null);
  }

  /**
   * @param endpointId for {@code unknown_endpoint}: the endpoint's id, else null
   */
  public SignallingException(String condition, String reason, String message, String endpointId) {
    super(message);
    this.condition = condition;
    this.reason = reason;
    this.endpointId = endpointId;
  }

  /** A malformed element: {@code bad-request}, no reason. */
  public static SignallingException badRequest(String message) {
    return new SignallingException("bad-request", null, message);
  }

  /** The RFC 6120 condition, or null when the peer did not answer. */
  public String condition() {
    return condition;
  }

  /** The Colibri2 reason, or null. */
  public String reason() {
    return reason;
  }

  /** For {@code unknown_endpoint}: the endpoint's id, else null. */
  public String endpointId() {
    return endpointId;
  }

  /** Whether only that endpoint is lost rather than the whole conference on the bridge. */
  public boolean unknownEndpoint() {
    return "unknown_endpoint".equals(reason) && endpointId != null;
  }

  /** The error type RFC 6120 §8.3.2 pairs with the condition. */
  public String type() {
    return switch (condition == null ? "" : condition) {
      case "service-unavailable", "internal-server-error" -> "wait";
      case "item-not-found", "conflict", "feature-not-implemented" -> "cancel";
      default -> "modify";
    };
  }
}
