package org.huddle.auth.plugins;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.huddle.auth.plugins.lua.JidLibrary;
import org.huddle.auth.plugins.lua.PluginHost;
import org.huddle.auth.plugins.lua.PluginLibrary;
import org.huddle.auth.plugins.lua.PluginServices;
import org.huddle.auth.plugins.lua.PluginStatus;
import org.huddle.auth.plugins.state.MemoryState;
import org.huddle.auth.plugins.state.RedisState;
import org.huddle.auth.plugins.state.SharedState;
import org.huddle.auth.plugins.token.JwtLibrary;
import org.huddle.auth.plugins.token.JwtVerifier;
import org.huddle.auth.plugins.token.TokenAuthProvider;
import org.huddle.auth.plugins.token.TokenSettings;
import org.huddle.common.config.Settings.Env;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.server.api.Host;
import org.huddle.xmpp.server.api.OptionSpec;
import org.huddle.xmpp.server.api.Options;
import org.huddle.xmpp.server.api.ServerContext;
import org.huddle.xmpp.server.api.ServerExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room policy plugins in Lua, token authentication and shared state, as one server extension.
 *
 * <p>Installing it:
 *
 * <ul>
 *   <li>loads, for every host, the Lua plugins its {@code modules_enabled} names, from the plugin
 *       folders ({@code pluginDirectory}, then {@code plugin_paths}) and from the plugins shipped
 *       in this jar, and reloads them when their files change;
 *   <li>provides {@code authentication = "token"} (JWT, as Jitsi's token authentication);
 *   <li>with {@code room_policy_file}, takes the room plugins' options from that file, and reloads
 *       the plugins when it changes;
 *   <li>with {@code REDIS_URL}, keeps shared state (room passwords, attempt counters) in Redis, so
 *       that shards agree; otherwise in this process.
 * </ul>
 *
 * Every setting is in {@code huddle-plugins.reference.cfg.lua}; environment variables override the
 * config file.
 */
public final class LuaPlugins implements ServerExtension {
  private static final Logger LOG = LoggerFactory.getLogger(LuaPlugins.class);

  private final Path pluginDirectory;
  private final Env env;
  private final Clock clock;
  private volatile PluginHost host;

  private LuaPlugins(Path pluginDirectory, Env env, Clock clock) {
    this.pluginDirectory = pluginDirectory;
    this.env = env;
    this.clock = clock;
  }

  /** The shipped plugins (and {@code plugin_paths}), with the process environment. */
  public static LuaPlugins extension() {
    return new LuaPlugins(null, Env.system(), Clock.systemUTC());
  }

  /** Plugins from this folder first, then {@code plugin_paths}, then the shipped ones. */
  public static LuaPlugins extension(Path pluginDirectory) {
    return new LuaPlugins(pluginDirectory, Env.system(), Clock.systemUTC());
  }

  /** As {@link #extension(Path)}, with the given environment (null folder: none). */
  public static LuaPlugins extension(Path pluginDirectory, Env env) {
    return new LuaPlugins(pluginDirectory, env, Clock.systemUTC());
  }

  /** As {@link #extension(Path, Env)}, with a clock for token times (tests). */
  public static LuaPlugins extension(Path pluginDirectory, Env env, Clock clock) {
    return new LuaPlugins(pluginDirectory, env, clock);
  }

  /** The options the extension and its shipped plugins read, checked by the server at start. */
  @Override
  public List<OptionSpec> options() {
    return PluginOptions.DECLARED;
  }

  @Override
  public void install(ServerContext context) throws Exception {
    Map<String, Object> overrides = PluginSettings.environment(env);
    PluginOptions global =
        PluginOptions.from(
            PluginSettings.forHost(overrides, new Options(Map.of(), context.options())));
    RoomPolicyFile policy =
        global.roomPolicyFile().isPresent()
            ? RoomPolicyFile.open(global.roomPolicyFile().get())
            : null;
    // Read at each plugin load, so a reload after a policy file change sees the new values.
    Function<Host, Options> options =
        h -> PluginSettings.forHost(withPolicy(overrides, policy), h.options());

    JwtLibrary jwt = new JwtLibrary();
    context.authProvider(
        "token",
        h -> {
          Options o = PluginSettings.forHost(overrides, h.options());
          JwtVerifier verifier = TokenSettings.verifier(h.name(), o, clock);
          jwt.register(h.name(), verifier);
          return new TokenAuthProvider(verifier, TokenSettings.allowEmpty(o), context.blocking());
        });

    SharedState shared = sharedState(global);
    context.onClose(shared);

    Set<Jid> admins = new LinkedHashSet<>();
    for (String a : context.admins()) {
      Jid j = Jid.ofOrNull(a);
      if (j != null) {
        admins.add(j.bare());
      }
    }
    PluginServices services =
        new PluginServices(
            global.sandbox(),
            new PluginLibrary(folders(global), LuaPlugins.class.getClassLoader()),
            options,
            shared,
            new MemoryState(clock, 100_000),
            Set.copyOf(admins),
            Map.of("util.jid", c -> JidLibrary.create(), "huddle.jwt", c -> jwt.create()));
    PluginHost started = PluginHost.start(context, services);
    context.onClose(started);
    host = started;
    if (policy != null) {
      policy.watch(context.timer(), context.blocking(), started::reloadAll);
      context.onClose(policy);
    }
  }

  /** The room-policy file's options win over the environment's (and so over every file's). */
  private static Map<String, Object> withPolicy(
      Map<String, Object> environment, RoomPolicyFile policy) {
    if (policy == null || policy.options().isEmpty()) {
      return environment;
    }
    Map<String, Object> m = new java.util.LinkedHashMap<>(environment);
    m.putAll(policy.options());
    return m;
  }

  /** Every plugin's state on every host (loaded, broken, absent), for health reports and tests. */
  public List<PluginStatus> status() {
    PluginHost h = host;
    return h == null ? List.of() : h.status();
  }

  private List<Path> folders(PluginOptions global) {
    List<Path> folders = new ArrayList<>();
    if (pluginDirectory != null) {
      folders.add(pluginDirectory);
    }
    folders.addAll(global.pluginPaths());
    return folders;
  }

  private SharedState sharedState(PluginOptions global) {
    if (global.redisUrl().isEmpty()) {
      return new MemoryState(clock, 100_000);
    }
    RedisState redis =
        RedisState.connect(
            global.redisUrl().get(),
            global.redisKeyPrefix(),
            global.redisTimeout(),
            global.redisRetryInterval(),
            clock);
    LOG.info("shared state: {}", redis.describe());
    if (!redis.ping()) {
      LOG.warn("shared state: {} does not answer yet; carrying on", redis.describe());
    }
    return redis;
  }
}
