package org.huddle.auth.plugins;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.huddle.auth.plugins.token.TokenSettings;
import org.huddle.common.config.Settings;
import org.huddle.common.config.Settings.Env;
import org.huddle.xmpp.server.api.Options;

/**
 * The environment variables that override plugin options, with docker-jitsi-meet's names where it
 * has one ({@code JWT_*}, {@code REDIS_URL}) and {@code HUDDLE_*} otherwise. Every option, its
 * default and its variable are documented in {@code huddle-plugins.reference.cfg.lua}; a test keeps
 * that file and this table equal.
 */
public final class PluginSettings {
  private PluginSettings() {}

  /** How a variable's text becomes an option value. */
  enum Type {
    STRING,
    LIST,
    BOOLEAN
  }

  /**
   * The defaults of the options read in Java (the Lua plugins declare their own where they read
   * them). They sit under the server's global options, so a file or the environment overrides them.
   */
  public static final Map<String, Object> DEFAULTS = defaults();

  private static Map<String, Object> defaults() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("plugin_paths", List.of());
    m.put("plugin_instruction_budget", 200_000L);
    m.put("plugin_memory_budget", "16 MiB");
    m.put("plugin_max_string", "1 MiB");
    m.put("redis_key_prefix", "huddle:");
    m.put("redis_timeout", "1 second");
    m.put("redis_retry_interval", "2 seconds");
    m.putAll(TokenSettings.DEFAULTS);
    return java.util.Collections.unmodifiableMap(m);
  }

  /** Variable name to (option name, type). */
  static final Map<String, Map.Entry<String, Type>> VARIABLES = table();

  private static Map<String, Map.Entry<String, Type>> table() {
    Map<String, Map.Entry<String, Type>> m = new LinkedHashMap<>();
    m.put("HUDDLE_PLUGIN_PATHS", Map.entry("plugin_paths", Type.LIST));
    // docker-jitsi-meet-style name first: the later entry wins when both are set.
    m.put("PUBLIC_ROOMS", Map.entry("public_rooms", Type.LIST));
    m.put("HUDDLE_PUBLIC_ROOMS", Map.entry("public_rooms", Type.LIST));
    m.put("HUDDLE_ROOM_POLICY_FILE", Map.entry("room_policy_file", Type.STRING));
    m.put("HUDDLE_PRIVATE_ROOM_PREFIX", Map.entry("private_room_prefix", Type.STRING));
    m.put(
        "HUDDLE_PRIVATE_ROOM_DEFAULT_PASSWORD",
        Map.entry("private_room_default_password", Type.STRING));
    m.put("HUDDLE_OTHER_ROOMS_ACCESS", Map.entry("other_rooms_access", Type.STRING));
    m.put("ENABLE_GUESTS", Map.entry("allow_guests", Type.BOOLEAN));
    m.put("JWT_APP_ID", Map.entry("app_id", Type.STRING));
    m.put("JWT_APP_SECRET", Map.entry("app_secret", Type.STRING));
    m.put("JWT_ACCEPTED_ISSUERS", Map.entry("asap_accepted_issuers", Type.LIST));
    m.put("JWT_ACCEPTED_AUDIENCES", Map.entry("asap_accepted_audiences", Type.LIST));
    m.put("JWT_ASAP_KEYSERVER", Map.entry("asap_key_server", Type.STRING));
    m.put("JWT_ALLOW_EMPTY", Map.entry("allow_empty_token", Type.BOOLEAN));
    m.put("JWT_PUBLIC_KEY_FILE", Map.entry("jwt_public_key_file", Type.STRING));
    m.put("REDIS_URL", Map.entry("redis_url", Type.STRING));
    m.put("HUDDLE_REDIS_KEY_PREFIX", Map.entry("redis_key_prefix", Type.STRING));
    return m;
  }

  /**
   * A host's options as plugins read them: the environment first, then the host's own, then the
   * server's global options, then {@link #DEFAULTS}.
   */
  public static Options forHost(Map<String, Object> environment, Options hostOptions) {
    Options defaults = new Options(DEFAULTS, null);
    Options global =
        hostOptions.parent() == null ? defaults : hostOptions.parent().withParent(defaults);
    return new Options(environment, hostOptions.withParent(global));
  }

  /** The options a room-policy file ({@code room_policy_file}) may set. */
  public static java.util.Set<String> roomPolicyOptions() {
    return RoomPolicyFile.OPTIONS;
  }

  /** Each environment variable and the option it sets. */
  public static Map<String, String> variables() {
    Map<String, String> m = new LinkedHashMap<>();
    VARIABLES.forEach((variable, option) -> m.put(variable, option.getKey()));
    return m;
  }

  /** The options the environment sets; they win over the config file, on every host. */
  public static Map<String, Object> environment(Env env) {
    Map<String, Object> out = new LinkedHashMap<>();
    VARIABLES.forEach(
        (variable, option) ->
            env.get(
                    variable,
                    v ->
                        switch (option.getValue()) {
                          case STRING -> (Object) v;
                          case LIST -> List.copyOf(Settings.list(v));
                          case BOOLEAN -> Settings.bool(v);
                        })
                .ifPresent(v -> out.put(option.getKey(), v)));
    return out;
  }
}
