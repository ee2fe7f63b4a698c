package org.huddle.xmpp.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.huddle.xmpp.codec.ParserLimits;
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
 * @param hosts virtual hosts and components, in declaration order
 * @param accounts accounts to create or update at start (focus, bridge and health check)
 * @param admins server-wide admins, owners in every MUC room ({@code admins})
 * @param global the raw global options, for plugins and features that read their own
 */
public record XmppConfig(
    Listener c2s,
    Listener component,
    Listener http,
    Path dataPath,
    Security security,
    Limits limits,
    Timeouts timeouts,
    List<HostConfig> hosts,
    List<AccountSeed> accounts,
    List<String> admins,
    Options global) {

  public XmppConfig {
    hosts = List.copyOf(hosts);
    accounts = List.copyOf(accounts);
    admins = List.copyOf(admins);
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

  /** An account to create, or whose password to set, at start. */
  public record AccountSeed(String host, String user, String password) {}

  /** The host with this name, if configured. */
  public Optional<HostConfig> host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
  }
}
