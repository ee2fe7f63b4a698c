package org.huddle.auth.plugins.token;

import java.security.PublicKey;

/** Where RS256 verification keys come from: a key file, or an ASAP key server by key id. */
public interface KeySource {
  /**
   * The public key for a token's {@code kid} header (which may be null).
   *
   * @throws TokenException when there is no such key
   */
  PublicKey key(String kid) throws TokenException;
}
