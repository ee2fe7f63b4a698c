package org.huddle.xmpp.server.auth;

import java.util.EnumMap;
import java.util.Map;

/**
 * What is stored for an account: one salt and iteration count, and SCRAM keys for each supported
 * hash. The password itself is never stored.
 */
public record Credentials(byte[] salt, int iterations, Map<ScramHash, ScramHash.ScramKeys> keys) {
  public Credentials {
    keys = Map.copyOf(keys);
  }

  /** Derives credentials for every hash from a password. */
  public static Credentials derive(String password, byte[] salt, int iterations) {
    Map<ScramHash, ScramHash.ScramKeys> keys = new EnumMap<>(ScramHash.class);
    for (ScramHash h : ScramHash.values()) {
      keys.put(h, h.keys(password, salt, iterations));
    }
    return new Credentials(salt, iterations, keys);
  }

  /** Whether a password matches, in constant time against the stored key. */
  public boolean matches(String password) {
    ScramHash h = ScramHash.SHA256;
    ScramHash.ScramKeys stored = keys.get(h);
    ScramHash.ScramKeys candidate = h.keys(password, salt, iterations);
    return java.security.MessageDigest.isEqual(stored.storedKey(), candidate.storedKey());
  }
}
