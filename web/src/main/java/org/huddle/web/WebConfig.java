package org.huddle.web;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.huddle.common.config.EnvTable;
import org.huddle.common.config.HoconFiles;
import org.huddle.common.config.Settings;

/**
 * The web role's settings, immutable and typed: the defaults of {@code web-reference.conf}, then an
 * optional HOCON file ({@value #FILE_VARIABLE}), then the environment, with docker-jitsi-meet's web
 * names where they exist. Every default is documented in that reference file.
 *
 * @param publicUrl the address users type, without a trailing slash; empty when not configured
 * @param http listeners
 * @param xmpp what config.js tells the browser about XMPP, and the XMPP upstream
 * @param bridge the colibri-ws upstream
 * @param app meeting app options published in config.js
 */
public record WebConfig(String publicUrl, Http http, Xmpp xmpp, Bridge bridge, App app) {

  /** The environment variable naming an optional config file. */
  public static final String FILE_VARIABLE = "HUDDLE_WEB_CONFIG";

  /**
   * @param bindAddress where the listeners bind
   * @param port plain HTTP port (0 picks a free one)
   * @param httpsPort HTTPS port (0 picks a free one), used only with {@code tls}
   * @param tls certificate and key, when HTTPS is on
   * @param proxyTimeout the longest a proxied request may take
   */
  public record Http(
      String bindAddress, int port, int httpsPort, Optional<Tls> tls, Duration proxyTimeout) {}

  /**
   * @param certificate PEM certificate chain
   * @param key PEM private key (PKCS#8)
   */
  public record Tls(Path certificate, Path key) {}

  /**
   * @param domain the guests' domain
   * @param mucDomain the conference rooms' MUC service
   * @param focusDomain where conference requests go
   * @param anonymousDomain where guests log in when the main domain needs accounts, else empty
   * @param boshUrlBase the XMPP server's HTTP port, e.g. {@code http://127.0.0.1:5280}
   * @param websocket whether XMPP over WebSocket is offered and proxied
   * @param auth how hosts sign in, when the main domain needs accounts or tokens
   */
  public record Xmpp(
      String domain,
      String mucDomain,
      String focusDomain,
      Optional<String> anonymousDomain,
      URI boshUrlBase,
      boolean websocket,
      Optional<Auth> auth) {}

  /**
   * Signing in (ENABLE_AUTH).
   *
   * @param type {@code internal} (a user name and password) or {@code jwt} (a token in the page's
   *     address)
   * @param guests whether guests join a meeting once a signed-in host is in; else only the public
   *     rooms
   */
  public record Auth(String type, boolean guests) {}

  /**
   * @param colibriWebsocket whether {@code /colibri-ws/} is proxied
   * @param colibriWsUrlBase the videobridge's public HTTP port
   */
  public record Bridge(boolean colibriWebsocket, URI colibriWsUrlBase) {}

  /**
   * @param resolution camera capture height
   * @param prejoinPage whether the pre-join screen is shown
   * @param simulcast whether the camera is sent in three layers
   * @param lastN the most videos to receive, -1 for all
   * @param privateRoomPrefix the name prefix of rooms whose first occupant sets a password
   * @param codecPreferenceOrder the video codecs the app prefers, best first, upper case ({@link
   *     #VIDEO_CODECS}); config.js {@code videoQuality.codecPreferenceOrder}
   * @param mobileCodecPreferenceOrder the same on phones and tablets; config.js {@code
   *     videoQuality.mobileCodecPreferenceOrder}
   * @param defaultLanguage the app's language when the user chose none and the browser's has no
   *     table ({@link #LANGUAGES}); config.js {@code defaultLanguage}
   * @param languageDetection whether the browser's languages are tried before the default;
   *     config.js {@code disableLanguageDetection} is its opposite
   * @param frameAncestors the pages that may embed the app ({@link FrameAncestors}): the app pages'
   *     CSP {@code frame-ancestors}, and config.js {@code frameAncestors}
   */
  public record App(
      int resolution,
      boolean prejoinPage,
      boolean simulcast,
      int lastN,
      String privateRoomPrefix,
      List<String> codecPreferenceOrder,
      List<String> mobileCodecPreferenceOrder,
      String defaultLanguage,
      boolean languageDetection,
      List<String> frameAncestors) {
    public App {
      codecPreferenceOrder = List.copyOf(codecPreferenceOrder);
      mobileCodecPreferenceOrder = List.copyOf(mobileCodecPreferenceOrder);
      frameAncestors = List.copyOf(frameAncestors);
    }
  }

  /**
   * The languages the app has tables for (web/frontend/app/lang/), by jitsi-meet's codes; a default
   * language must be one of them.
   */
  public static final List<String> LANGUAGES = List.of("en", "zhCN", "ru");

  /** The video codecs a preference order may name (jitsi-meet's). */
  public static final List<String> VIDEO_CODECS = List.of("AV1", "VP9", "VP8", "H264");

