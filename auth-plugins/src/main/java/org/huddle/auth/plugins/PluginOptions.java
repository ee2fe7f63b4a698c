package org.huddle.auth.plugins;

import static org.huddle.xmpp.server.api.OptionType.BOOLEAN;
import static org.huddle.xmpp.server.api.OptionType.INTEGER;
import static org.huddle.xmpp.server.api.OptionType.LIST;
import static org.huddle.xmpp.server.api.OptionType.PERIOD;
import static org.huddle.xmpp.server.api.OptionType.SIZE;
import static org.huddle.xmpp.server.api.OptionType.STRING;
import static org.huddle.xmpp.server.api.OptionType.TABLE;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.huddle.lua.SandboxLimits;
import org.huddle.xmpp.server.api.OptionSpec;
import org.huddle.xmpp.server.api.Options;

/**
 * The extension's server-wide options, read once at install: the plugin folders, the sandbox's
 * budgets, the room-policy file and the shared state. {@link #DECLARED} lists every option the
 * extension and its shipped plugins read, with its type, so that the server checks them at start.
 *
 * @param pluginPaths {@code plugin_paths}: folders searched before the shipped plugins
 * @param sandbox {@code plugin_instruction_budget}, {@code plugin_memory_budget}, {@code
 *     plugin_max_string}
 * @param roomPolicyFile {@code room_policy_file}, when set
 * @param redisUrl {@code redis_url}, when set: shared state in Redis, else in this process
 * @param redisKeyPrefix {@code redis_key_prefix}
 * @param redisTimeout {@code redis_timeout}
 * @param redisRetryInterval {@code redis_retry_interval}
 */
public record PluginOptions(
    List<Path> pluginPaths,
    SandboxLimits sandbox,
    Optional<Path> roomPolicyFile,
    Optional<String> redisUrl,
    String redisKeyPrefix,
    Duration redisTimeout,
    Duration redisRetryInterval) {
  public PluginOptions {
    pluginPaths = List.copyOf(pluginPaths);
  }

  /**
   * Every option read in Java here and in the shipped Lua plugins, with its type. A test keeps it
   * equal to {@code huddle-plugins.reference.cfg.lua}.
   */
  public static final List<OptionSpec> DECLARED =
      List.of(
          OptionSpec.of("plugin_paths", LIST),
          OptionSpec.of("plugin_instruction_budget", INTEGER),
          OptionSpec.of("plugin_memory_budget", SIZE),
          OptionSpec.of("plugin_max_string", SIZE),
          OptionSpec.of("redis_url", STRING),
          OptionSpec.of("redis_key_prefix", STRING),
          OptionSpec.of("redis_timeout", PERIOD),
          OptionSpec.of("redis_retry_interval", PERIOD),
          OptionSpec.of("room_policy_file", STRING),
          // token authentication (TokenSettings)
          OptionSpec.of("app_id", STRING),
          OptionSpec.of("app_secret", STRING),
          OptionSpec.of("asap_key_server", STRING),
          OptionSpec.of("jwt_public_key_file", STRING),
          OptionSpec.of("asap_accepted_issuers", LIST),
          OptionSpec.of("asap_accepted_audiences", LIST),
          OptionSpec.of("asap_require_room_claim", BOOLEAN),
          OptionSpec.of("allow_empty_token", BOOLEAN),
          OptionSpec.of("asap_key_server_timeout", PERIOD),
          OptionSpec.of("jwt_pubkey_cache_size", INTEGER),
          // the shipped plugins (module:get_option_* in plugins/*.lua)
          OptionSpec.of("public_rooms", LIST),
          OptionSpec.of("private_room_prefix", STRING),
          OptionSpec.of("private_room_passwords", TABLE),
          OptionSpec.of("private_room_default_password", STRING),
          OptionSpec.of("private_room_max_failures", INTEGER),
          OptionSpec.of("private_room_failure_window", PERIOD),
          OptionSpec.of("private_room_password_ttl", PERIOD),
          OptionSpec.of("other_rooms_access", STRING),
          OptionSpec.of("allow_guests", BOOLEAN),
          OptionSpec.of("token_verification_allowlist", LIST));

  /** Reads the options (the environment and {@link PluginSettings#DEFAULTS} already under them). */
  public static PluginOptions from(Options o) {
    return new PluginOptions(
        o.list("plugin_paths").stream().map(Path::of).toList(),
        new SandboxLimits(
            o.number("plugin_instruction_budget", 0),
            o.bytes("plugin_memory_budget", null),
            o.bytes("plugin_max_string", null)),
        Optional.ofNullable(o.string("room_policy_file", null))
            .filter(f -> !f.isBlank())
            .map(Path::of),
        Optional.ofNullable(o.string("redis_url", null)).filter(u -> !u.isBlank()),
        o.string("redis_key_prefix", null),
        o.duration("redis_timeout", null),
        o.duration("redis_retry_interval", null));
  }
}
