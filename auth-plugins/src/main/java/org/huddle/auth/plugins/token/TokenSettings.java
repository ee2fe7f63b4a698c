package org.huddle.auth.plugins.token;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.huddle.xmpp.server.api.Options;

/**
 * Reads a host's token options, with the names Prosody's Jitsi token authentication uses ({@code
 * app_id}, {@code app_secret}, {@code asap_key_server}, {@code allow_empty_token}, {@code
 * asap_accepted_issuers}, {@code asap_accepted_audiences}, {@code asap_require_room_claim}) plus
 * Huddle's {@code jwt_public_key_file} for RS256 with a local key.
 */
public final class TokenSettings {
  /** The defaults of the options read here (those without one are required or optional). */
  public static final Map<String, Object> DEFAULTS =
      Map.of(
          "asap_accepted_audiences",
          List.of("*"),
          "asap_require_room_claim",
          true,
          "allow_empty_token",
          false,
          "asap_key_server_timeout",
          "5 seconds",
          "jwt_pubkey_cache_size",
          128L);

  private TokenSettings() {}

  /**
   * The verifier for a host.
   *
   * @throws IllegalArgumentException naming what is missing, when the options do not make one
   */
  public static JwtVerifier verifier(String host, Options o, Clock clock) {
    String appId = o.string("app_id", null);
    if (appId == null || appId.isBlank()) {
      throw new IllegalArgumentException(
          "host " + host + ": token authentication needs app_id (JWT_APP_ID)");
    }
    String secret = o.string("app_secret", null);
    String keyServer = o.string("asap_key_server", null);
    String keyFile = o.string("jwt_public_key_file", null);
    KeySource keys = null;
    if (keyServer != null && !keyServer.isBlank()) {
      keys =
          new KeyServerSource(
              keyServer,
              o.duration(
                  "asap_key_server_timeout", (String) DEFAULTS.get("asap_key_server_timeout")),
              (int)
                  o.number("jwt_pubkey_cache_size", (Long) DEFAULTS.get("jwt_pubkey_cache_size")));
    } else if (keyFile != null && !keyFile.isBlank()) {
      keys = new FileKeySource(Path.of(keyFile));
    }
    boolean hasSecret = secret != null && !secret.isEmpty();
    if (!hasSecret && keys == null) {
      throw new IllegalArgumentException(
          "host "
              + host
              + ": token authentication needs app_secret (JWT_APP_SECRET), asap_key_server"
              + " (JWT_ASAP_KEYSERVER) or jwt_public_key_file (JWT_PUBLIC_KEY_FILE)");
    }
    List<String> issuers = o.list("asap_accepted_issuers");
    List<String> audiences = o.list("asap_accepted_audiences");
    return new JwtVerifier(
        new JwtVerifier.Settings(
            appId,
            hasSecret ? secret.getBytes(StandardCharsets.UTF_8) : null,
            keys,
            issuers.isEmpty() ? List.of(appId) : issuers,
            audiences.isEmpty() ? List.of("*") : audiences,
            o.bool("asap_require_room_claim", (Boolean) DEFAULTS.get("asap_require_room_claim"))),
        clock);
  }

  /** {@code allow_empty_token}: let clients without a token in (as anonymous users). */
  public static boolean allowEmpty(Options o) {
    return o.bool("allow_empty_token", (Boolean) DEFAULTS.get("allow_empty_token"));
  }
}
