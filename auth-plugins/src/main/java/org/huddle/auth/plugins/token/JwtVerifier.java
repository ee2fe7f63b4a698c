package org.huddle.auth.plugins.token;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies JSON Web Tokens (RFC 7519) signed with JWS (RFC 7515) as Jitsi's token authentication
 * accepts them: HS256 with the application secret ({@code app_secret}), or RS256 with a public key
 * (a key file, or an ASAP key server by the token's {@code kid}).
 *
 * <p>The checks, in order: three parts; a header whose {@code alg} is one this host is configured
 * for ({@code none} and anything else are refused, and no {@code crit} extensions); the signature;
 * {@code exp} present and in the future, {@code nbf} (when present) in the past; {@code iss} one of
 * {@code asap_accepted_issuers} (by default the {@code app_id}); {@code aud} one of {@code
 * asap_accepted_audiences} ({@code *} accepts any, the default); and a {@code room} claim unless
 * {@code asap_require_room_claim} is false. Duplicate JSON members are refused, so no two readers
 * can disagree about a claim.
 */
public final class JwtVerifier {
  private static final int MAX_TOKEN_CHARS = 16 * 1024;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  /**
   * What a host accepts.
   *
   * @param appId {@code app_id}
   * @param secret the HS256 secret ({@code app_secret}), or null
   * @param keys where RS256 keys come from, or null
   * @param acceptedIssuers accepted {@code iss} values
   * @param acceptedAudiences accepted {@code aud} values; {@code *} accepts any
   * @param requireRoomClaim whether a token must name a {@code room}
   */
  public record Settings(
      String appId,
      byte[] secret,
      KeySource keys,
      List<String> acceptedIssuers,
      List<String> acceptedAudiences,
      boolean requireRoomClaim) {
    public Settings {
      acceptedIssuers = List.copyOf(acceptedIssuers);
      acceptedAudiences = List.copyOf(acceptedAudiences);
      if (secret == null && keys == null) {
        throw new IllegalArgumentException("a token verifier needs a secret or public keys");
      }
    }
  }

  private final Settings settings;
  private final Clock clock;

  public JwtVerifier(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * The token's claims, if it passes every check.
   *
   * @throws TokenException saying which check failed
   */
  public Map<String, Object> verify(String token) throws TokenException {
    if (token == null || token.isEmpty()) {
      throw new TokenException("no token");
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new TokenException("the token is too long");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[2].isEmpty()) {
      throw new TokenException("the token is not a signed JWT");
    }
    Map<String, Object> header = json(parts[0], "header");
    if (header.containsKey("crit")) {
      throw new TokenException("the token uses critical header extensions");
    }
    byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    byte[] signature = decode(parts[2], "signature");
    Object alg = header.get("alg");
    if ("HS256".equals(alg) && settings.secret() != null) {
      checkHmac(signed, signature);
    } else if ("RS256".equals(alg) && settings.keys() != null) {
      Object kid = header.get("kid");
      checkRsa(signed, signature, kid instanceof String s ? s : null);
    } else {
      throw new TokenException("the token's signing algorithm is not accepted here");
    }
    Map<String, Object> claims = json(parts[1], "payload");
    checkTimes(claims);
    checkIssuer(claims.get("iss"));
    checkAudience(claims.get("aud"));
    if (settings.requireRoomClaim() && claims.get("room") == null) {
      throw new TokenException("'room' claim is missing");
    }
    return claims;
  }

  private void checkHmac(byte[] signed, byte[] signature) throws TokenException {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(settings.secret(), "HmacSHA256"));
      if (!MessageDigest.isEqual(mac.doFinal(signed), signature)) {
        throw new TokenException("the token's signature is not valid");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private void checkRsa(byte[] signed, byte[] signature, String kid) throws TokenException {
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(settings.keys().key(kid));
      rsa.update(signed);
      if (!rsa.verify(signature)) {
        throw new TokenException("the token's signature is not valid");
      }
    } catch (java.security.SignatureException | java.security.InvalidKeyException e) {
      throw new TokenException("the token's signature is not valid");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA256withRSA is part of every JDK", e);
    }
  }

  private void checkTimes(Map<String, Object> claims) throws TokenException {
    double now = clock.millis() / 1000.0;
    if (!(claims.get("exp") instanceof Number exp)) {
      throw new TokenException("'exp' claim is missing");
    }
    if (now >= exp.doubleValue()) {
      throw new TokenException("the token has expired");
    }
    Object nbf = claims.get("nbf");
    if (nbf != null) {
      if (!(nbf instanceof Number n)) {
        throw new TokenException("'nbf' claim is not a number");
      }
      if (now < n.doubleValue()) {
        throw new TokenException("the token is not valid yet");
      }
    }
  }

  private void checkIssuer(Object iss) throws TokenException {
    if (iss == null) {
      throw new TokenException("'iss' claim is missing");
    }
    if (!settings.acceptedIssuers().contains(iss.toString())) {
      throw new TokenException("invalid issuer ('iss' claim)");
    }
  }

  private void checkAudience(Object aud) throws TokenException {
    if (aud == null) {
      throw new TokenException("'aud' claim is missing");
    }
    List<String> accepted = settings.acceptedAudiences();
    if (accepted.contains("*")) {
      return;
    }
    // RFC 7519 §4.1.3: one string, or an array of strings.
    List<?> given = aud instanceof List<?> l ? l : List.of(aud);
    for (Object a : given) {
      if (accepted.contains(String.valueOf(a))) {
        return;
      }
    }
    throw new TokenException("invalid audience ('aud' claim)");
  }

  private static Map<String, Object> json(String part, String what) throws TokenException {
    try {
      Map<String, Object> m = JSON.readValue(decode(part, what), OBJECT);
      if (m == null) {
        throw new TokenException("the token's " + what + " is not a JSON object");
      }
      return m;
    } catch (IOException e) {
      throw new TokenException("the token's " + what + " is not a JSON object");
    }
  }

  private static byte[] decode(String part, String what) throws TokenException {
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw new TokenException("the token's " + what + " is not base64url");
    }
  }
}
