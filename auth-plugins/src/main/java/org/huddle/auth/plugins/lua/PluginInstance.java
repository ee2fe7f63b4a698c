package org.huddle.auth.plugins.lua;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.huddle.lua.Sandbox;
import org.huddle.lua.SandboxLimits;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.EventType;
import org.huddle.xmpp.server.api.Events;
import org.huddle.xmpp.server.api.Host;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.MucEvents.Decision;
import org.huddle.xmpp.server.api.MucEvents.OccupantEvent;
import org.huddle.xmpp.server.api.MucEvents.RoomEvent;
import org.huddle.xmpp.server.api.Options;
import org.huddle.xmpp.server.api.Phase;
import org.huddle.xmpp.server.api.StanzaEvent;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin enabled on one host: loads it, hooks its handlers into the host's events, runs them in
 * the sandbox, and swaps in a new version when its files change.
 *
 * <p>Hooks go through one dispatcher per (event, phase); the dispatcher calls whatever version is
 * current, so a reload swaps every handler at once with a single write. Registrations are added for
 * events the new version hooks before the swap, and removed for events it no longer hooks after, so
 * no event passes between two versions unseen.
 *
 * <p>Failing closed: a handler that raises an error, runs past its budget or overflows the stack
 * refuses the action it was asked about (a join, a room creation, a configuration, a stanza) with a
 * generic {@code internal-server-error}, and the log names the file and line. A plugin that cannot
 * be loaded at all refuses room joins and creations on its host (server admins excepted) until a
 * good version loads.
 */
final class PluginInstance {
  private static final Logger LOG = LoggerFactory.getLogger(PluginInstance.class);
  static final String POLICY_ERROR = "the room policy failed; try again later";
  private static final String BROKEN = "the room policy is unavailable; try again later";

  private final Host host;
  private final String name;
  private final PluginServices services;
  private final Logger pluginLog;
  private final Map<PluginVersion.HookKey, Events.Registration> registrations = new HashMap<>();
  private volatile PluginVersion current;
  private volatile String lastError;
  private volatile Instant loadedAt;
  private volatile int generation;

  PluginInstance(Host host, String name, PluginServices services) {
    this.host = host;
    this.name = name;
    this.services = services;
    this.pluginLog = LoggerFactory.getLogger("huddle.plugin." + name);
  }

  Host host() {
    return host;
  }

  String name() {
    return name;
  }

  /** Loads the plugin for the first time; if that fails, the host fails closed. */
  synchronized void start() {
    Optional<PluginLibrary.Source> source = services.library().module(name);
    if (source.isEmpty()) {
      return; // not a Lua plugin (Prosody's own modules are listed in the same option)
    }
    try {
      activate(load(source.get()));
      LOG.info("plugin {} loaded on {} from {}", name, host.name(), source.get().origin());
    } catch (PluginLoadException e) {
      lastError = e.getMessage();
      activate(PluginVersion.broken(source.get(), e.getMessage(), refusing()));
      LOG.error(
          "plugin {} on {} could not be loaded: {}; refusing room joins on {} until it loads",
          name,
          host.name(),
          e.getMessage(),
          host.name());
    }
  }

  /** Loads the plugin again after a change; if that fails, the current version stays. */
  synchronized void reload() {
    Optional<PluginLibrary.Source> source = services.library().module(name);
    PluginVersion was = current;
    if (source.isEmpty()) {
      if (was != null) {
        LOG.warn("plugin {} on {}: its file is gone; the loaded version stays", name, host.name());
      }
      return;
    }
    try {
      activate(load(source.get()));
      lastError = null;
      LOG.info("plugin {} reloaded on {} from {}", name, host.name(), source.get().origin());
    } catch (PluginLoadException e) {
      lastError = e.getMessage();
      LOG.warn(
          "plugin {} on {} was not reloaded: {}; {}",
          name,
          host.name(),
          e.getMessage(),
          was == null || was.broken()
              ? "it still refuses room joins"
              : "the previous version keeps running");
    } finally {
      generation++;
    }
  }

  /** Whether a change to this file (added, edited, removed) concerns this plugin. */
  boolean affectedBy(Path changed) {
    PluginVersion v = current;
    if (v != null && v.files().contains(changed)) {
      return true;
    }
    Path now = services.library().moduleFile(name);
    Path was = v == null || v.source() == null ? null : v.source().file();
    return !Objects.equals(now, was) || (v == null && now != null);
  }

  PluginStatus status() {
    PluginVersion v = current;
    String state = v == null ? "absent" : v.broken() ? "broken" : "loaded";
    return new PluginStatus(
        host.name(),
        name,
        state,
        v == null || v.source() == null ? null : v.source().origin(),
        lastError,
        loadedAt,
        generation);
  }

