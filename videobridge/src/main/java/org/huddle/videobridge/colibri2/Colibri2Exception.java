package org.huddle.videobridge.colibri2;

/**
 * A Colibri2 request that cannot be done: an XMPP stanza error condition (RFC 6120 §8.3.3) and,
 * where Jitsi defines one, a {@code <error xmlns='jitsi:colibri2' reason='...'/>} reason
 * (shared/WIRE.md §3).
 */
public final class Colibri2Exception extends Exception {
  private final String condition;
  private final String reason;
  private final String endpointId;

  public Colibri2Exception(String condition, String reason, String text) {
    this(condition, reason, text, null);
  }

  public Colibri2Exception(String condition, String reason, String text, String endpointId) {
    super(text);
    this.condition = condition;
    this.reason = reason;
    this.endpointId = endpointId;
  }

  /** RFC 6120 condition, e.g. "item-not-found". */
  public String condition() {
    return condition;
  }

  /** Colibri2 reason, e.g. "conference_not_found", or null. */
  public String reason() {
    return reason;
  }

  /** For unknown_endpoint: the endpoint's id, else null. */
  public String endpointId() {
    return endpointId;
  }

  /** The error type RFC 6120 §8.3.2 pairs with the condition. */
  public String type() {
    return switch (condition) {
      case "service-unavailable", "internal-server-error" -> "wait";
      case "item-not-found", "conflict", "feature-not-implemented" -> "cancel";
      default -> "modify";
    };
  }

  /** The Jitsi extension children of the error element. */
  public java.util.List<XmlElement> extensions() {
    java.util.List<XmlElement> out = new java.util.ArrayList<>();
    if (reason != null) {
      out.add(new XmlElement("error", Colibri2.NS).attr("reason", reason));
    }
    if (endpointId != null) {
      out.add(new XmlElement("endpoint", Colibri2.NS).attr("id", endpointId));
    }
    return out;
  }
}
