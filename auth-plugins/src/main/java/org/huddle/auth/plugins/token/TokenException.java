package org.huddle.auth.plugins.token;

/**
 * A token was refused. The reason is written for the client and the log: it names the claim or
 * check that failed and never contains the token or the secret.
 */
public final class TokenException extends Exception {
  public TokenException(String reason) {
    super(reason);
  }
}
