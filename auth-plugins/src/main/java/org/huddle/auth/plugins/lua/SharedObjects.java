package org.huddle.auth.plugins.lua;

import java.time.Duration;
import org.huddle.auth.plugins.state.StateUnavailableException;
import org.huddle.xmpp.server.api.Host;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The shared-state objects a plugin opens.
 *
 * <ul>
 *   <li>{@code module:open_store(name)}, as Prosody's storage: {@code store:get(key)} returns the
 *       value or nil, {@code store:set(key, value[, ttl])} stores a string (nil deletes), with an
 *       optional lifetime (seconds or "1 day"). While the shared store is unreachable both return
 *       {@code nil, "unavailable"}, so a plugin decides whether to refuse.
 *   <li>{@code module:open_counter(name, period)}: fixed-window counters, {@code counter:get(key)},
 *       {@code counter:increment(key)} (returns the new count) and {@code counter:reset(key)}. They
 *       keep counting in this process while the shared store is unreachable, so limits hold through
 *       an outage.
 * </ul>
 *
 * Keys are scoped by host and name, so two shards with the same hosts share them.
 */
final class SharedObjects {
  private static final LuaValue UNAVAILABLE = LuaValue.valueOf("unavailable");

  private SharedObjects() {}

  static LuaValue store(PluginServices services, Host host, String name) {
    String prefix = "store:" + host.name() + ":" + name + ":";
    LuaTable t = new LuaTable();
    t.set(
        "get",
        LuaValues.method(
            a -> {
              try {
                return services
                    .get(prefix + a.checkjstring(1))
                    .<LuaValue>map(LuaValue::valueOf)
                    .orElse(LuaValue.NIL);
              } catch (StateUnavailableException e) {
                return LuaValue.varargsOf(LuaValue.NIL, UNAVAILABLE);
              }
            }));
    t.set(
        "set",
        LuaValues.method(
            a -> {
              String key = prefix + a.checkjstring(1);
              LuaValue value = a.arg(2);
              try {
                if (value.isnil()) {
                  services.shared().delete(key);
                } else if (value.isstring()) {
                  Duration ttl =
                      a.isnil(3)
                          ? null
                          : Duration.ofMillis(Math.round(ModuleApi.seconds(a.arg(3), null) * 1000));
                  services.shared().set(key, value.tojstring(), ttl);
                } else {
                  throw new LuaError("a store holds strings");
                }
                return LuaValue.TRUE;
              } catch (StateUnavailableException e) {
                return LuaValue.varargsOf(LuaValue.NIL, UNAVAILABLE);
              }
            }));
    return t;
  }

  static LuaValue counter(PluginServices services, Host host, String name, double periodSeconds) {
    String prefix = "counter:" + host.name() + ":" + name + ":";
    Duration window = Duration.ofMillis(Math.max(1, Math.round(periodSeconds * 1000)));
    LuaTable t = new LuaTable();
    t.set(
        "get", LuaValues.method(a -> LuaValue.valueOf(services.count(prefix + a.checkjstring(1)))));
    t.set(
        "increment",
        LuaValues.method(
            a -> LuaValue.valueOf(services.increment(prefix + a.checkjstring(1), window))));
    t.set(
        "reset",
        LuaValues.method(
            a -> {
              services.reset(prefix + a.checkjstring(1));
              return LuaValue.TRUE;
            }));
    return t;
  }
}
