package org.huddle.focus;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.huddle.common.config.EnvTable;
import org.huddle.common.config.HoconFiles;
import org.huddle.common.config.Settings;

/**
 * The focus's settings, immutable and typed: the defaults of {@code focus-reference.conf}, then an
 * optional HOCON file ({@value #FILE_VARIABLE}), then the environment, with docker-jitsi-meet's
 * jicofo names where they exist. Every default is documented in that reference file.
 *
 * @param xmpp the client connection ({@code focus@auth.<domain>/focus})
 * @param component the XEP-0114 component connection ({@code focus.<domain>}), when a secret is set
 * @param bridge the brewery, health checks and bridge selection
 * @param conference participant and session rules
 * @param codec what the offer carries
 * @param http the HTTP listener
 * @param health whether /about/health also requires an operational bridge
 * @param authentication who may start a conference, and who waits for a host
 */
public record FocusConfig(
    Xmpp xmpp,
    Component component,
    Bridge bridge,
    Conference conference,
    Codec codec,
    Http http,
    boolean health,
    Authentication authentication) {

  /** The environment variable naming an optional config file. */
  public static final String FILE_VARIABLE = "HUDDLE_FOCUS_CONFIG";

  /** STARTTLS policy of the client connection. */
  public enum Tls {
    DISABLED,
    OPTIONAL,
    REQUIRED
  }

  /** The client connection. */
  public record Xmpp(
      String host,
      int port,
      String domain,
      String xmppDomain,
      String username,
      String password,
      String conferenceMucDomain,
      Tls tls,
      boolean disableCertificateVerification,
      Duration replyTimeout,
      Duration reconnectDelay,
      Duration readyWait) {
    /** The component and client-proxy address, {@code focus.<xmpp-domain>}. */
    public String focusDomain() {
      return "focus." + xmppDomain;
    }

    /**
     * The breakout rooms' MUC service, {@code breakout.<xmpp-domain>}: docker-jitsi-meet's Prosody
     * config fixes that address, and Jicofo focuses breakout rooms as it does meetings.
     */
    public String breakoutMucDomain() {
      return "breakout." + xmppDomain;
    }

    /** The focus's bare JID, lower case as in the conference IQ's {@code focusjid}. */
    public String focusJid() {
      return (username + "@" + domain).toLowerCase(Locale.ROOT);
    }
  }

  /** The XEP-0114 component; enabled when the secret is not empty. */
  public record Component(String host, int port, String secret) {
    public boolean enabled() {
      return !secret.isEmpty();
    }
  }

  /** Bridge selection strategies by their configured names. */
  public enum Strategy {
    LEAST_LOADED,
    REGION,
    SPLIT,
    HTTP,
    LUA;

    /** Reads our names and Jicofo's class names. */
    public static Strategy parse(String name) {
      String n = name.trim();
      int dot = n.lastIndexOf('.');
      n = (dot >= 0 ? n.substring(dot + 1) : n).toLowerCase(Locale.ROOT);
      return switch (n) {
        case "least-loaded", "leastloaded", "singlebridgeselectionstrategy" -> LEAST_LOADED;
        case "region", "regionbasedbridgeselectionstrategy", "intraregionbridgeselectionstrategy" ->
            REGION;
        case "split", "splitbridgeselectionstrategy" -> SPLIT;
        case "http", "allocation-hook" -> HTTP;
        case "lua" -> LUA;
        default ->
            throw new IllegalArgumentException(
                "unknown bridge selection strategy '"
                    + name
                    + "' (least-loaded, region, split, http, lua)");
      };
    }
  }

  /** The brewery, health checks and selection. */
  public record Bridge(
      String breweryJid,
      Strategy strategy,
      double stressThreshold,
      int maxBridgeParticipants,
      String localRegion,
      List<List<String>> regionGroups,
      Duration failureResetThreshold,
      boolean healthChecks,
      Duration healthInterval,
      Duration healthTimeout,
      String allocationUrl,
      Duration allocationTimeout,
      String luaScript,
      long luaInstructionBudget,
      Duration selectionRetryInterval) {}

  /** Participant and session rules. */
  public record Conference(
      int minParticipants,
      Duration initialTimeout,
      Duration singleParticipantTimeout,
      Duration sessionAcceptTimeout,
      int maxSsrcsPerUser,
      int maxSsrcGroupsPerUser,
      boolean stripSimulcast,
      boolean autoOwner,
      boolean jsonSources,
      Duration restartMinInterval,
      int restartMaxRequests,
      Duration restartInterval,
      int capsCacheSize) {}

  /**
   * A video codec as Jicofo configures one ({@code jicofo.codec.video.<name>}).
   *
   * @param name the encoding name as offered: AV1, VP8, H264 or VP9
   * @param enabled offered at all; a payload type of 0 or less turns it off too, as in Jicofo
   * @param pt its payload type
   * @param rtxPt its RTX payload type; 0 or less offers no RTX for it
   * @param remb whether its payload type carries {@code goog-remb} for a participant that gets REMB
   *     rather than transport-cc
   */
  public record VideoCodec(String name, boolean enabled, int pt, int rtxPt, boolean remb) {
    public VideoCodec {
      enabled = enabled && pt > 0;
    }

    public boolean hasRtx() {
      return enabled && rtxPt > 0;
    }
  }

  /** The video codecs the focus knows, in Jicofo's offer order (its default order). */
  public static final List<String> VIDEO_CODECS = List.of("AV1", "VP8", "H264", "VP9");

  /**
   * The offer's codecs and header extension ids (0 leaves an extension out).
   *
   * @param video every known video codec, enabled or not, in the configured offer order
   */
  public record Codec(
      int opusPt,
      int opusMinptime,
      boolean opusFec,
      boolean opusRed,
      int opusRedPt,
      boolean telephoneEvent,
      int telephoneEventPt,
      List<VideoCodec> video,
      int audioLevelId,
      int midId,
      int transportCcId,
      int absSendTimeId,
      int av1DependencyDescriptorId,
      int videoLayersAllocationId) {
    public Codec {
      video = List.copyOf(video);
    }

    /** The enabled video codecs, in offer order. */
    public List<VideoCodec> offeredVideo() {
      return video.stream().filter(VideoCodec::enabled).toList();
    }

    /** A video codec by name (AV1, VP8, H264, VP9; any case). */
    public VideoCodec video(String name) {
      return video.stream()
          .filter(v -> v.name().equalsIgnoreCase(name))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no video codec " + name));
    }

    public VideoCodec vp8() {
      return video("VP8");
    }

    public VideoCodec vp9() {
      return video("VP9");
    }

    public VideoCodec h264() {
      return video("H264");
    }

    public VideoCodec av1() {
      return video("AV1");
    }
  }

  /** How users sign in: accounts (Jicofo's XMPP domain authentication) or tokens. */
  public enum AuthType {
    INTERNAL,
    JWT;

    /** docker-jitsi-meet's AUTH_TYPE. */
    public static AuthType parse(String name) {
      return switch (name.trim().toLowerCase(Locale.ROOT)) {
        case "internal" -> INTERNAL;
        case "jwt" -> JWT;
        default ->
            throw new IllegalArgumentException(
                "unknown authentication type '" + name + "' (AUTH_TYPE: internal, jwt)");
      };
    }
  }

  /**
   * Who may start a conference (Jicofo's authentication, with docker-jitsi-meet's variables).
   *
   * @param enabled only signed-in users start conferences
   * @param type accounts or tokens (clients are told {@code externalAuth} for tokens)
   * @param guests whether guests join a conference a signed-in user has joined; else only the
   *     public rooms
   * @param publicRooms rooms anyone starts and joins, as the room policy's {@code public_rooms}
   */
  public record Authentication(
      boolean enabled, AuthType type, boolean guests, List<String> publicRooms) {}

  /** The HTTP listener; port 0 picks a free one. */
  public record Http(String host, int port) {}

  /** The reference defaults alone. */
  public static FocusConfig defaults() {
    return fromConfig(reference());
  }

  /** Defaults, then the file named by {@value #FILE_VARIABLE}, then these variables. */
  public static FocusConfig fromEnvironment(Map<String, String> env) {
    return fromEnvironment(Settings.Env.of(env));
  }

  /** Defaults, then the file named by {@value #FILE_VARIABLE}, then the environment. */
  public static FocusConfig fromEnvironment(Settings.Env env) {
    Config file = HoconFiles.named(env, FILE_VARIABLE);
    return fromConfig(
        ENVIRONMENT.apply(env).withFallback(file).withFallback(reference()).resolve());
  }

  /** Builds from a HOCON string laid over the defaults (tests and embedding). */
  public static FocusConfig fromHocon(String hocon) {
    return fromConfig(ConfigFactory.parseString(hocon).withFallback(reference()).resolve());
  }

  static Config reference() {
    return HoconFiles.reference(FocusConfig.class, "/focus-reference.conf");
  }

  /**
   * The focus's environment variables, with docker-jitsi-meet's names for Jicofo where it has them
   * (docs/focus.md lists each with its default).
   */
  static final EnvTable ENVIRONMENT = environmentTable();

  private static EnvTable environmentTable() {
    EnvTable.Builder t =
        EnvTable.builder("focus.")
            .text("XMPP_SERVER", "xmpp.host", "component.host")
            .integer("XMPP_PORT", "xmpp.port")
            .integer("XMPP_COMPONENT_PORT", "component.port")
            .text("XMPP_AUTH_DOMAIN", "xmpp.domain")
            .text("XMPP_DOMAIN", "xmpp.xmpp-domain")
            .text("XMPP_MUC_DOMAIN", "xmpp.conference-muc-domain")
            .text("JICOFO_AUTH_USER", "xmpp.username")
            .text("JICOFO_AUTH_PASSWORD", "xmpp.password")
            .text("JICOFO_COMPONENT_SECRET", "component.secret")
            .rule(
                List.of("JVB_BREWERY_MUC", "XMPP_INTERNAL_MUC_DOMAIN"),
                List.of("bridge.brewery-jid"),
                (env, keys) -> {
                  if (env.get("JVB_BREWERY_MUC").isPresent()
                      || env.get("XMPP_INTERNAL_MUC_DOMAIN").isPresent()) {
                    keys.put(
                        "bridge.brewery-jid",
                        env.get("JVB_BREWERY_MUC").orElse("jvbbrewery")
                            + "@"
                            + env.get("XMPP_INTERNAL_MUC_DOMAIN")
                                .orElse("internal-muc.meet.jitsi"));
                  }
                })
            .text("OCTO_BRIDGE_SELECTION_STRATEGY", "bridge.selection-strategy")
            .text("HUDDLE_FOCUS_BRIDGE_SELECTION", "bridge.selection-strategy")
            .value("BRIDGE_STRESS_THRESHOLD", Double::parseDouble, "bridge.stress-threshold")
            .integer("MAX_BRIDGE_PARTICIPANTS", "bridge.max-bridge-participants")
            .text("JICOFO_OCTO_REGION", "bridge.local-region")
            .value("JICOFO_BRIDGE_REGION_GROUPS", FocusConfig::regionGroups, "bridge.region-groups")
            .bool("JICOFO_ENABLE_BRIDGE_HEALTH_CHECKS", "bridge.health-checks.enabled")
            .text("HUDDLE_FOCUS_ALLOCATION_URL", "bridge.allocation-url")
            .text("HUDDLE_FOCUS_LUA_STRATEGY", "bridge.lua-script")
            .text("JICOFO_CONF_INITIAL_PARTICIPANT_WAIT_TIMEOUT", "conference.initial-timeout")
            .text("JICOFO_CONF_SINGLE_PARTICIPANT_TIMEOUT", "conference.single-participant-timeout")
            .integer("MAX_SSRCS_PER_USER", "conference.max-ssrcs-per-user")
            .integer("MAX_SSRC_GROUPS_PER_USER", "conference.max-ssrc-groups-per-user")
            .bool("JICOFO_CONF_STRIP_SIMULCAST", "conference.strip-simulcast")
            .bool("ENABLE_AUTO_OWNER", "conference.enable-auto-owner")
            .integer("HUDDLE_FOCUS_CAPS_CACHE_SIZE", "conference.caps-cache-size");
    for (String codec : VIDEO_CODECS) {
      String key = "codec.video." + codec.toLowerCase(Locale.ROOT);
      t.bool("ENABLE_CODEC_" + codec, key + ".enabled")
          .integer("JICOFO_CODEC_" + codec + "_PT", key + ".pt")
          .integer("JICOFO_CODEC_" + codec + "_RTX_PT", key + ".rtx-pt")
          .bool("JICOFO_CODEC_" + codec + "_ENABLE_REMB", key + ".enable-remb");
    }
    return t.value("JICOFO_CODEC_ORDER", FocusConfig::codecNames, "codec.video.order")
        .bool("ENABLE_VLA", "codec.video-layers-allocation.enabled")
        .bool("ENABLE_CODEC_OPUS_RED", "codec.opus-red.enabled")
        // Jicofo's REST on every interface when enabled; HUDDLE_BIND_ADDRESS names one.
        .value("JICOFO_ENABLE_REST", Settings::bool, on -> on ? "0.0.0.0" : null, "http.host")
        .text("HUDDLE_BIND_ADDRESS", "http.host")
        .integer("HUDDLE_FOCUS_HTTP_PORT", "http.port")
        .bool("JICOFO_ENABLE_HEALTH_CHECKS", "health.enabled")
        .bool("JICOFO_ENABLE_MID", "codec.mid.enabled")
        .bool("ENABLE_AUTH", "authentication.enabled")
        .text("AUTH_TYPE", "authentication.type")
        .bool("ENABLE_GUESTS", "authentication.guests")
        // As the room policy reads them: HUDDLE_PUBLIC_ROOMS wins when both are set.
        .list("PUBLIC_ROOMS", "authentication.public-rooms")
        .list("HUDDLE_PUBLIC_ROOMS", "authentication.public-rooms")
        .integer("JICOFO_RESTART_REQUEST_MAX", "conference.restart-requests.max-requests")
        .value(
            "JICOFO_RESTART_REQUEST_INTERVAL",
            Integer::parseInt,
            seconds -> seconds + " seconds",
            "conference.restart-requests.interval")
        .build();
  }

  /**
   * A list of codec names as docker-jitsi-meet writes them for the web's {@code CODEC_ORDER_JVB}
   * ({@code ["AV1", "VP8"]}) or comma-separated ({@code AV1,VP8}).
   */
  static List<String> codecNames(String value) {
    return Settings.list(
        value.replace("[", "").replace("]", "").replace("\"", "").replace("'", ""));
  }

  /** docker-jitsi-meet's {@code ["a","b"],["c"]} into lists of regions. */
  static List<List<String>> regionGroups(String value) {
    List<List<String>> groups = new ArrayList<>();
    for (String group : value.split("]")) {
      String inner = group.replace("[", "").replace("\"", "").replace("'", "");
      List<String> regions = Settings.list(inner);
      if (!regions.isEmpty()) {
        groups.add(regions);
      }
    }
    return groups;
  }

  private static Duration duration(Config c, String path) {
    return Settings.duration(c.getString(path));
  }

  /** The video codecs in the configured order; those it leaves out follow in Jicofo's order. */
  private static List<VideoCodec> videoCodecs(Config c) {
    for (String name : VIDEO_CODECS) {
      String old = "codec." + name.toLowerCase(Locale.ROOT);
      if (c.hasPath(old)) {
        throw new IllegalArgumentException(
            "focus." + old + " has moved to focus.codec.video." + name.toLowerCase(Locale.ROOT));
      }
    }
    List<String> order = new ArrayList<>();
    for (String name : c.getStringList("codec.video.order")) {
      String known =
          VIDEO_CODECS.stream()
              .filter(n -> n.equalsIgnoreCase(name.trim()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown video codec '"
                              + name
                              + "' in focus.codec.video.order (JICOFO_CODEC_ORDER): "
                              + String.join(", ", VIDEO_CODECS)));
      if (order.contains(known)) {
        throw new IllegalArgumentException(
            "video codec "
                + known
                + " named twice in focus.codec.video.order (JICOFO_CODEC_ORDER)");
      }
      order.add(known);
    }
    VIDEO_CODECS.stream().filter(n -> !order.contains(n)).forEach(order::add);
    List<VideoCodec> out = new ArrayList<>();
    for (String name : order) {
      Config v = c.getConfig("codec.video." + name.toLowerCase(Locale.ROOT));
      out.add(
          new VideoCodec(
              name,
              v.getBoolean("enabled"),
              v.getInt("pt"),
              v.getInt("rtx-pt"),
              v.getBoolean("enable-remb")));
    }
    return out;
  }

  private static FocusConfig fromConfig(Config root) {
    Config c = root.getConfig("focus");
    Xmpp xmpp =
        new Xmpp(
            c.getString("xmpp.host"),
            c.getInt("xmpp.port"),
            c.getString("xmpp.domain"),
            c.getString("xmpp.xmpp-domain"),
            c.getString("xmpp.username"),
            c.getString("xmpp.password"),
            c.getString("xmpp.conference-muc-domain"),
            Tls.valueOf(c.getString("xmpp.tls").toUpperCase(Locale.ROOT)),
            c.getBoolean("xmpp.disable-certificate-verification"),
            duration(c, "xmpp.reply-timeout"),
            duration(c, "xmpp.reconnect-delay"),
            duration(c, "xmpp.ready-wait"));
    Component component =
        new Component(
            c.getString("component.host"),
            c.getInt("component.port"),
            c.getString("component.secret"));
    List<List<String>> groups = new ArrayList<>();
    for (Object g : c.getList("bridge.region-groups").unwrapped()) {
      List<String> regions = new ArrayList<>();
      for (Object r : (List<?>) g) {
        regions.add(String.valueOf(r));
      }
      groups.add(List.copyOf(regions));
    }
    Bridge bridge =
        new Bridge(
            c.getString("bridge.brewery-jid"),
            Strategy.parse(c.getString("bridge.selection-strategy")),
            c.getDouble("bridge.stress-threshold"),
            c.getInt("bridge.max-bridge-participants"),
            c.getString("bridge.local-region"),
            List.copyOf(groups),
            duration(c, "bridge.failure-reset-threshold"),
            c.getBoolean("bridge.health-checks.enabled"),
            duration(c, "bridge.health-checks.interval"),
            duration(c, "bridge.health-checks.timeout"),
            c.getString("bridge.allocation-url"),
            duration(c, "bridge.allocation-timeout"),
            c.getString("bridge.lua-script"),
            c.getLong("bridge.lua-instruction-budget"),
            duration(c, "bridge.selection-retry-interval"));
    Conference conference =
        new Conference(
            c.getInt("conference.min-participants"),
            duration(c, "conference.initial-timeout"),
            duration(c, "conference.single-participant-timeout"),
            duration(c, "conference.session-accept-timeout"),
            c.getInt("conference.max-ssrcs-per-user"),
            c.getInt("conference.max-ssrc-groups-per-user"),
            c.getBoolean("conference.strip-simulcast"),
            c.getBoolean("conference.enable-auto-owner"),
            c.getBoolean("conference.use-json-encoded-sources"),
            duration(c, "conference.restart-requests.min-interval"),
            c.getInt("conference.restart-requests.max-requests"),
            duration(c, "conference.restart-requests.interval"),
            c.getInt("conference.caps-cache-size"));
    Codec codec =
        new Codec(
            c.getInt("codec.opus.pt"),
            c.getInt("codec.opus.minptime"),
            c.getBoolean("codec.opus.use-inband-fec"),
            c.getBoolean("codec.opus-red.enabled"),
            c.getInt("codec.opus-red.pt"),
            c.getBoolean("codec.telephone-event.enabled"),
            c.getInt("codec.telephone-event.pt"),
            videoCodecs(c),
            c.getInt("codec.audio-level-id"),
            c.getBoolean("codec.mid.enabled") ? c.getInt("codec.mid.id") : 0,
            c.getInt("codec.transport-cc-id"),
            c.getInt("codec.abs-send-time-id"),
            c.getInt("codec.av1-dependency-descriptor-id"),
            c.getBoolean("codec.video-layers-allocation.enabled")
                ? c.getInt("codec.video-layers-allocation.id")
                : 0);
    if (bridge.strategy() == Strategy.HTTP && bridge.allocationUrl().isBlank()) {
      throw new IllegalArgumentException(
          "bridge selection 'http' needs focus.bridge.allocation-url (HUDDLE_FOCUS_ALLOCATION_URL)");
    }
    if (bridge.strategy() == Strategy.LUA && bridge.luaScript().isBlank()) {
      throw new IllegalArgumentException(
          "bridge selection 'lua' needs focus.bridge.lua-script (HUDDLE_FOCUS_LUA_STRATEGY)");
    }
    Authentication authentication =
        new Authentication(
            c.getBoolean("authentication.enabled"),
            AuthType.parse(c.getString("authentication.type")),
            c.getBoolean("authentication.guests"),
            c.getStringList("authentication.public-rooms").stream()
                .map(r -> r.trim().toLowerCase(Locale.ROOT))
                .filter(r -> !r.isEmpty())
                .toList());
    return new FocusConfig(
        xmpp,
        component,
        bridge,
        conference,
        codec,
        new Http(c.getString("http.host"), c.getInt("http.port")),
        c.getBoolean("health.enabled"),
        authentication);
  }
}
