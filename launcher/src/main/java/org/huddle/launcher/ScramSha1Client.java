package org.huddle.launcher;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM-SHA-1 (RFC 5802, <a
 * href="https://www.rfc-editor.org/rfc/rfc5802#section-3">section 3</a>) without channel binding
 * ({@code n,,}), for the XMPP probe when a server offers no PLAIN. Passwords are taken as they are
 * (no SASLprep): the probe's own account has a generated ASCII password.
 */
final class ScramSha1Client {
  private final String user;
  private final String password;
  private final String clientNonce;
  private byte[] serverSignature;

  ScramSha1Client(String user, String password) {
    this(user, password, nonce());
  }

  /** With a fixed nonce (the RFC's test vector). */
  ScramSha1Client(String user, String password, String clientNonce) {
    this.user = user;
    this.password = password;
    this.clientNonce = clientNonce;
  }

  /** The client-first-message. */
  String first() {
    return "n,," + firstBare();
  }

  private String firstBare() {
    return "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
  }

  /**
   * The client-final-message for the server-first-message.
   *
   * @throws IllegalArgumentException when the server's message is not a valid one
   */
  String last(String serverFirst) {
    Map<Character, String> attrs = attributes(serverFirst);
    String nonce = attrs.get('r');
    String salt = attrs.get('s');
    String iterations = attrs.get('i');
    if (nonce == null || salt == null || iterations == null || !nonce.startsWith(clientNonce)) {
      throw new IllegalArgumentException("not a SCRAM server-first-message");
    }
    try {
      byte[] salted = hi(password, Base64.getDecoder().decode(salt), Integer.parseInt(iterations));
      byte[] clientKey = hmac(salted, "Client Key");
      byte[] storedKey = MessageDigest.getInstance("SHA-1").digest(clientKey);
      String withoutProof = "c=biws,r=" + nonce;
      String authMessage = firstBare() + "," + serverFirst + "," + withoutProof;
      byte[] proof = hmac(storedKey, authMessage);
      for (int i = 0; i < proof.length; i++) {
        proof[i] ^= clientKey[i];
      }
      serverSignature = hmac(hmac(salted, "Server Key"), authMessage);
      return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-1 is part of every JDK", e);
    }
  }

  /** Whether the server-final-message proves the server knows the password too. */
  boolean verifies(String serverFinal) {
    String v = attributes(serverFinal).get('v');
    return serverSignature != null
        && v != null
        && MessageDigest.isEqual(serverSignature, Base64.getDecoder().decode(v));
  }

  private static Map<Character, String> attributes(String message) {
    Map<Character, String> m = new HashMap<>();
    for (String part : message.split(",")) {
      if (part.length() >= 2 && part.charAt(1) == '=') {
        m.put(part.charAt(0), part.substring(2));
      }
    }
    return m;
  }

  /** RFC 5802's Hi(): PBKDF2 with HMAC-SHA-1, one block. */
  private static byte[] hi(String password, byte[] salt, int iterations)
      throws GeneralSecurityException {
    Mac mac = mac(password.getBytes(StandardCharsets.UTF_8));
    mac.update(salt);
    byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
    byte[] result = u.clone();
    for (int i = 1; i < iterations; i++) {
      u = mac.doFinal(u);
      for (int j = 0; j < result.length; j++) {
        result[j] ^= u[j];
      }
    }
    return result;
  }

  private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
    return mac(key).doFinal(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Mac mac(byte[] key) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(key, "HmacSHA1"));
    return mac;
  }

  private static String nonce() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
