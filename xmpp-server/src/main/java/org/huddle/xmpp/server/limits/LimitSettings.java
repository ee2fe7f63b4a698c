package org.huddle.xmpp.server.limits;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.huddle.common.config.Settings;
import org.huddle.xmpp.server.api.Options;

/**
 * The limits' settings, typed, read from the server's global options (defaults, file, environment
 * already applied). Every option and its default is in {@code huddle-xmpp.reference.cfg.lua}.
 *
 * @param caps the most of each kind one address may hold; 0 means no cap
 * @param bytesPerSecond {@code limits.c2s.rate}: bytes a client connection may send per second
 *     before the server stops reading from it for a while (0: no limit)
 * @param burst {@code limits.c2s.burst}: how much may arrive at once, as time at the rate
 * @param unlimitedJids {@code unlimited_jids} (Prosody's mod_limits_exception): accounts whose
 *     connections have no byte rate once logged in; by default the admins (the focus and the
 *     bridge)
 * @param componentHandshakeWindow how long failed component handshakes count
 * @param logInterval {@code connection_log_interval}: how often connection activity is summed up at
 *     INFO (zero: never)
 */
public record LimitSettings(
    Map<Limit, Integer> caps,
    long bytesPerSecond,
    Duration burst,
    Set<String> unlimitedJids,
    Duration componentHandshakeWindow,
    Duration logInterval) {

  public LimitSettings {
    caps = Map.copyOf(caps);
    unlimitedJids = Set.copyOf(unlimitedJids);
  }

  /** Reads the options; {@code admins} are the default {@code unlimited_jids}. */
  public static LimitSettings from(Options o, List<String> admins) {
    Map<Limit, Integer> caps = new EnumMap<>(Limit.class);
    for (Limit l : Limit.values()) {
      caps.put(l, (int) o.number(l.option(), 0));
    }
    Map<String, Object> c2s = c2sLimits(o);
    Object rate = c2s.get("rate");
    Object burst = c2s.get("burst");
    return new LimitSettings(
        caps,
        rate == null ? 0 : rate(rate.toString()),
        burst == null
            ? Duration.ofSeconds(2)
            : burst instanceof Number n
                ? Duration.ofMillis(Math.round(n.doubleValue() * 1000))
                : Settings.duration(burst.toString()),
        Set.copyOf(o.raw("unlimited_jids") == null ? admins : o.list("unlimited_jids")),
        o.duration("component_failed_handshake_window", "1 minute"),
        o.duration("connection_log_interval", "1 minute"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> c2sLimits(Options o) {
    Object c2s = o.table("limits").get("c2s");
    return c2s instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** A rate as Prosody writes it: {@code "10kb/s"}, {@code "512 KiB/s"}; bytes per second. */
  static long rate(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (!s.endsWith("/s")) {
      throw new IllegalArgumentException(
          "option limits: not a rate: '" + text + "' (try \"10kb/s\")");
    }
    return Settings.bytes(s.substring(0, s.length() - 2).trim());
  }

  /** The cap for a limit; 0 means none. */
  public int cap(Limit limit) {
    return caps.getOrDefault(limit, 0);
  }
}
