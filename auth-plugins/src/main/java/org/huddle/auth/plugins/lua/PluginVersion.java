package org.huddle.auth.plugins.lua;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.huddle.lua.Sandbox;
import org.huddle.xmpp.server.api.EventType;
import org.huddle.xmpp.server.api.Phase;
import org.luaj.vm2.LuaValue;

/**
 * One loaded version of a plugin on one host: its Lua state, the hooks its file added, and the
 * files it read (the plugin and what it required), which decide when it is reloaded. A version is
 * built while the file runs, then frozen and swapped in whole.
 *
 * <p>A broken version stands in when a plugin could not be loaded at all: it has no Lua state and
 * refuses room joins, since the policy it was meant to apply is unknown.
 */
final class PluginVersion {
  /** A hook's place: which event, in which phase. */
  record HookKey(EventType<?> type, Phase phase) {}

  private final Sandbox sandbox;
  private final PluginLibrary.Source source;
  private final Map<HookKey, List<LuaValue>> hooks = new LinkedHashMap<>();
  private final Set<Path> files = new LinkedHashSet<>();
  private final Map<String, LuaValue> required = new HashMap<>();
  private final String brokenReason;
  private boolean frozen;

  private PluginVersion(Sandbox sandbox, PluginLibrary.Source source, String brokenReason) {
    this.sandbox = sandbox;
    this.source = source;
    this.brokenReason = brokenReason;
    if (source != null && source.file() != null) {
      files.add(source.file());
    }
  }

  static PluginVersion loading(Sandbox sandbox, PluginLibrary.Source source) {
    return new PluginVersion(sandbox, source, null);
  }

  /** A stand-in that refuses what the plugin would have decided on. */
  static PluginVersion broken(PluginLibrary.Source source, String reason, List<HookKey> refusing) {
    PluginVersion v = new PluginVersion(null, source, reason);
    refusing.forEach(k -> v.hooks.put(k, List.of()));
    v.frozen = true;
    return v;
  }

  Sandbox sandbox() {
    return sandbox;
  }

  PluginLibrary.Source source() {
    return source;
  }

  boolean broken() {
    return brokenReason != null;
  }

  String brokenReason() {
    return brokenReason;
  }

  void addHook(HookKey key, LuaValue function) {
    if (frozen) {
      throw new org.luaj.vm2.LuaError("module:hook is called while the plugin loads, not later");
    }
    hooks.computeIfAbsent(key, k -> new ArrayList<>()).add(function);
  }

  void addFile(Path file) {
    if (file != null) {
      files.add(file);
    }
  }

  /** What {@code require} already returned in this version, by name. */
  Map<String, LuaValue> required() {
    return required;
  }

  void freeze() {
    frozen = true;
  }

  Map<HookKey, List<LuaValue>> hooks() {
    return Collections.unmodifiableMap(hooks);
  }

  List<LuaValue> hooks(HookKey key) {
    return hooks.get(key);
  }

  Set<Path> files() {
    return Collections.unmodifiableSet(files);
  }
}
