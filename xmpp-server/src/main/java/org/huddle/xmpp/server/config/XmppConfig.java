package org.huddle.xmpp.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huddle.xmpp.codec.ParserLimits;
import org.huddle.xmpp.server.api.LuaConfigReader;
import org.huddle.xmpp.server.api.Options;

/**
 * Everything the XMPP server role is configured with, typed and immutable. Built by {@link
 * XmppConfigLoader} from defaults, then an optional Prosody-style file, then the environment; every
 * default and its environment variable is documented in {@code huddle-xmpp.reference.cfg.lua}.
 *
 * @param c2s client connections (RFC 6120), {@code c2s_interfaces}/{@code c2s_ports}
 * @param component external components (XEP-0114), {@code component_interfaces}/{@code
 *     component_ports}
 * @param http BOSH, WebSocket, health and metrics, {@code http_interfaces}/{@code http_ports}
 * @param dataPath where accounts and generated certificates live ({@code data_path})
 * @param security encryption and authentication policy
 * @param limits what one connection may make the server hold
 * @param timeouts when silent connections are probed and closed
 * @param bosh BOSH and WebSocket on the HTTP port
 * @param streamManagement how dropped sessions wait to be resumed (XEP-0198)
 * @param perAddress what one client address may hold (Prosody's mod_limits and connection limits)
 * @param externalServices the global STUN/TURN servers (XEP-0215); each host has its own view
 * @param hosts virtual hosts and components, in declaration order
 * @param accounts accounts to create or update at start (focus, bridge and health check)
 * @param admins server-wide admins, owners in every MUC room ({@code admins})
 * @param global the raw global options, for Lua plugins, which read options by name
 * @param file the config file as written, for the option check at start ({@link OptionCheck})
 */