  /** The reference defaults alone. */
  public static WebConfig defaults() {
    return fromConfig(reference());
  }

  /** Defaults, then the file named by {@value #FILE_VARIABLE}, then the environment. */
  public static WebConfig fromEnvironment(Settings.Env env) {
    Config file = HoconFiles.named(env, FILE_VARIABLE);
    return fromConfig(ENVIRONMENT.apply(env).withFallback(file).withFallback(reference()));
  }

  /** Builds from a HOCON string laid over the defaults (for tests and embedding). */
  public static WebConfig fromHocon(String hocon) {
    return fromConfig(ConfigFactory.parseString(hocon).withFallback(reference()));
  }

  /** This config with other listener ports (0 picks free ones); for tests and embedding. */
  public WebConfig withPorts(int port, int httpsPort) {
    return new WebConfig(
        publicUrl,
        new Http(http.bindAddress, port, httpsPort, http.tls, http.proxyTimeout),
        xmpp,
        bridge,
        app);
  }

  private static WebConfig fromConfig(Config root) {
    Config c = root.resolve().getConfig("web");
    Config h = c.getConfig("http");
    String cert = h.getString("tls-certificate").trim();
    String key = h.getString("tls-key").trim();
    if (cert.isEmpty() != key.isEmpty()) {
      throw new IllegalArgumentException(
          "web.http: give both tls-certificate and tls-key (HUDDLE_WEB_TLS_CERT, HUDDLE_WEB_TLS_KEY)"
              + " or neither");
    }
    Http http =
        new Http(
            h.getString("bind-address"),
            port(h, "port"),
            port(h, "https-port"),
            cert.isEmpty() ? Optional.empty() : Optional.of(new Tls(Path.of(cert), Path.of(key))),
            h.getDuration("proxy-timeout"));

    Config x = c.getConfig("xmpp");
    String domain = x.getString("domain");
    String focus =
        x.getString("focus-domain").isBlank() ? "focus." + domain : x.getString("focus-domain");
    boolean auth = x.getBoolean("auth-enabled");
    String authType = x.getString("auth-type").trim().toLowerCase(java.util.Locale.ROOT);
    if (!authType.equals("internal") && !authType.equals("jwt")) {
      throw new IllegalArgumentException(
          "web.xmpp.auth-type (AUTH_TYPE): internal or jwt, not '" + authType + "'");
    }
    // With auth on, the guest host exists whether or not guests may join hosts' meetings: the
    // public rooms stay open to everyone (docs/auth-plugins.md).
    Xmpp xmpp =
        new Xmpp(
            domain,
            x.getString("muc-domain"),
            focus,
            auth ? Optional.of(x.getString("guest-domain")) : Optional.empty(),
            httpUri("web.xmpp.bosh-url-base", x.getString("bosh-url-base")),
            x.getBoolean("websocket"),
            auth
                ? Optional.of(new Auth(authType, x.getBoolean("guests-enabled")))
                : Optional.empty());

    Config b = c.getConfig("bridge");
    Bridge bridge =
        new Bridge(
            b.getBoolean("colibri-websocket"),
            httpUri("web.bridge.colibri-ws-url-base", b.getString("colibri-ws-url-base")));

    Config a = c.getConfig("app");
    App app =
        new App(
            a.getInt("resolution"),
            a.getBoolean("prejoin-page"),
            a.getBoolean("simulcast"),
            a.getInt("last-n"),
            a.getString("private-room-prefix"),
            codecOrder(a, "codec-preference-order", "CODEC_ORDER_JVB"),
            codecOrder(a, "mobile-codec-preference-order", "CODEC_ORDER_JVB_MOBILE"),
            language(a.getString("default-language")),
            a.getBoolean("language-detection"),
            FrameAncestors.parse(
                "web.app.frame-ancestors (HUDDLE_FRAME_ANCESTORS)",
                a.getStringList("frame-ancestors")));

    String publicUrl = c.getString("public-url").trim();
    if (!publicUrl.isEmpty()) {
      httpUri("web.public-url", publicUrl);
      publicUrl = publicUrl.replaceAll("/+$", "");
    }
    return new WebConfig(publicUrl, http, xmpp, bridge, app);
  }

  /**
   * A codec preference order: known codecs, each once, at least one; upper case, as jitsi-meet's
   * config.js writes them (the app compares without case).
   */
  private static List<String> codecOrder(Config app, String key, String variable) {
    String name = "web.app." + key + " (" + variable + ")";
    List<String> out = new ArrayList<>();
    for (String item : app.getStringList(key)) {
      String codec = item.trim().toUpperCase(Locale.ROOT);
      if (!VIDEO_CODECS.contains(codec)) {
        throw new IllegalArgumentException(
            name + ": unknown video codec '" + item + "'; the codecs are " + VIDEO_CODECS);
      }
      if (out.contains(codec)) {
        throw new IllegalArgumentException(name + ": " + codec + " is listed twice");
      }
      out.add(codec);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(name + ": name at least one video codec");
    }
    return out;
  }

