package org.huddle.auth.plugins.lua;

import java.util.Optional;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * {@code require} inside the sandbox: the Java libraries the host provides ({@code util.jid},
 * {@code huddle.jwt}), then Lua files in the plugin folders and among the shipped plugins, never
 * anything else. A library runs once per plugin version, inside that version's budget, and the file
 * joins the files whose change reloads the plugin.
 */
final class Requires {
  private Requires() {}

  static LuaValue require(
      PluginVersion version,
      PluginServices services,
      PluginServices.PluginContext context,
      String name) {
    LuaValue cached = version.required().get(name);
    if (cached != null) {
      return cached;
    }
    var builtin = services.libraries().get(name);
    if (builtin != null) {
      LuaValue lib = builtin.apply(context);
      version.required().put(name, lib);
      return lib;
    }
    return library(version, services, name, false);
  }

  /** A Lua library file; {@code moduleRequire} is Prosody's {@code module:require} lookup. */
  static LuaValue library(
      PluginVersion version, PluginServices services, String name, boolean moduleRequire) {
    String cacheKey = (moduleRequire ? "module:" : "") + name;
    LuaValue cached = version.required().get(cacheKey);
    if (cached != null) {
      return cached;
    }
    Optional<PluginLibrary.Source> source = services.library().library(name, moduleRequire);
    if (source.isEmpty()) {
      throw new LuaError("module '" + name + "' not found in the plugin folders");
    }
    version.addFile(source.get().file());
    version.required().put(cacheKey, LuaValue.TRUE); // a cycle sees true, as Lua's require does
    LuaValue chunk = version.sandbox().compile(source.get().text(), source.get().name());
    LuaValue result = chunk.call(LuaValue.valueOf(name));
    LuaValue value = result.isnil() ? LuaValue.TRUE : result;
    version.required().put(cacheKey, value);
    return value;
  }
}
