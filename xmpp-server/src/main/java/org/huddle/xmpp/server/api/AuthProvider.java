package org.huddle.xmpp.server.api;

import java.util.List;

/**
 * How a virtual host authenticates clients, as Prosody's {@code authentication} option chooses a
 * provider ({@code anonymous}, {@code internal_hashed}, ...).
 */
public interface AuthProvider {
  /** The mechanisms to offer, in order of preference. */
  List<String> mechanisms(boolean secure);

  /** A mechanism for one attempt, or null when the name is not offered. */
  SaslMechanism create(String name, SaslContext context);

  /** Whether sessions of this provider are anonymous (random local part, no stored account). */
  boolean anonymous();
}
