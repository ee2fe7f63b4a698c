package org.huddle.xmpp.server.config;

import static org.huddle.xmpp.server.api.OptionType.ANY;
import static org.huddle.xmpp.server.api.OptionType.BOOLEAN;
import static org.huddle.xmpp.server.api.OptionType.INTEGER;
import static org.huddle.xmpp.server.api.OptionType.LIST;
import static org.huddle.xmpp.server.api.OptionType.PERIOD;
import static org.huddle.xmpp.server.api.OptionType.RATE;
import static org.huddle.xmpp.server.api.OptionType.SIZE;
import static org.huddle.xmpp.server.api.OptionType.STRING;
import static org.huddle.xmpp.server.api.OptionType.TABLE;
import static org.huddle.xmpp.server.api.OptionType.TABLES;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.huddle.xmpp.server.api.OptionSpec;
import org.huddle.xmpp.server.api.OptionType;

/**
 * The options the XMPP server reads, with their types, and the Prosody and Jitsi options it knows
 * of and ignores. Every option here is parsed at load into one of the typed records ({@link
 * XmppConfig}, {@link HostConfig}); {@code huddle-xmpp.reference.cfg.lua} documents each.
 */
public final class ServerOptions {
  private ServerOptions() {}

  /** The server's own options, by name. */
  public static final Map<String, OptionSpec> READ = read();

  private static Map<String, OptionSpec> read() {
    Map<String, OptionType> m = new LinkedHashMap<>();
    for (String listener : List.of("c2s", "component", "http")) {
      m.put(listener + "_interfaces", LIST);
      m.put(listener + "_ports", LIST);
    }
    m.put("data_path", STRING);
    m.put("io_threads", INTEGER);
    m.put("network_backend", STRING);
    // Security
    m.put("c2s_require_encryption", BOOLEAN);
    m.put("allow_unencrypted_plain_auth", BOOLEAN);
    m.put("ssl", TABLE);
    m.put("scram_iteration_count", INTEGER);
    m.put("auth_failure_free_attempts", INTEGER);
    m.put("auth_failure_window", PERIOD);
    m.put("auth_failure_delay", PERIOD);
    m.put("auth_failure_max_delay", PERIOD);
    // Parser limits and timeouts
    m.put("c2s_stanza_size_limit", SIZE);
    m.put("xml_max_depth", INTEGER);
    m.put("xml_max_attributes", INTEGER);
    m.put("xml_max_stanza_namespaces", INTEGER);
    m.put("xml_max_stream_names", INTEGER);
    m.put("c2s_parse_rate", RATE);
    m.put("c2s_parse_burst", PERIOD);
    m.put("c2s_parse_throttle_limit", PERIOD);
    m.put("c2s_max_outbound", SIZE);
    m.put("c2s_timeout", PERIOD);
    m.put("c2s_ping_interval", PERIOD);
    m.put("c2s_ping_timeout", PERIOD);
    // BOSH and WebSocket
    m.put("bosh_max_wait", PERIOD);
    m.put("bosh_max_hold", INTEGER);
    m.put("bosh_max_inactivity", PERIOD);
    m.put("bosh_max_polling", PERIOD);
    m.put("cross_domain_bosh", BOOLEAN);
    m.put("consider_bosh_secure", BOOLEAN);
    m.put("consider_websocket_secure", BOOLEAN);
    m.put("trusted_proxies", LIST);
    // Per-address limits
    m.put("max_connections_per_ip", INTEGER);
    m.put("max_unauthenticated_per_ip", INTEGER);
    m.put("max_sessions_per_ip", INTEGER);
    m.put("bosh_max_sessions_per_ip", INTEGER);
    m.put("limits", TABLE);
    m.put("unlimited_jids", LIST);
    m.put("component_max_failed_handshakes", INTEGER);
    m.put("component_failed_handshake_window", PERIOD);
    m.put("connection_log_interval", PERIOD);
    // Stream management
    m.put("smacks_hibernation_time", PERIOD);
    m.put("smacks_max_queue_size", INTEGER);
    // External services
    m.put("external_services", TABLES);
    m.put("external_service_secret", STRING);
    m.put("external_service_ttl", PERIOD);
    m.put("focus_jids", LIST);
    // Hosts and modules
    m.put("admins", LIST);
    m.put("modules_enabled", LIST);
    m.put("modules_disabled", LIST);
    m.put("authentication", STRING);
    m.put("component_secret", STRING);
    // MUC
    m.put("muc_room_locking", BOOLEAN);
    m.put("restrict_room_creation", ANY);
    m.put("muc_max_occupants", INTEGER);
    m.put("muc_room_default_public", BOOLEAN);
    m.put("muc_room_default_persistent", BOOLEAN);
    m.put("muc_room_default_members_only", BOOLEAN);
    m.put("muc_room_default_moderated", BOOLEAN);
    m.put("muc_room_default_public_jids", BOOLEAN);
    m.put("muc_room_default_change_subject", BOOLEAN);
    m.put("muc_room_default_history_length", INTEGER);
    // Jitsi's components: what a component watches, and what each VirtualHost's users discover
    m.put("muc_component", STRING);
    m.put("main_muc", STRING);
    m.put("muc_lobby_knock_limit", INTEGER);
    m.put("muc_lobby_knock_window", PERIOD);
    // XEP-0363 file sharing (Component "upload.<domain>" "http_file_share")
    m.put("http_file_share_size_limit", SIZE);
    m.put("http_file_share_meeting_quota", SIZE);
    m.put("http_file_share_secret", STRING);
    m.put("http_file_share_base_url", STRING);
    m.put("http_file_share_allocation_url", STRING);
    m.put("http_file_share_allocation_timeout", PERIOD);
    for (ComponentOptions.Kind k : ComponentOptions.KINDS) {
      m.put(k.option(), STRING);
    }
    Map<String, OptionSpec> specs = new LinkedHashMap<>();
    m.forEach((name, type) -> specs.put(name, OptionSpec.of(name, type)));
    return java.util.Collections.unmodifiableMap(specs);
  }