  private PluginVersion load(PluginLibrary.Source source) throws PluginLoadException {
    Sandbox sandbox = new Sandbox(services.limits());
    PluginVersion version = PluginVersion.loading(sandbox, source);
    // Options are read at each load: a reload after a room-policy file change sees the new ones.
    Options options = services.options().apply(host);
    ModuleApi.install(version, services, host, name, options, pluginLog);
    try {
      LuaValue chunk = sandbox.compile(source.text(), source.name());
      sandbox.run(SandboxLimits.LOAD_SCALE, () -> chunk.call(LuaValue.valueOf(name)));
    } catch (LuaError e) {
      throw new PluginLoadException(Sandbox.describe(e));
    } catch (Sandbox.BudgetExceeded e) {
      throw new PluginLoadException(e.getMessage() + " while loading");
    } catch (StackOverflowError e) {
      throw new PluginLoadException(source.name() + ": stack overflow while loading");
    } catch (RuntimeException e) {
      throw new PluginLoadException(source.name() + ": " + e);
    }
    version.freeze();
    return version;
  }

  private void activate(PluginVersion next) {
    for (PluginVersion.HookKey key : next.hooks().keySet()) {
      registrations.computeIfAbsent(key, this::register);
    }
    current = next;
    loadedAt = Instant.now();
    registrations
        .entrySet()
        .removeIf(
            e -> {
              if (next.hooks().containsKey(e.getKey())) {
                return false;
              }
              e.getValue().close();
              return true;
            });
  }

  @SuppressWarnings("unchecked")
  private Events.Registration register(PluginVersion.HookKey key) {
    EventType<Object> type = (EventType<Object>) key.type();
    return host.events().on(type, key.phase(), event -> dispatch(key, event));
  }

  /** Removes every hook (at shutdown). */
  synchronized void stop() {
    registrations.values().forEach(Events.Registration::close);
    registrations.clear();
  }

  private boolean dispatch(PluginVersion.HookKey key, Object event) {
    PluginVersion v = current;
    if (v == null) {
      return false;
    }
    if (v.broken()) {
      return refuseWhileBroken(event);
    }
    List<LuaValue> handlers = v.hooks(key);
    if (handlers == null) {
      return false;
    }
    for (LuaValue handler : handlers) {
      Varargs result;
      try {
        result = v.sandbox().run(1, () -> handler.invoke(EventView.of(event)));
      } catch (LuaError e) {
        return failClosed(key, event, Sandbox.describe(e));
      } catch (Sandbox.BudgetExceeded e) {
        return failClosed(key, event, e.getMessage());
      } catch (StackOverflowError e) {
        return failClosed(key, event, v.source().name() + ": stack overflow");
      } catch (RuntimeException e) {
        return failClosed(key, event, v.source().name() + ": " + e);
      }
      if (event instanceof Decision d && d.denied()) {
        return true;
      }
      if (!result.arg1().isnil()) {
        // As in Prosody, a value ends the chain; for an action that can be refused, ending it
        // without saying why must not let the action through past the remaining checks.
        if (event instanceof Decision d && refusable(key.type())) {
          d.deny(Condition.NOT_ALLOWED, null);
        }
        return true;
      }
    }
    return false;
  }

  private static boolean refusable(EventType<?> type) {
    return type != MucEvents.ROOM_CREATED
        && type != MucEvents.ROOM_DESTROYED
        && type != MucEvents.OCCUPANT_JOINED
        && type != MucEvents.OCCUPANT_LEFT
        && type != MucEvents.SET_ROLE;
  }

  private boolean failClosed(PluginVersion.HookKey key, Object event, String where) {
    boolean refused = false;
    if (event instanceof Decision d && refusable(key.type())) {
      d.deny(Condition.INTERNAL_SERVER_ERROR, POLICY_ERROR);
      refused = true;
    } else if (event instanceof StanzaEvent s) {
      s.error(Condition.INTERNAL_SERVER_ERROR, POLICY_ERROR);
      refused = true;
    }
    LOG.warn(
        "plugin {} on {} failed in {}: {}{}",
        name,
        host.name(),
        key.type().name(),
        where,
        refused ? "; the action was refused" : "");
    return refused;
  }

  private boolean refuseWhileBroken(Object event) {
    if (event instanceof OccupantEvent e) {
      if (services.isAdmin(e.occupant().realJid())) {
        return false;
      }
      e.deny(Condition.INTERNAL_SERVER_ERROR, BROKEN);
      return true;
    }
    if (event instanceof RoomEvent e) {
      if (e.origin() != null && services.isAdmin(e.origin().jid())) {
        return false;
      }
      e.deny(Condition.INTERNAL_SERVER_ERROR, BROKEN);
      return true;
    }
    return false;
  }

  private static List<PluginVersion.HookKey> refusing() {
    return List.of(
        new PluginVersion.HookKey(MucEvents.ROOM_PRE_CREATE, Phase.GUARD),
        new PluginVersion.HookKey(MucEvents.OCCUPANT_PRE_JOIN, Phase.GUARD));
  }

  /** A plugin could not be loaded: the message names the file and line. */
  static final class PluginLoadException extends Exception {
    PluginLoadException(String message) {
      super(message);
    }
  }
}
