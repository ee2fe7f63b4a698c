package org.huddle.xmpp.codec;

import java.util.Locale;

/**
 * A stream-level error (RFC 6120 §4.9): the stream is closed after it is sent.
 *
 * <p>Thrown by the parser and the session state machine; the transport writes it and closes the
 * connection.
 */
public final class StreamError extends Exception {
  /** RFC 6120 §4.9.3 defined conditions. */
  public enum Condition {
    BAD_FORMAT,
    BAD_NAMESPACE_PREFIX,
    CONFLICT,
    CONNECTION_TIMEOUT,
    HOST_GONE,
    HOST_UNKNOWN,
    IMPROPER_ADDRESSING,
    INTERNAL_SERVER_ERROR,
    INVALID_FROM,
    INVALID_NAMESPACE,
    INVALID_XML,
    NOT_AUTHORIZED,
    NOT_WELL_FORMED,
    POLICY_VIOLATION,
    REMOTE_CONNECTION_FAILED,
    RESET,
    RESOURCE_CONSTRAINT,
    RESTRICTED_XML,
    SEE_OTHER_HOST,
    SYSTEM_SHUTDOWN,
    UNDEFINED_CONDITION,
    UNSUPPORTED_ENCODING,
    UNSUPPORTED_FEATURE,
    UNSUPPORTED_STANZA_TYPE,
    UNSUPPORTED_VERSION;

    /** The element name, such as {@code not-well-formed}. */
    public String elementName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final Condition condition;

  public StreamError(Condition condition, String text) {
    super(text, null, false, false);
    this.condition = condition;
  }

  public Condition condition() {
    return condition;
  }

  /** The {@code <stream:error>} element, with a text child when there is text. */
  public Element toElement() {
    Element error = new Element("error", Namespaces.STREAMS);
    error.addChild(condition.elementName(), Namespaces.STREAM_ERRORS);
    if (getMessage() != null && !getMessage().isEmpty()) {
      error.addChild("text", Namespaces.STREAM_ERRORS).text(getMessage());
    }
    return error;
  }

  @Override
  public String toString() {
    return condition.elementName() + (getMessage() == null ? "" : ": " + getMessage());
  }
}