  /**
   * Options of Prosody, its community modules and Jitsi's configs (docker-jitsi-meet's
   * prosody.cfg.lua and jitsi-meet.cfg.lua) that Huddle accepts and ignores: a Jitsi config loads
   * unchanged. Names here are never taken for misspellings.
   */
  public static final Set<String> IGNORED =
      Set.of(
          // Prosody's server-wide settings
          "pidfile",
          "daemonize",
          "log",
          "gc",
          "use_libevent",
          "network_settings",
          "unbound",
          "storage",
          "default_storage",
          "sql",
          "archive_expires_after",
          "allow_registration",
          "certificates",
          "contact_info",
          "server_info",
          "disco_items",
          "disco_hidden",
          "statistics",
          "statistics_interval",
          "openmetrics_allow_ips",
          "openmetrics_allow_cidr",
          "interfaces",
          "local_interfaces",
          "external_addresses",
          "c2s_close_timeout",
          "c2s_tcp_keepalives",
          "c2s_direct_tls_ports",
          "c2s_direct_tls_interfaces",
          "legacy_ssl_ports",
          "legacy_ssl_interfaces",
          "tls_profile",
          "component_secure_ports",
          // Server-to-server, which Huddle does not speak
          "s2s_ports",
          "s2s_interfaces",
          "s2s_require_encryption",
          "s2s_secure_auth",
          "s2s_insecure_domains",
          "s2s_secure_domains",
          "s2s_whitelist",
          "s2sout_override",
          "s2s_timeout",
          "s2s_stanza_size_limit",
          "s2s_direct_tls_ports",
          // HTTP
          "https_ports",
          "https_interfaces",
          "https_ssl",
          "http_default_host",
          "http_host",
          "http_external_url",
          "http_paths",
          "http_cors_override",
          "http_max_content_size",
          "http_max_buffer_size",
          "cross_domain_websocket",
          "bosh_max_requests",
          "websocket_frame_buffer_limit",
          "websocket_frame_fragment_limit",
          // Stream management, beyond the queue and hibernation Huddle reads
          "smacks_max_unacked_stanzas",
          "smacks_max_ack_delay",
          "smacks_max_hibernated_sessions",
          "smacks_max_old_sessions",
          // Authentication back ends Huddle does not have
          "cyrus_application_name",
          "cyrus_service_name",
          "ldap_server",
          "ldap_base",
          "ldap_rootdn",
          "ldap_password",
          "ldap_filter",
          "ldap_tls",
          "enable_domain_verification",
          "cache_keys_url",
          // MUC options of Prosody's mod_muc that Huddle does not implement
          "max_history_messages",
          "muc_room_cache_size",
          "muc_room_lock_timeout",
          "muc_tombstones",
          "muc_tombstone_expiry",
          "muc_room_default_language",
          "muc_room_default_allow_member_invites",
          "muc_max_nick_length",
          "muc_log_by_default",
          "muc_log_all_rooms",
          "muc_log_expires_after",
          "component_admins_as_room_owners",
          // Older TURN modules (Huddle reads external_services)
          "turncredentials",
          "turncredentials_secret",
          "turncredentials_host",
          "turncredentials_port",
          "turncredentials_ttl",
          // Jitsi's Prosody modules
          "room_metadata_component",
          "polls_component",
          "muc_mapper_domain_base",
          "muc_mapper_domain_prefix",
          "recorder_prefixes",
          "transcriber_prefixes",
          "muc_lobby_whitelist",
          "muc_access_whitelist",
          "muc_filter_whitelist",
          "muc_password_whitelist",
          "muc_wait_for_host_timeout",
          "wait_for_host_disable_auto_owners",
          "target_address",
          "shard_name",
          "region_name",
          "release_number",
          // Prosody's mod_http_file_share options Huddle does not read here: the web role's
          // sweeper keeps files for HUDDLE_FILE_SHARE_EXPIRES_AFTER, and quotas are per meeting
          "http_file_share_expires_after",
          "http_file_share_daily_quota",
          "http_file_share_global_quota",
          "http_file_share_access",
          "http_file_share_allowed_file_types",
          "http_file_share_safe_file_types");
}
