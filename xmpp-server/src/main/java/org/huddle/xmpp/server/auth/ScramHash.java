package org.huddle.xmpp.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hash functions SCRAM runs on (RFC 5802 for SHA-1, RFC 7677 for SHA-256), with SCRAM's key
 * derivations.
 */
public enum ScramHash {
  SHA1("SCRAM-SHA-1", "SHA-1", "HmacSHA1", "PBKDF2WithHmacSHA1", 20),
  SHA256("SCRAM-SHA-256", "SHA-256", "HmacSHA256", "PBKDF2WithHmacSHA256", 32);

  private final String mechanism;
  private final String digest;
  private final String hmac;
  private final String pbkdf2;
  private final int length;

  ScramHash(String mechanism, String digest, String hmac, String pbkdf2, int length) {
    this.mechanism = mechanism;
    this.digest = digest;
    this.hmac = hmac;
    this.pbkdf2 = pbkdf2;
    this.length = length;
  }

  /** The SASL mechanism name. */
  public String mechanism() {
    return mechanism;
  }

  /** RFC 5802 §3: SaltedPassword = Hi(Normalize(password), salt, i). */
  public byte[] saltedPassword(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, length * 8);
      return SecretKeyFactory.getInstance(pbkdf2).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(pbkdf2 + " is part of every JDK", e);
    }
  }

  public byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(hmac);
      mac.init(new SecretKeySpec(key, hmac));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(hmac + " is part of every JDK", e);
    }
  }

  public byte[] hmac(byte[] key, String data) {
    return hmac(key, data.getBytes(StandardCharsets.UTF_8));
  }

  public byte[] hash(byte[] data) {
    try {
      return MessageDigest.getInstance(digest).digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(digest + " is part of every JDK", e);
    }
  }

  /** The keys a server stores for a password: StoredKey and ServerKey. */
  public ScramKeys keys(String password, byte[] salt, int iterations) {
    byte[] salted = saltedPassword(password, salt, iterations);
    byte[] clientKey = hmac(salted, "Client Key");
    return new ScramKeys(hash(clientKey), hmac(salted, "Server Key"));
  }

  /** The keys a server stores: H(ClientKey) and ServerKey. */
  public record ScramKeys(byte[] storedKey, byte[] serverKey) {}
}