public record XmppConfig(
    Listener c2s,
    Listener component,
    Listener http,
    Path dataPath,
    Security security,
    Limits limits,
    Timeouts timeouts,
    Bosh bosh,
    StreamManagement streamManagement,
    PerAddress perAddress,
    ExternalServiceOptions externalServices,
    List<HostConfig> hosts,
    List<AccountSeed> accounts,
    List<String> admins,
    Options global,
    File file) {

  public XmppConfig {
    hosts = List.copyOf(hosts);
    accounts = List.copyOf(accounts);
    admins = List.copyOf(admins);
  }

  /**
   * How the network threads wait for sockets: {@code network_backend}, "epoll" (the default) or
   * "nio" (docs/xmpp-server.md, "Threading").
   */
  public String networkBackend() {
    return global.string("network_backend", "epoll");
  }

  /**
   * The network threads ({@code io_threads}, 0 for one per available core). Netty's own default is
   * two per core; one per core serves the same load with fewer hand-offs between threads, and each
   * hand-off to a sleeping thread costs it a wake-up (docs/xmpp-server.md, "Threading").
   *
   * @throws IllegalArgumentException for a count below 0 or above 1024
   */
  public int ioThreads() {
    long n = global.number("io_threads", 0);
    if (n < 0 || n > 1024) {
      throw new IllegalArgumentException("io_threads must be 0 (one per core) to 1024, not " + n);
    }
    return n == 0 ? Runtime.getRuntime().availableProcessors() : (int) n;
  }

  /**
   * An address and port to listen on; port 0 picks a free port (tests), a negative port disables
   * the listener.
   */
  public record Listener(String address, int port) {
    public boolean enabled() {
      return port >= 0;
    }
  }

  /**
   * @param requireEncryption {@code c2s_require_encryption}: no authentication before STARTTLS
   * @param allowUnencryptedPlain {@code allow_unencrypted_plain_auth}: offer PLAIN without TLS
   * @param certificate a PEM certificate chain, or empty to generate a self-signed one at first
   *     start
   * @param key the PEM private key for {@code certificate}
   * @param scramIterations PBKDF2 iterations for newly stored passwords
   * @param authFreeFailures failed logins from one address answered without delay
   * @param authFailureWindow how long failures are remembered
   * @param authFailureDelay the delay after the free failures, doubled each time
   * @param authFailureMaxDelay the longest delay
   */
  public record Security(
      boolean requireEncryption,
      boolean allowUnencryptedPlain,
      Optional<Path> certificate,
      Optional<Path> key,
      int scramIterations,
      int authFreeFailures,
      Duration authFailureWindow,
      Duration authFailureDelay,
      Duration authFailureMaxDelay) {}

  /**
   * @param parser stanza size, depth and attribute limits
   * @param maxOutboundBytes queued output per connection beyond which a slow reader is disconnected
   */
  public record Limits(ParserLimits parser, long maxOutboundBytes) {}

  /**
   * @param authentication how long a connection may take to authenticate ({@code c2s_timeout})
   * @param pingInterval silence after which the server pings the client (XEP-0199)
   * @param pingTimeout how long it then waits for any reply before closing
   */
  public record Timeouts(Duration authentication, Duration pingInterval, Duration pingTimeout) {}

  /**
   * @param maxWait {@code bosh_max_wait}: the longest a request is held
   * @param maxHold {@code bosh_max_hold}: requests held at once
   * @param maxInactivity {@code bosh_max_inactivity}: a session with no request open this long ends
   * @param maxPolling {@code bosh_max_polling}: the shortest interval between empty requests
   * @param crossDomain {@code cross_domain_bosh}: CORS headers on /http-bind
   * @param considerSecure {@code consider_bosh_secure} or {@code consider_websocket_secure}: TLS
   *     ends at a proxy in front
   * @param trustedProxies {@code trusted_proxies}: CIDR ranges or host names whose forwarded
   *     headers to believe
   */
  public record Bosh(
      Duration maxWait,
      int maxHold,
      Duration maxInactivity,
      Duration maxPolling,
      boolean crossDomain,
      boolean considerSecure,
      List<String> trustedProxies) {
    public Bosh {
      trustedProxies = List.copyOf(trustedProxies);
    }
  }

  /**
   * @param hibernationTime {@code smacks_hibernation_time}: how long a dropped session waits
   * @param maxQueueSize {@code smacks_max_queue_size}: unacknowledged stanzas kept per session
   */
  public record StreamManagement(Duration hibernationTime, int maxQueueSize) {}

  /**
   * Caps are the most one address may hold; 0 means no cap.
   *
   * @param maxConnections {@code max_connections_per_ip}
   * @param maxUnauthenticated {@code max_unauthenticated_per_ip}
   * @param maxSessions {@code max_sessions_per_ip}
   * @param maxBoshSessions {@code bosh_max_sessions_per_ip}
   * @param maxFailedHandshakes {@code component_max_failed_handshakes}
   * @param failedHandshakeWindow {@code component_failed_handshake_window}
   * @param bytesPerSecond {@code limits.c2s.rate}; 0: no limit
   * @param burst {@code limits.c2s.burst}, as time at the rate
   * @param unlimitedJids {@code unlimited_jids}, when set (else the admins)
   * @param logInterval {@code connection_log_interval}
   */
  public record PerAddress(
      int maxConnections,
      int maxUnauthenticated,
      int maxSessions,
      int maxBoshSessions,
      int maxFailedHandshakes,
      Duration failedHandshakeWindow,
      long bytesPerSecond,
      Duration burst,
      Optional<List<String>> unlimitedJids,
      Duration logInterval) {}

  /**
   * The config file's own options, as written, before defaults and the environment.
   *
   * @param name the file's path, or a name for config text
   * @param global its options outside any section
   * @param sections its VirtualHost and Component sections
   */
  public record File(
      String name, Map<String, Object> global, List<LuaConfigReader.Section> sections) {
    public File {
      global = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(global));
      sections = List.copyOf(sections);
    }

    static File none() {
      return new File("(no config file)", Map.of(), List.of());
    }
  }

  /** An account to create, or whose password to set, at start. */
  public record AccountSeed(String host, String user, String password) {}

  /** The host with this name, if configured. */
  public Optional<HostConfig> host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
  }
}
