package org.huddle.xmpp.server.api;

import java.util.concurrent.CompletionStage;

/**
 * The server side of one SASL exchange. A mechanism instance serves one attempt and is then
 * dropped.
 *
 * <p>Steps may complete later (a password check runs PBKDF2 off the I/O thread); the session waits
 * for each.
 */
public interface SaslMechanism {
  /**
   * The client's {@code <auth/>}.
   *
   * @param initialResponse the decoded initial response; null when the client sent none, empty for
   *     "="
   */
  CompletionStage<SaslStep> start(byte[] initialResponse);

  /** The client's {@code <response/>}, decoded. */
  CompletionStage<SaslStep> respond(byte[] response);
}
