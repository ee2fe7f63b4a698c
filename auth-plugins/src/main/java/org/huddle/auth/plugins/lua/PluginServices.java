package org.huddle.auth.plugins.lua;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.huddle.auth.plugins.state.MemoryState;
import org.huddle.auth.plugins.state.SharedState;
import org.huddle.auth.plugins.state.StateUnavailableException;
import org.huddle.lua.SandboxLimits;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.server.api.Host;
import org.huddle.xmpp.server.api.Options;

/**
 * What every plugin instance shares: the sandbox limits, where files are, the options (with
 * environment overrides), the shared state and its local fallback, the server admins, and the Java
 * libraries plugins may {@code require}.
 *
 * @param limits each call's budget
 * @param library where plugin files are found
 * @param options a host's options as plugins see them (environment first, then host, then global)
 * @param shared room passwords and counters shared between shards
 * @param local what counters use while {@code shared} is unreachable
 * @param admins server admins (bare JIDs): owners of every room, exempt from room policy
 * @param libraries Java libraries by {@code require} name ({@code util.jid}, {@code huddle.jwt})
 */
public record PluginServices(
    SandboxLimits limits,
    PluginLibrary library,
    Function<Host, Options> options,
    SharedState shared,
    MemoryState local,
    Set<Jid> admins,
    Map<String, Function<PluginContext, org.luaj.vm2.LuaValue>> libraries) {

  /** Whether this JID belongs to a server admin. */
  public boolean isAdmin(Jid jid) {
    return jid != null && admins.contains(jid.bare());
  }

  /** Reads shared state, answering "unavailable" as empty-with-a-flag. */
  Optional<String> get(String key) throws StateUnavailableException {
    return shared.get(key);
  }

  /** Counts in shared state, or in this process while shared state is away. */
  long increment(String key, Duration window) {
    try {
      return shared.increment(key, window);
    } catch (StateUnavailableException e) {
      return local.increment(key, window);
    }
  }

  long count(String key) {
    try {
      return Math.max(shared.count(key), local.count(key));
    } catch (StateUnavailableException e) {
      return local.count(key);
    }
  }

  void reset(String key) {
    local.delete(key);
    try {
      shared.delete(key);
    } catch (StateUnavailableException e) {
      // The shared counter expires with its window anyway.
    }
  }

  /** What a Java library sees of the plugin that requires it. */
  public record PluginContext(Host host, String module, Options options) {}
}
