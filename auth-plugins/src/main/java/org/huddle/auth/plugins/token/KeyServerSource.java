package org.huddle.auth.plugins.token;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keys from an ASAP key server, as Jitsi's token authentication fetches them: the PEM at {@code
 * <asap_key_server>/<hex(sha256(kid))>.pem}. Hashing the key id keeps it from choosing the path.
 * Keys are cached (least recently used first out), so a fetch happens once per key id.
 */
public final class KeyServerSource implements KeySource {
  private final String base;
  private final HttpClient http;
  private final Duration timeout;
  private final Map<String, PublicKey> cache;

  public KeyServerSource(String base, Duration timeout, int cacheSize) {
    this.base = base.endsWith("/") ? base : base + "/";
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, PublicKey> eldest) {
            return size() > cacheSize;
          }
        };
  }

  @Override
  public PublicKey key(String kid) throws TokenException {
    if (kid == null || kid.isEmpty()) {
      throw new TokenException("the token has no 'kid' header");
    }
    synchronized (cache) {
      PublicKey cached = cache.get(kid);
      if (cached != null) {
        return cached;
      }
    }
    PublicKey key = fetch(kid);
    synchronized (cache) {
      cache.put(kid, key);
    }
    return key;
  }

  private PublicKey fetch(String kid) throws TokenException {
    URI uri = URI.create(base + HexFormat.of().formatHex(sha256(kid)) + ".pem");
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
      if (r.statusCode() != 200) {
        throw new TokenException("the key server has no key for this token");
      }
      return PemKeys.parse(r.body());
    } catch (IOException e) {
      throw new TokenException("the key server could not be reached");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenException("the key fetch was interrupted");
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