  /**
   * A language code as jitsi-meet's config.js writes it ({@code zhCN}); a BCP 47 tag of the same
   * language ({@code zh-CN}, {@code RU}) is taken too.
   */
  static String language(String value) {
    String v = value.trim();
    String tag = v.replace('_', '-').replace("-", "").toLowerCase(Locale.ROOT);
    for (String code : LANGUAGES) {
      if (code.toLowerCase(Locale.ROOT).equals(tag)) {
        return code;
      }
    }
    throw new IllegalArgumentException(
        "web.app.default-language (DEFAULT_LANGUAGE): no translation for '"
            + value
            + "'; the languages are "
            + LANGUAGES);
  }

  /**
   * Reads a codec list from the environment: comma-separated ({@code AV1,VP9}), or a JSON array as
   * docker-jitsi-meet writes {@code CODEC_ORDER_JVB} ({@code ["AV1", "VP9"]}).
   */
  private static List<String> codecList(String value) {
    String v = value.trim();
    if (v.startsWith("[") && v.endsWith("]")) {
      v = v.substring(1, v.length() - 1);
    }
    List<String> out = new ArrayList<>();
    for (String item : Settings.list(v)) {
      String unquoted = item;
      if (unquoted.length() >= 2
          && (unquoted.startsWith("\"") && unquoted.endsWith("\"")
              || unquoted.startsWith("'") && unquoted.endsWith("'"))) {
        unquoted = unquoted.substring(1, unquoted.length() - 1).trim();
      }
      if (!unquoted.isEmpty()) {
        out.add(unquoted);
      }
    }
    return out;
  }

  private static int port(Config c, String key) {
    int p = c.getInt(key);
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("web.http." + key + ": not a port: " + p);
    }
    return p;
  }

  private static URI httpUri(String name, String value) {
    URI uri;
    try {
      uri = URI.create(value.trim().replaceAll("/+$", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": not a URL: '" + value + "'", e);
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          name + ": expected an http:// or https:// URL with a host, got '" + value + "'");
    }
    return uri;
  }

  static Config reference() {
    return HoconFiles.reference(WebConfig.class, "/web-reference.conf");
  }

  /**
   * The web's environment variables, with docker-jitsi-meet's names for its web image where it has
   * them (docs/web.md lists each with its default).
   */
  static final EnvTable ENVIRONMENT =
      EnvTable.builder("web.")
          .text("PUBLIC_URL", "public-url")
          .text("HUDDLE_BIND_ADDRESS", "http.bind-address")
          .integer("HTTP_PORT", "http.port")
          .integer("HTTPS_PORT", "http.https-port")
          .text("HUDDLE_WEB_TLS_CERT", "http.tls-certificate")
          .text("HUDDLE_WEB_TLS_KEY", "http.tls-key")
          .text("XMPP_DOMAIN", "xmpp.domain")
          .text("XMPP_MUC_DOMAIN", "xmpp.muc-domain")
          .text("XMPP_FOCUS_DOMAIN", "xmpp.focus-domain")
          .bool("ENABLE_AUTH", "xmpp.auth-enabled")
          .bool("ENABLE_GUESTS", "xmpp.guests-enabled")
          .text("AUTH_TYPE", "xmpp.auth-type")
          .text("XMPP_GUEST_DOMAIN", "xmpp.guest-domain")
          .text("XMPP_BOSH_URL_BASE", "xmpp.bosh-url-base")
          .bool("ENABLE_XMPP_WEBSOCKET", "xmpp.websocket")
          .bool("ENABLE_COLIBRI_WEBSOCKET", "bridge.colibri-websocket")
          .text("HUDDLE_COLIBRI_WS_URL_BASE", "bridge.colibri-ws-url-base")
          .integer("RESOLUTION", "app.resolution")
          .bool("ENABLE_PREJOIN_PAGE", "app.prejoin-page")
          .bool("ENABLE_SIMULCAST", "app.simulcast")
          .integer("HUDDLE_WEB_LAST_N", "app.last-n")
          .text("HUDDLE_PRIVATE_ROOM_PREFIX", "app.private-room-prefix")
          .value("CODEC_ORDER_JVB", WebConfig::codecList, "app.codec-preference-order")
          .value(
              "CODEC_ORDER_JVB_MOBILE", WebConfig::codecList, "app.mobile-codec-preference-order")
          .text("DEFAULT_LANGUAGE", "app.default-language")
          .bool("HUDDLE_LANGUAGE_DETECTION", "app.language-detection")
          .list("HUDDLE_FRAME_ANCESTORS", "app.frame-ancestors")
          .build();
}
