package org.huddle.xmpp.server.api;

import java.util.Map;
import org.huddle.xmpp.codec.Jid;

/** Where a stanza came from: a client session, a component, or the server itself. */
public interface Origin {
  /** The sender's address: a client's full JID, or a component's domain. */
  Jid jid();

  /** The host the sender belongs to. */
  Host host();

  /** The remote address, for per-client limits; "internal" for the server itself. */
  String remoteAddress();

  /**
   * The transport: {@code c2s}, {@code websocket}, {@code bosh}, {@code component} or {@code
   * internal}.
   */
  String transport();

  /** Whether the sender logged in anonymously. */
  boolean anonymous();

  /**
   * Per-session values set by authentication and plugins (such as a token's claims). Mutable and
   * thread-safe.
   */
  Map<String, Object> attributes();
}
