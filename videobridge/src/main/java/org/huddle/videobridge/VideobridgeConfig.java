package org.huddle.videobridge;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.huddle.common.config.EnvTable;
import org.huddle.common.config.HoconFiles;
import org.huddle.common.config.Settings;

/**
 * The videobridge's settings, immutable and typed. Built from the defaults in {@code
 * videobridge-reference.conf}, then an optional HOCON file, then the environment (docker-jitsi-meet
 * names). Every default is documented in that reference file.
 *
 * @param region free-form region announced to the focus
 * @param version version string in presence and REST
 * @param ice media transport settings
 * @param http listener addresses
 * @param webSockets how colibri-ws URLs are advertised
 * @param rest REST control settings
 * @param xmpp the control connection
 * @param media forwarding and RTCP settings
 * @param conferenceEmptyTimeout how long an empty conference lives
 */
public record VideobridgeConfig(
    String region,
    String version,
    Ice ice,
    Http http,
    WebSockets webSockets,
    Rest rest,
    Xmpp xmpp,
    Media media,
    Duration conferenceEmptyTimeout) {

  /** The environment variable naming an optional config file. */
  public static final String FILE_VARIABLE = "HUDDLE_VIDEOBRIDGE_CONFIG";

  /**
   * @param udpPort the shared UDP port (0 picks a free one)
   * @param bindAddress where UDP and TCP bind; 0.0.0.0 means all non-loopback interfaces
   * @param tcpEnabled the ICE-TCP fallback
   * @param tcpPort its port (0 picks a free one)
   * @param tcpMappedPort a port forwarded to {@code tcpPort}, advertised beside it; 0 for none
   * @param dockerHostAddress the Docker host's address, advertised like {@code advertiseIps}; ""
   *     for none
   * @param advertiseIps public addresses the first local address is mapped to
   * @param stunServers STUN servers for address discovery, host:port
   * @param consentTimeout silence after which an endpoint is dropped
   */
  public record Ice(
      int udpPort,
      String bindAddress,
      boolean tcpEnabled,
      int tcpPort,
      int tcpMappedPort,
      String dockerHostAddress,
      List<String> advertiseIps,
      List<String> stunServers,
      Duration consentTimeout) {
    /**
     * Every configured public address: the Docker host's first, as docker-jitsi-meet orders them.
     */
    public List<String> advertised() {
      List<String> all = new java.util.ArrayList<>();
      if (!dockerHostAddress.isBlank()) {
        all.add(dockerHostAddress.trim());
      }
      advertiseIps.stream().map(String::trim).filter(a -> !a.isEmpty()).forEach(all::add);
      return List.copyOf(all);
    }
  }

  /** Listener addresses; port 0 picks a free port. */
  public record Http(String publicHost, int publicPort, String privateHost, int privatePort) {}

  /** How colibri-ws URLs are built: {@code ws[s]://<domain>/colibri-ws/<serverId>/...}. */
  public record WebSockets(boolean enabled, String domain, boolean tls, String serverId) {}

  /**
   * REST control.
   *
   * @param shutdownEnabled whether POST /colibri/shutdown exists
   * @param gracefulShutdownMaxDuration how long a graceful shutdown waits for conferences
   * @param token the bearer token state-changing calls need; "" refuses them all
   */
  public record Rest(boolean shutdownEnabled, Duration gracefulShutdownMaxDuration, String token) {
    @Override
    public String toString() {
      return "Rest[shutdownEnabled="
          + shutdownEnabled
          + ", token="
          + (token.isEmpty() ? "" : "***")
          + "]";
    }
  }

  /** STARTTLS policy of the XMPP connection. */
  public enum XmppTls {
    DISABLED,
    OPTIONAL,
    REQUIRED
  }

  /** The XMPP control connection, generic enough for any XMPP server. */
  public record Xmpp(
      boolean enabled,
      String host,
      int port,
      String domain,
      String username,
      String password,
      String breweryMuc,
      String internalMucDomain,
      String nickname,
      XmppTls tls,
      boolean disableCertificateVerification,
      Duration presenceInterval,
      Duration reconnectDelay) {
    /** The brewery room's bare JID. */
    public String breweryJid() {
      return breweryMuc + "@" + internalMucDomain;
    }
  }

  /** Forwarding, RTCP and load settings. */
  public record Media(
      int defaultLastN,
      long initialBandwidthBps,
      long minBandwidthBps,
      Duration keyframeRequestInterval,
      Duration retransmissionCacheDuration,
      int queueCapacity,
      Duration rtcpReportInterval,
      Duration transportCcInterval,
      Duration dominantSpeakerInterval,
      Duration dominantSpeakerHold,
      double loadThresholdPacketRate,
      String captureDir,
      int capturePacketsPerStream,
      Duration layerHold) {}

  /** The reference defaults alone. */
  public static VideobridgeConfig defaults() {
    return fromConfig(reference());
  }

  /** Defaults, then the file named by {@value #FILE_VARIABLE}, then the environment. */
  public static VideobridgeConfig fromEnvironment(Settings.Env env) {
    Config file = HoconFiles.named(env, FILE_VARIABLE);
    Config merged = ENVIRONMENT.apply(env).withFallback(file).withFallback(reference());
    return fromConfig(merged.resolve());
  }

  /** Builds from a HOCON string laid over the defaults (for tests and embedding). */
  public static VideobridgeConfig fromHocon(String hocon) {
    return fromConfig(ConfigFactory.parseString(hocon).withFallback(reference()).resolve());
  }

  static Config reference() {
    return HoconFiles.reference(VideobridgeConfig.class, "/videobridge-reference.conf");
  }

  /**
   * The bridge's environment variables, with docker-jitsi-meet's names for jitsi-videobridge where
   * it has them (docs/videobridge.md lists each with its default).
   */
  static final EnvTable ENVIRONMENT =
      EnvTable.builder("videobridge.")
          .text("JVB_OCTO_REGION", "region")
          .text("HUDDLE_JVB_CAPTURE_DIR", "media.capture.dir")
          .integer("HUDDLE_JVB_CAPTURE_PACKETS", "media.capture.packets-per-stream")
          .text("HUDDLE_JVB_LAYER_HOLD", "media.layer-hold")
          .integer("JVB_PORT", "ice.udp-port")
          .rule(
              List.of("HUDDLE_BIND_ADDRESS"),
              List.of("ice.bind-address", "http.public-host", "http.private-host"),
              (env, keys) ->
                  env.get("HUDDLE_BIND_ADDRESS")
                      .ifPresent(
                          v -> {
                            keys.put("ice.bind-address", v);
                            keys.put("http.public-host", v);
                            // The private REST never widens to every interface by this one.
                            if (!isWildcard(v)) {
                              keys.put("http.private-host", v);
                            }
                          }))
          .text("JVB_REST_BIND_ADDRESS", "http.private-host")
          .text("JVB_REST_TOKEN", "rest.token")
          .text("DOCKER_HOST_ADDRESS", "ice.docker-host-address")
          .integer("HUDDLE_JVB_WS_PORT", "http.public-port")
          .integer("HUDDLE_JVB_REST_PORT", "http.private-port")
          .value("JVB_TCP_HARVESTER_DISABLED", Settings::bool, off -> !off, "ice.tcp-enabled")
          .integer("JVB_TCP_PORT", "ice.tcp-port")
          .integer("JVB_TCP_MAPPED_PORT", "ice.tcp-mapped-port")
          .list("JVB_ADVERTISE_IPS", "ice.advertise-ips")
          .list("JVB_STUN_SERVERS", "ice.stun-servers")
          .bool("ENABLE_COLIBRI_WEBSOCKET", "websockets.enabled")
          // The public URL's host and port, unless JVB_WS_DOMAIN names them.
          .rule(
              List.of("JVB_WS_DOMAIN", "PUBLIC_URL"),
              List.of("websockets.domain"),
              (env, keys) ->
                  env.get("JVB_WS_DOMAIN")
                      .or(() -> env.get("PUBLIC_URL", VideobridgeConfig::authority))
                      .ifPresent(v -> keys.put("websockets.domain", v)))
          .text("JVB_WS_SERVER_ID", "websockets.server-id")
          .bool("SHUTDOWN_REST_ENABLED", "rest.shutdown-enabled")
          .text("XMPP_SERVER", "xmpp.host")
          .integer("XMPP_PORT", "xmpp.port")
          .text("XMPP_AUTH_DOMAIN", "xmpp.domain")
          .text("JVB_AUTH_USER", "xmpp.username")
          .text("JVB_AUTH_PASSWORD", "xmpp.password")
          .text("JVB_BREWERY_MUC", "xmpp.brewery-muc")
          .text("XMPP_INTERNAL_MUC_DOMAIN", "xmpp.internal-muc-domain")
          // The container's host name, unless JVB_MUC_NICKNAME names the bridge.
          .text("HOSTNAME", "xmpp.nickname")
          .text("JVB_MUC_NICKNAME", "xmpp.nickname")
          .build();

  private static boolean isWildcard(String address) {
    String a = address.trim();
    return a.isEmpty() || a.equals("0.0.0.0") || a.equals("::") || a.equals("[::]");
  }

  /** "https://meet.example.com:8443/" becomes "meet.example.com:8443". */
  static String authority(String url) {
    try {
      String a = URI.create(url.trim()).getAuthority();
      return a == null ? url : a;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + url, e);
    }
  }

  private static Duration duration(Config c, String path) {
    return Settings.duration(c.getString(path));
  }

  private static VideobridgeConfig fromConfig(Config root) {
    Config c = root.getConfig("videobridge");
    Ice ice =
        new Ice(
            c.getInt("ice.udp-port"),
            c.getString("ice.bind-address"),
            c.getBoolean("ice.tcp-enabled"),
            c.getInt("ice.tcp-port"),
            c.getInt("ice.tcp-mapped-port"),
            c.getString("ice.docker-host-address"),
            List.copyOf(c.getStringList("ice.advertise-ips")),
            List.copyOf(c.getStringList("ice.stun-servers")),
            duration(c, "ice.consent-timeout"));
    Http http =
        new Http(
            c.getString("http.public-host"),
            c.getInt("http.public-port"),
            c.getString("http.private-host"),
            c.getInt("http.private-port"));
    WebSockets ws =
        new WebSockets(
            c.getBoolean("websockets.enabled"),
            c.getString("websockets.domain"),
            c.getBoolean("websockets.tls"),
            c.getString("websockets.server-id"));
    Rest rest =
        new Rest(
            c.getBoolean("rest.shutdown-enabled"),
            duration(c, "rest.graceful-shutdown-max-duration"),
            c.getString("rest.token"));
    Xmpp xmpp =
        new Xmpp(
            c.getBoolean("xmpp.enabled"),
            c.getString("xmpp.host"),
            c.getInt("xmpp.port"),
            c.getString("xmpp.domain"),
            c.getString("xmpp.username"),
            c.getString("xmpp.password"),
            c.getString("xmpp.brewery-muc"),
            c.getString("xmpp.internal-muc-domain"),
            c.getString("xmpp.nickname"),
            XmppTls.valueOf(c.getString("xmpp.tls").toUpperCase(java.util.Locale.ROOT)),
            c.getBoolean("xmpp.disable-certificate-verification"),
            duration(c, "xmpp.presence-interval"),
            duration(c, "xmpp.reconnect-delay"));
    Media media =
        new Media(
            c.getInt("media.default-last-n"),
            c.getLong("media.initial-bandwidth"),
            c.getLong("media.min-bandwidth"),
            duration(c, "media.keyframe-request-interval"),
            duration(c, "media.retransmission-cache-duration"),
            c.getInt("media.queue-capacity"),
            duration(c, "media.rtcp-report-interval"),
            duration(c, "media.transport-cc-interval"),
            duration(c, "media.dominant-speaker-interval"),
            duration(c, "media.dominant-speaker-hold"),
            c.getDouble("media.load-threshold-packet-rate"),
            c.getString("media.capture.dir"),
            c.getInt("media.capture.packets-per-stream"),
            duration(c, "media.layer-hold"));
    return new VideobridgeConfig(
        c.getString("region"),
        c.getString("version"),
        ice,
        http,
        ws,
        rest,
        xmpp,
        media,
        duration(c, "conference.empty-timeout"));
  }
}
