package org.huddle.xmpp.codec;

/** An address that is not a valid JID; answered with {@code jid-malformed} (RFC 6120 §8.3.3.8). */
public final class JidFormatException extends Exception {
  public JidFormatException(String message) {
    super(message, null, false, false);
  }
}
