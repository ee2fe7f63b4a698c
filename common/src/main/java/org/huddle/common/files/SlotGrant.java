package org.huddle.common.files;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What an XEP-0363 slot allows: one PUT of {@code size} bytes to {@code key}, until {@code
 * expires}. The XMPP server signs it with HMAC-SHA256 under the secret it shares with the web role
 * ({@code http_file_share_secret}); the web role checks the signature, the key and the size before
 * it stores a byte. The two may run in separate processes, which is why the grant travels in the
 * slot's {@code Authorization} header rather than in memory.
 *
 * @param key where the file is stored and served: {@code <room>/<random id>/<file name>}
 * @param name the file's name as the uploader gave it
 * @param size the declared size in bytes
 * @param contentType the declared type (already checked to be a plain {@code type/subtype})
 * @param expires when the PUT URL stops working
 * @param room the meeting's room, as a bare JID
 * @param uploader the requester's full JID
 */
public record SlotGrant(
    String key,
    String name,
    long size,
    String contentType,
    Instant expires,
    String room,
    String uploader) {
  private static final String VERSION = "h1";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  public SlotGrant {
    for (String field : new String[] {key, name, contentType, room, uploader}) {
      if (field == null || field.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a grant's fields are single lines");
      }
    }
  }

  /** The token to send as {@code Authorization: Bearer <token>}. */
  public String sign(byte[] secret) {
    String payload =
        String.join(
            "\n",
            VERSION,
            key,
            name,
            Long.toString(size),
            contentType,
            Long.toString(expires.getEpochSecond()),
            room,
            uploader);
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    return B64.encodeToString(bytes) + "." + B64.encodeToString(mac(secret, bytes));
  }

  /**
   * The grant a token carries, when its signature is good and it has not expired.
   *
   * @throws IllegalArgumentException saying what is wrong (malformed, bad signature, expired)
   */
  public static SlotGrant verify(String token, byte[] secret, Instant now) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot < 1) {
      throw new IllegalArgumentException("not a slot token");
    }
    byte[] payload;
    byte[] signature;
    try {
      payload = UNB64.decode(token.substring(0, dot));
      signature = UNB64.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a slot token");
    }
    if (!MessageDigest.isEqual(signature, mac(secret, payload))) {
      throw new IllegalArgumentException("the slot token's signature does not match");
    }
    String[] f = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
    if (f.length != 8 || !VERSION.equals(f[0])) {
      throw new IllegalArgumentException("not a slot token of this version");
    }
    SlotGrant grant =
        new SlotGrant(
            f[1],
            f[2],
            Long.parseLong(f[3]),
            f[4],
            Instant.ofEpochSecond(Long.parseLong(f[5])),
            f[6],
            f[7]);
    if (!now.isBefore(grant.expires())) {
      throw new IllegalArgumentException("the slot has expired");
    }
    return grant;
  }

  /**
   * A fresh key for a file of {@code room} (its local part), unguessable (128 random bits), with
   * the file's name reduced to characters that need no escaping in a URL path.
   */
  public static String newKey(String roomName, String fileName) {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    return safeSegment(roomName, "room", 100)
        + "/"
        + B64.encodeToString(id)
        + "/"
        + safeName(fileName);
  }

  /** Whether {@code key} has the shape {@link #newKey} gives (no dot segments, no escapes). */
  public static boolean wellFormedKey(String key) {
    String[] parts = key.split("/", -1);
    return parts.length == 3
        && parts[0].matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}")
        && parts[1].matches("[A-Za-z0-9_-]{22}")
        && parts[2].matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,119}");
  }

  /** A file name as it may stand in a key: letters, digits, dot, dash, underscore. */
  public static String safeName(String fileName) {
    return safeSegment(fileName, "file", 120);
  }

  private static String safeSegment(String s, String fallback, int max) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_');
      b.append(ok ? c : '_');
      if (b.length() == max) {
        break;
      }
    }
    String out = b.toString().replaceAll("\\.{2,}", "_");
    if (out.startsWith(".")) {
      out = "_" + out.substring(1);
    }
    return out.isEmpty() ? fallback : out;
  }

  private static byte[] mac(byte[] secret, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
