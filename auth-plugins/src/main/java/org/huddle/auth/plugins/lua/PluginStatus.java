package org.huddle.auth.plugins.lua;

import java.time.Instant;

/**
 * How one plugin stands on one host.
 *
 * @param host the host it is enabled on
 * @param module its name in {@code modules_enabled}
 * @param state {@code loaded}; {@code broken} (it never loaded, and room joins on the host are
 *     refused); or {@code absent} (no Lua file has that name: one of Prosody's own module names)
 * @param origin the file it was loaded from, or {@code shipped <name>}
 * @param lastError why the last load or reload failed, or null
 * @param loadedAt when the current version was put in place
 * @param reloadAttempts how many reloads were tried since start
 */
public record PluginStatus(
    String host,
    String module,
    String state,
    String origin,
    String lastError,
    Instant loadedAt,
    int reloadAttempts) {}
