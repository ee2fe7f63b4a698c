package org.huddle.xmpp.server.api;

import java.util.Map;

/**
 * What a SASL mechanism may know about the attempt.
 *
 * @param host the virtual host being logged into
 * @param secure whether the connection is encrypted
 * @param remoteAddress the client's address
 * @param attributes the session's attributes: what the transport learnt (such as the {@code token}
 *     query parameter of a BOSH or WebSocket URL, under {@link #TOKEN}), and where a mechanism may
 *     leave what it learnt (claims)
 */
public record SaslContext(
    String host, boolean secure, String remoteAddress, Map<String, Object> attributes) {
  /**
   * The attribute holding the {@code ?token=} of the connection URL, as Jitsi's token
   * authentication sends it.
   */
  public static final String TOKEN = "token";

  /**
   * The attribute holding the {@code ?previd=} of the connection URL: the stream management id of
   * the session a reconnecting Jitsi client means to resume, so that an anonymous login can take
   * that session's name.
   */
  public static final String PREVID = "previd";
}
