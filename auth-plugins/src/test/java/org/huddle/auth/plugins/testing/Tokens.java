package org.huddle.auth.plugins.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs test tokens the way a Jitsi deployment's token service does. */
public final class Tokens {
  public static final String APP_ID = "huddle-test";
  public static final String SECRET = "a-test-secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Tokens() {}

  /** Jitsi-style claims: iss = app id, aud "jitsi", sub the domain, room, exp in an hour. */
  public static Map<String, Object> claims(String room, Instant now) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("iss", APP_ID);
    c.put("aud", "jitsi");
    c.put("sub", "meet.jitsi");
    c.put("room", room);
    c.put("iat", now.getEpochSecond());
    c.put("nbf", now.getEpochSecond() - 10);
    c.put("exp", now.getEpochSecond() + 3600);
    c.put("context", Map.of("user", Map.of("name", "Ann", "id", "ann-1")));
    return c;
  }

  public static String hs256(Map<String, Object> claims, String secret) {
    return sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims, secret.getBytes(), null);
  }

  public static String hs256(Map<String, Object> claims) {
    return hs256(claims, SECRET);
  }

  public static String rs256(Map<String, Object> claims, PrivateKey key, String kid) {
    String header =
        kid == null
            ? "{\"alg\":\"RS256\",\"typ\":\"JWT\"}"
            : "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
    return sign(header, claims, null, key);
  }

  /** A token with this header and claims, signed by nobody. */
  public static String unsigned(String header, Map<String, Object> claims) {
    return b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(json(claims)) + ".";
  }

  private static String sign(
      String header, Map<String, Object> claims, byte[] secret, PrivateKey key) {
    try {
      String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(json(claims));
      byte[] data = input.getBytes(StandardCharsets.US_ASCII);
      byte[] sig;
      if (secret != null) {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        sig = mac.doFinal(data);
      } else {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(data);
        sig = s.sign();
      }
      return input + "." + b64(sig);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] json(Map<String, Object> claims) {
    try {
      return JSON.writeValueAsBytes(claims);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
