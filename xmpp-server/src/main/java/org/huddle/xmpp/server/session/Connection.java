package org.huddle.xmpp.server.session;

import java.time.Duration;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.StreamError;

/**
 * What a transport (TCP, WebSocket, BOSH) offers a session: framed output, TLS where it exists, and
 * an executor that runs the session's work one task at a time. The session never sees sockets or
 * framing.
 */
public interface Connection {
  /** Sends the opening of the server's stream, in this transport's framing. */
  void openStream(String from, String id);

  /**
   * Sends an element: a stanza, or a nonza such as {@code <stream:features/>}. Thread-safe; never
   * blocks.
   */
  void send(Element element);

  /** Ends the stream cleanly and closes the connection. */
  void closeStream();

  /**
   * Sends a stream error (opening the stream first if needed), ends the stream and closes the
   * connection.
   */
  void fail(StreamError error);

  /** Whether the connection is encrypted. */
  boolean secure();

  /** Whether STARTTLS can be offered. */
  boolean canStartTls();

  /**
   * Starts TLS: everything after {@code proceed} is TLS, and the parser starts a new stream (RFC
   * 6120 §5.4.3.3).
   */
  void startTls(Element proceed);

  /** The parser starts a new stream, as after SASL success (RFC 6120 §6.4.6). */
  void restartStream();

  /** The peer's address, for logs and limits. */
  String remoteAddress();

  /**
   * Lifts the connection's byte rate (Prosody's {@code unlimited_jids}): the account that logged in
   * on it is trusted to send a lot, as the focus does.
   */
  default void removeRateLimit() {}

  /** {@code c2s}, {@code websocket} or {@code bosh}. */
  String transport();

  /** Runs a task in the session's serial order. */
  void execute(Runnable task);

  /** Runs a task later, in the session's serial order. */
  void schedule(Runnable task, Duration delay);
}
