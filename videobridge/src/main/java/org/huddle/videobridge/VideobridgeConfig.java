package org.huddle.videobridge;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
      int capturePacketsPerStream) {}

  /** The reference defaults alone. */
  public static VideobridgeConfig defaults() {
    return fromConfig(reference());
  }

  /** Defaults, then the file named by {@value #FILE_VARIABLE}, then the environment. */
  public static VideobridgeConfig fromEnvironment(Settings.Env env) {
    Config file = HoconFiles.named(env, FILE_VARIABLE);
    Config merged = environmentOverrides(env).withFallback(file).withFallback(reference());
    return fromConfig(merged.resolve());
  }

  /** Builds from a HOCON string laid over the defaults (for tests and embedding). */
  public static VideobridgeConfig fromHocon(String hocon) {
    return fromConfig(ConfigFactory.parseString(hocon).withFallback(reference()).resolve());
  }

  private static Config reference() {
    return HoconFiles.reference(VideobridgeConfig.class, "/videobridge-reference.conf");
  }

  private static Config environmentOverrides(Settings.Env env) {
    Map<String, Object> o = new HashMap<>();
    String p = "videobridge.";
    env.get("JVB_OCTO_REGION").ifPresent(v -> o.put(p + "region", v));
    env.get("HUDDLE_JVB_CAPTURE_DIR").ifPresent(v -> o.put(p + "media.capture.dir", v));
    env.get("HUDDLE_JVB_CAPTURE_PACKETS", Integer::parseInt)
        .ifPresent(v -> o.put(p + "media.capture.packets-per-stream", v));
    env.get("JVB_PORT", Integer::parseInt).ifPresent(v -> o.put(p + "ice.udp-port", v));
    env.get("HUDDLE_BIND_ADDRESS")
        .ifPresent(
            v -> {
              o.put(p + "ice.bind-address", v);
              o.put(p + "http.public-host", v);
              // The private REST never widens to every interface by this one: only to one address.
              if (!isWildcard(v)) {
                o.put(p + "http.private-host", v);
              }
            });
    env.get("JVB_REST_BIND_ADDRESS").ifPresent(v -> o.put(p + "http.private-host", v));
    env.get("JVB_REST_TOKEN").ifPresent(v -> o.put(p + "rest.token", v));
    env.get("DOCKER_HOST_ADDRESS").ifPresent(v -> o.put(p + "ice.docker-host-address", v));
    env.get("HUDDLE_JVB_WS_PORT", Integer::parseInt)
        .ifPresent(v -> o.put(p + "http.public-port", v));
    env.get("HUDDLE_JVB_REST_PORT", Integer::parseInt)
        .ifPresent(v -> o.put(p + "http.private-port", v));
    env.get("JVB_TCP_HARVESTER_DISABLED", Settings::bool)
        .ifPresent(v -> o.put(p + "ice.tcp-enabled", !v));
    env.get("JVB_TCP_PORT", Integer::parseInt).ifPresent(v -> o.put(p + "ice.tcp-port", v));
    env.get("JVB_TCP_MAPPED_PORT", Integer::parseInt)
        .ifPresent(v -> o.put(p + "ice.tcp-mapped-port", v));
    env.get("JVB_ADVERTISE_IPS", Settings::list).ifPresent(v -> o.put(p + "ice.advertise-ips", v));
    env.get("JVB_STUN_SERVERS", Settings::list).ifPresent(v -> o.put(p + "ice.stun-servers", v));
    env.get("ENABLE_COLIBRI_WEBSOCKET", Settings::bool)
        .ifPresent(v -> o.put(p + "websockets.enabled", v));
    Optional<String> wsDomain =
        env.get("JVB_WS_DOMAIN").or(() -> env.get("PUBLIC_URL").map(VideobridgeConfig::authority));
    wsDomain.ifPresent(v -> o.put(p + "websockets.domain", v));
    env.get("JVB_WS_SERVER_ID").ifPresent(v -> o.put(p + "websockets.server-id", v));
    env.get("SHUTDOWN_REST_ENABLED", Settings::bool)
        .ifPresent(v -> o.put(p + "rest.shutdown-enabled", v));
    env.get("XMPP_SERVER").ifPresent(v -> o.put(p + "xmpp.host", v));
    env.get("XMPP_PORT", Integer::parseInt).ifPresent(v -> o.put(p + "xmpp.port", v));
    env.get("XMPP_AUTH_DOMAIN").ifPresent(v -> o.put(p + "xmpp.domain", v));
    env.get("JVB_AUTH_USER").ifPresent(v -> o.put(p + "xmpp.username", v));
    env.get("JVB_AUTH_PASSWORD").ifPresent(v -> o.put(p + "xmpp.password", v));
    env.get("JVB_BREWERY_MUC").ifPresent(v -> o.put(p + "xmpp.brewery-muc", v));
    env.get("XMPP_INTERNAL_MUC_DOMAIN").ifPresent(v -> o.put(p + "xmpp.internal-muc-domain", v));
    env.get("JVB_MUC_NICKNAME")
        .or(() -> env.get("HOSTNAME"))
        .ifPresent(v -> o.put(p + "xmpp.nickname", v));
    return ConfigFactory.parseMap(o, "environment");
  }

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
      throw new IllegalArgumentException("PUBLIC_URL: not a URL: " + url, e);
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
            c.getInt("media.capture.packets-per-stream"));
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
