package org.huddle.xmpp.server.limits;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.huddle.xmpp.server.config.XmppConfig;

/**
 * The limits' settings, typed, from the config's {@link XmppConfig.PerAddress} (defaults, file,
 * environment already applied). Every option and its default is in {@code
 * huddle-xmpp.reference.cfg.lua}.
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

  /** The limits the config was loaded with; the admins are the default {@code unlimited_jids}. */
  public static LimitSettings from(XmppConfig config) {
    XmppConfig.PerAddress p = config.perAddress();
    Map<Limit, Integer> caps = new EnumMap<>(Limit.class);
    caps.put(Limit.CONNECTIONS, p.maxConnections());
    caps.put(Limit.UNAUTHENTICATED, p.maxUnauthenticated());
    caps.put(Limit.SESSIONS, p.maxSessions());
    caps.put(Limit.BOSH_SESSIONS, p.maxBoshSessions());
    caps.put(Limit.COMPONENT_HANDSHAKES, p.maxFailedHandshakes());
    return new LimitSettings(
        caps,
        p.bytesPerSecond(),
        p.burst(),
        Set.copyOf(p.unlimitedJids().orElse(config.admins())),
        p.failedHandshakeWindow(),
        p.logInterval());
  }

  /** The cap for a limit; 0 means none. */
  public int cap(Limit limit) {
    return caps.getOrDefault(limit, 0);
  }
}
