package org.huddle.auth.plugins.lua;

import java.util.Locale;
import org.huddle.xmpp.server.api.EventType;
import org.huddle.xmpp.server.api.Host;
import org.huddle.xmpp.server.api.Phase;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * Turns the event names and priorities plugins write as strings into the server's typed events and
 * phases. An unknown name is an error at load time, pointing at the plugin's line, rather than a
 * hook that silently never runs.
 */
final class EventNames {
  private EventNames() {}

  /** The host's event with this name; the server knows which names exist. */
  static EventType<?> resolve(Host host, String name) {
    try {
      return host.event(name);
    } catch (IllegalArgumentException e) {
      throw new LuaError(e.getMessage());
    }
  }

  /**
   * The phase for {@code module:hook}'s third argument: a phase name ({@code "guard"}, {@code
   * "policy"}, {@code "default"}, {@code "fallback"}), or a Prosody priority, where higher runs
   * earlier: above 0 is {@link Phase#GUARD}, 0 (the default) {@link Phase#POLICY}, below 0 {@link
   * Phase#FALLBACK}.
   */
  static Phase phase(LuaValue priority) {
    if (priority.isnil()) {
      return Phase.POLICY;
    }
    if (priority.isnumber()) {
      double p = priority.todouble();
      return p > 0 ? Phase.GUARD : p < 0 ? Phase.FALLBACK : Phase.POLICY;
    }
    String name = priority.checkjstring().toUpperCase(Locale.ROOT);
    try {
      return Phase.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new LuaError(
          "unknown hook phase '" + priority.tojstring() + "' (guard, policy, default, fallback)");
    }
  }
}
