package org.huddle.web.site;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Login sessions of the admin and organizer pages: an opaque random token (256 bits) per login,
 * kept in this process's memory for {@link #TTL}. A restart logs everyone out, which the pages
 * survive by asking for the password again.
 */
final class Sessions {
  static final Duration TTL = Duration.ofHours(8);
  private static final int MAX = 10_000;

  private record Session(Principal who, long expiresAt) {}

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final LongSupplier nanos;

  Sessions(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** A new session for {@code who}; its token goes into the cookie. */
  String open(Principal who) {
    long now = nanos.getAsLong();
    if (sessions.size() >= MAX) {
      sessions.values().removeIf(s -> s.expiresAt() - now <= 0);
      if (sessions.size() >= MAX) {
        throw new IllegalStateException("too many sessions");
      }
    }
    byte[] b = new byte[32];
    random.nextBytes(b);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    sessions.put(token, new Session(who, now + TTL.toNanos()));
    return token;
  }

  /** Who the token belongs to, or null when it is unknown or expired. */
  Principal who(String token) {
    if (token == null) {
      return null;
    }
    Session s = sessions.get(token);
    if (s == null) {
      return null;
    }
    if (s.expiresAt() - nanos.getAsLong() <= 0) {
      sessions.remove(token, s);
      return null;
    }
    return s.who();
  }

  /** Ends one session; returns who it was, or null. */
  Principal close(String token) {
    Session s = token == null ? null : sessions.remove(token);
    return s == null ? null : s.who();
  }

  /** Ends every session of an account (removed, or its password or role changed). */
  void closeAll(String name) {
    sessions.values().removeIf(s -> !s.who().token() && s.who().name().equals(name));
  }
}
