package org.huddle.xmpp.server.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huddle.common.config.Settings;
import org.huddle.common.config.Settings.Env;
import org.huddle.xmpp.codec.ParseBudget;
import org.huddle.xmpp.codec.ParserLimits;
import org.huddle.xmpp.server.api.LuaConfigReader;
import org.huddle.xmpp.server.api.Options;

/**
 * Builds the {@link XmppConfig}: defaults, then a Prosody-style file when one is given, then
 * environment variables with docker-jitsi-meet's names. The defaults here and the reference file
 * {@code huddle-xmpp.reference.cfg.lua} are kept equal by a test.
 */
public final class XmppConfigLoader {
  /** The environment variable naming a config file. */
  public static final String CONFIG_FILE_ENV = "HUDDLE_XMPP_CONFIG";

  private XmppConfigLoader() {}

  /** Loads from an optional file and the environment. */
  public static XmppConfig load(Optional<Path> file, Env env) throws IOException {
    Optional<Path> path = file.or(() -> env.get(CONFIG_FILE_ENV).map(Path::of));
    if (path.isEmpty()) {
      return build(XmppConfig.File.none(), env);
    }
    LuaConfigReader.Parsed parsed = LuaConfigReader.read(path.get());
    return build(
        new XmppConfig.File(path.get().toString(), parsed.global(), parsed.sections()), env);
  }

  /** Loads from config text (tests, and the reference file check) and the environment. */
  public static XmppConfig load(String configText, Env env) {
    LuaConfigReader.Parsed parsed = LuaConfigReader.read(configText, "config");
    return build(new XmppConfig.File("config", parsed.global(), parsed.sections()), env);
  }

  private static XmppConfig build(XmppConfig.File file, Env env) {
    Domains d = Domains.from(env);
    Map<String, Object> global = defaultGlobals();
    global.putAll(file.global());
    Map<String, Object> beforeEnvironment = new LinkedHashMap<>(global);
    applyEnvironment(global, env);
    if (!global.containsKey("focus_jids")) {
      // The focus logs in as docker-jitsi-meet's focus@auth.<domain>, or is its component.
      global.put(
          "focus_jids",
          List.of(env.get("JICOFO_AUTH_USER").orElse("focus") + "@" + d.auth(), d.focus()));
    }
    OptionCheck.types(file.name(), null, file.global(), ServerOptions.READ);
    Map<String, Object> fromEnvironment = new LinkedHashMap<>(global);
    fromEnvironment
        .entrySet()
        .removeIf(e -> e.getValue().equals(beforeEnvironment.get(e.getKey())));
    OptionCheck.types("the environment", null, fromEnvironment, ServerOptions.READ);
    Options globalOptions = new Options(global, null);

    List<LuaConfigReader.Section> sections =
        file.sections().isEmpty() ? defaultSections(d, env) : file.sections();
    List<HostConfig> hosts = new ArrayList<>();
    for (LuaConfigReader.Section s : sections) {
      OptionCheck.types(file.name(), OptionCheck.section(s), s.options(), ServerOptions.READ);
      Map<String, Object> opts = new LinkedHashMap<>(s.options());
      addEnvModules(s.name(), d, env, opts);
      if (s.kind() == LuaConfigReader.SectionKind.COMPONENT
          && s.module() == null
          && s.name().equals(d.focus())
          && env.get("JICOFO_COMPONENT_SECRET").isPresent()) {
        opts.put("component_secret", env.get("JICOFO_COMPONENT_SECRET").get());
      }
      hosts.add(
          named(
              file.name() + ": " + OptionCheck.section(s),
              () ->
                  HostConfig.of(s.name(), kind(s), s.module(), new Options(opts, globalOptions))));
    }

    List<XmppConfig.AccountSeed> accounts = new ArrayList<>();
    String focusUser = env.get("JICOFO_AUTH_USER").orElse("focus");
    String jvbUser = env.get("JVB_AUTH_USER").orElse("jvb");
    env.get("JICOFO_AUTH_PASSWORD")
        .ifPresent(p -> accounts.add(new XmppConfig.AccountSeed(d.auth(), focusUser, p)));
    env.get("JVB_AUTH_PASSWORD")
        .ifPresent(p -> accounts.add(new XmppConfig.AccountSeed(d.auth(), jvbUser, p)));
    // The account `huddle probe xmpp` logs in with, whatever the main host's authentication. Not
    // an admin: a health check needs to log in, nothing more.
    String healthUser = env.get("HUDDLE_HEALTH_USER").orElse("health");
    env.get("HUDDLE_HEALTH_PASSWORD")
        .ifPresent(p -> accounts.add(new XmppConfig.AccountSeed(d.auth(), healthUser, p)));

    LinkedHashSet<String> admins = new LinkedHashSet<>(globalOptions.list("admins"));
    if (file.sections().isEmpty()) {
      // As docker-jitsi-meet's jitsi-meet.cfg.lua: the focus and the bridge are admins.
      admins.add(focusUser + "@" + d.auth());
      admins.add(jvbUser + "@" + d.auth());
    }

    return named(
        file.name(),
        () ->
            new XmppConfig(
                listener(globalOptions, "c2s"),
                listener(globalOptions, "component"),
                listener(globalOptions, "http"),
                Path.of(globalOptions.string("data_path", "data")),
                security(globalOptions),
                limits(globalOptions),
                new XmppConfig.Timeouts(
                    globalOptions.duration("c2s_timeout", "90 seconds"),
                    globalOptions.duration("c2s_ping_interval", "60 seconds"),
                    globalOptions.duration("c2s_ping_timeout", "30 seconds")),
                bosh(globalOptions),
                new XmppConfig.StreamManagement(
                    globalOptions.duration("smacks_hibernation_time", "60 seconds"),
                    (int) globalOptions.number("smacks_max_queue_size", 5000)),
                perAddress(globalOptions),
                ExternalServiceOptions.from(globalOptions),
                hosts,
                accounts,
                List.copyOf(admins),
                globalOptions,
                file));
  }

  private static XmppConfig.Security security(Options o) {
    return new XmppConfig.Security(
        o.bool("c2s_require_encryption", true),
        o.bool("allow_unencrypted_plain_auth", false),
        Optional.ofNullable(o.table("ssl").get("certificate")).map(c -> Path.of(c.toString())),
        Optional.ofNullable(o.table("ssl").get("key")).map(k -> Path.of(k.toString())),
        (int) o.number("scram_iteration_count", 10_000),
        (int) o.number("auth_failure_free_attempts", 3),
        o.duration("auth_failure_window", "10 minutes"),
        o.duration("auth_failure_delay", "1 second"),
        o.duration("auth_failure_max_delay", "30 seconds"));
  }

  private static XmppConfig.Limits limits(Options o) {
    return new XmppConfig.Limits(
        new ParserLimits(
            (int) o.bytes("c2s_stanza_size_limit", "256 KiB"),
            (int) o.number("xml_max_depth", 32),
            (int) o.number("xml_max_attributes", 64),
            (int) o.number("xml_max_stanza_namespaces", 4096),
            (int) o.number("xml_max_stream_names", 4096),
            new ParseBudget.Limits(
                o.rate("c2s_parse_rate", "8 MiB/s"),
                o.duration("c2s_parse_burst", "1 second"),
                o.duration("c2s_parse_throttle_limit", "30 seconds"))),
        o.bytes("c2s_max_outbound", "4 MiB"));
  }

  private static XmppConfig.Bosh bosh(Options o) {
    return new XmppConfig.Bosh(
        o.duration("bosh_max_wait", "120 seconds"),
        (int) o.number("bosh_max_hold", 1),
        o.duration("bosh_max_inactivity", "60 seconds"),
        o.duration("bosh_max_polling", "5 seconds"),
        o.bool("cross_domain_bosh", false),
        o.bool("consider_bosh_secure", false) || o.bool("consider_websocket_secure", false),
        o.list("trusted_proxies"));
  }

  private static XmppConfig.PerAddress perAddress(Options o) {
    Map<?, ?> c2s = o.table("limits").get("c2s") instanceof Map<?, ?> m ? m : Map.of();
    Object rate = c2s.get("rate");
    Object burst = c2s.get("burst");
    return new XmppConfig.PerAddress(
        (int) o.number("max_connections_per_ip", 0),
        (int) o.number("max_unauthenticated_per_ip", 0),
        (int) o.number("max_sessions_per_ip", 0),
        (int) o.number("bosh_max_sessions_per_ip", 0),
        (int) o.number("component_max_failed_handshakes", 0),
        o.duration("component_failed_handshake_window", "1 minute"),
        rate == null ? 0 : limitsRate(rate),
        burst == null
            ? Duration.ofSeconds(2)
            : burst instanceof Number n
                ? Duration.ofMillis(Math.round(n.doubleValue() * 1000))
                : Settings.duration(burst.toString()),
        o.raw("unlimited_jids") == null ? Optional.empty() : Optional.of(o.list("unlimited_jids")),
        o.duration("connection_log_interval", "1 minute"));
  }

  /** {@code limits.c2s.rate} as Prosody writes it: {@code "10kb/s"}, {@code "512 KiB/s"}. */
  private static long limitsRate(Object value) {
    try {
      Object v = value instanceof String text ? text.toLowerCase(java.util.Locale.ROOT) : value;
      return new Options(Map.of("rate", v), null).rate("rate", null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "option limits: not a rate: '" + value + "' (try \"10kb/s\")", e);
    }
  }

  /** Runs a parse, putting where the options came from before a failure's message. */
  private static <T> T named(String origin, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
    }
  }

  /** The global defaults, as Prosody option names. Keep equal to huddle-xmpp.reference.cfg.lua. */
  static Map<String, Object> defaultGlobals() {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("c2s_interfaces", List.of("*"));
    g.put("c2s_ports", List.of(5222L));
    g.put("component_interfaces", List.of("127.0.0.1"));
    g.put("component_ports", List.of(5347L));
    g.put("http_interfaces", List.of("*"));
    g.put("http_ports", List.of(5280L));
    g.put("data_path", "data");
    g.put("io_threads", 0L);
    g.put("network_backend", "epoll");
    g.put("c2s_require_encryption", true);
    g.put("allow_unencrypted_plain_auth", false);
    g.put("c2s_stanza_size_limit", "256 KiB");
    g.put("xml_max_depth", 32L);
    g.put("xml_max_attributes", 64L);
    g.put("xml_max_stanza_namespaces", 4096L);
    g.put("xml_max_stream_names", 4096L);
    g.put("c2s_parse_rate", "8 MiB/s");
    g.put("c2s_parse_burst", "1 second");
    g.put("c2s_parse_throttle_limit", "30 seconds");
    g.put("c2s_max_outbound", "4 MiB");
    g.put("c2s_timeout", "90 seconds");
    g.put("c2s_ping_interval", "60 seconds");
    g.put("c2s_ping_timeout", "30 seconds");
    g.put("scram_iteration_count", 10_000L);
    g.put("auth_failure_free_attempts", 3L);
    g.put("auth_failure_window", "10 minutes");
    g.put("auth_failure_delay", "1 second");
    g.put("auth_failure_max_delay", "30 seconds");
    g.put("bosh_max_wait", "120 seconds");
    g.put("bosh_max_hold", 1L);
    g.put("bosh_max_inactivity", "60 seconds");
    g.put("bosh_max_polling", "5 seconds");
    g.put("cross_domain_bosh", false);
    g.put("consider_bosh_secure", false);
    g.put("consider_websocket_secure", false);
    g.put("trusted_proxies", List.of("127.0.0.1/8", "::1"));
    g.put("max_connections_per_ip", 500L);
    g.put("max_unauthenticated_per_ip", 50L);
    g.put("max_sessions_per_ip", 500L);
    g.put("bosh_max_sessions_per_ip", 200L);
    g.put("limits", Map.of("c2s", Map.of("rate", "10kb/s", "burst", "2s")));
    g.put("component_max_failed_handshakes", 5L);
    g.put("component_failed_handshake_window", "1 minute");
    g.put("connection_log_interval", "1 minute");
    g.put("smacks_hibernation_time", "60 seconds");
    g.put("smacks_max_queue_size", 5000L);
    g.put("external_service_ttl", "1 day");
    g.put("admins", List.of());
    g.put("modules_enabled", List.of());
    return g;
  }

  /**
   * Jitsi's components Huddle serves, at docker-jitsi-meet's addresses: the address's first label,
   * the module, and the virtual host option naming the address.
   */
  private static final List<String[]> JITSI_COMPONENTS =
      List.of(
          new String[] {"speakerstats", "speakerstats_component", "speakerstats_component"},
          new String[] {
            "conferenceduration", "conference_duration_component", "conference_duration_component"
          },
          new String[] {"endconference", "end_conference", "end_conference_component"},
          new String[] {"avmoderation", "av_moderation_component", "av_moderation_component"});

  /**
   * The Jitsi components of the default layout: all of them unless {@code
   * HUDDLE_JITSI_COMPONENTS=0} turns them off; {@code ENABLE_END_CONFERENCE=0} and {@code
   * ENABLE_AV_MODERATION=0} (docker-jitsi-meet's names) leave out only {@code end_conference} or
   * {@code av_moderation_component}.
   */
  private static List<String[]> jitsiComponents(Env env) {
    if (!env.get("HUDDLE_JITSI_COMPONENTS", Settings::bool).orElse(true)) {
      return List.of();
    }
    boolean end = env.get("ENABLE_END_CONFERENCE", Settings::bool).orElse(true);
    boolean av = env.get("ENABLE_AV_MODERATION", Settings::bool).orElse(true);
    return JITSI_COMPONENTS.stream()
        .filter(c -> end || !c[1].equals("end_conference"))
        .filter(c -> av || !c[1].equals("av_moderation_component"))
        .toList();
  }

  /**
   * Whether the default layout serves breakout rooms (the main host's {@code muc_breakout_rooms}
   * and the {@code breakout.<domain>} MUC): with the other Jitsi components, unless {@code
   * ENABLE_BREAKOUT_ROOMS=0} (docker-jitsi-meet's name) turns them off.
   */
  private static boolean breakoutRooms(Env env) {
    return env.get("HUDDLE_JITSI_COMPONENTS", Settings::bool).orElse(true)
        && env.get("ENABLE_BREAKOUT_ROOMS", Settings::bool).orElse(true);
  }

  /**
   * Whether the default layout has Jitsi's lobby: with the other components ({@code
   * HUDDLE_JITSI_COMPONENTS}) unless {@code ENABLE_LOBBY=0} (docker-jitsi-meet's name).
   */
  private static boolean lobby(Env env) {
    return env.get("HUDDLE_JITSI_COMPONENTS", Settings::bool).orElse(true)
        && env.get("ENABLE_LOBBY", Settings::bool).orElse(true);
  }

  /**
   * A virtual host's options for the lobby, as docker-jitsi-meet's jitsi-meet.cfg.lua sets them:
   * the module, the meetings' MUC and the lobby service.
   */
  private static Map<String, Object> lobbyOptions(Domains d, Map<String, Object> options) {
    Map<String, Object> o = new LinkedHashMap<>(options);
    List<Object> modules = new ArrayList<>();
    if (o.get("modules_enabled") instanceof List<?> earlier) {
      modules.addAll(earlier);
    }
    modules.add(ComponentOptions.LOBBY_MODULE);
    o.put("modules_enabled", modules);
    o.put("main_muc", d.muc());
    o.put("lobby_muc", "lobby." + d.domain());
    return o;
  }

  /** The Jitsi host layout (docker-jitsi-meet's jitsi-meet.cfg.lua) for the configured domains. */
  static List<LuaConfigReader.Section> defaultSections(Domains d, Env env) {
    boolean enableAuth = env.get("ENABLE_AUTH", Settings::bool).orElse(false);
    List<String[]> jitsiComponents = jitsiComponents(env);
    boolean lobby = lobby(env);
    String authType = env.get("AUTH_TYPE").orElse("internal");
    List<LuaConfigReader.Section> s = new ArrayList<>();
    String mainAuth =
        !enableAuth ? "anonymous" : authType.equals("jwt") ? "token" : "internal_hashed";
    boolean breakout = breakoutRooms(env);
    Map<String, Object> main = new LinkedHashMap<>();
    main.put("authentication", mainAuth);
    if (breakout) {
      main.put("modules_enabled", List.of("muc_breakout_rooms"));
      main.put("main_muc", d.muc());
      main.put("breakout_rooms_muc", d.breakoutMuc());
    }
    s.add(host(d.domain(), lobby ? lobbyOptions(d, main) : main));
    if (enableAuth) {
      // Public rooms stay open to everyone, so guests have a host even with ENABLE_GUESTS=0:
      // wait_for_host then keeps them to the public rooms (docs/auth-plugins.md).
      Map<String, Object> guest = new LinkedHashMap<>();
      guest.put("authentication", "anonymous");
      // Guests discover the main domain's components (by default each host looks under its own).
      for (String[] c : jitsiComponents) {
        guest.put(c[2], c[0] + "." + d.domain());
      }
      if (breakout) {
        guest.put("breakout_rooms_muc", d.breakoutMuc());
      }
      s.add(host(d.guest(), lobby ? lobbyOptions(d, guest) : guest));
    }
    s.add(host(d.auth(), Map.of("authentication", "internal_hashed")));
    Map<String, Object> muc =
        Map.of("muc_room_locking", false, "muc_room_default_public_jids", true);
    s.add(component(d.internalMuc(), "muc", muc));
    // The meeting rooms' policy: fixed public rooms, private- rooms with passwords, the rest as
    // configured.
    List<Object> roomPolicy = new ArrayList<>();
    if (enableAuth) {
      roomPolicy.add("wait_for_host"); // before private_rooms, which makes the first one owner
    }
    roomPolicy.addAll(List.of("public_rooms", "private_rooms", "other_rooms"));
    roomPolicy.add("polls"); // Jitsi's polls (features.component.Polls), as docker-jitsi-meet has
    if (enableAuth && authType.equals("jwt")) {
      roomPolicy.add("token_verification");
    }
    Map<String, Object> meetings = new LinkedHashMap<>(muc);
    meetings.put("modules_enabled", roomPolicy);
    s.add(component(d.muc(), "muc", meetings));
    for (String[] c : jitsiComponents) {
      s.add(component(c[0] + "." + d.domain(), c[1], Map.of("muc_component", d.muc())));
    }
    if (breakout) {
      s.add(component(d.breakoutMuc(), "muc", muc));
    }
    if (lobby) {
      // Lobby rooms exist only while their meeting has a lobby: nobody creates them by joining.
      Map<String, Object> lobbyMuc = new LinkedHashMap<>(muc);
      lobbyMuc.put("restrict_room_creation", true);
      s.add(component("lobby." + d.domain(), "muc", lobbyMuc));
    }
    fileShare(d, env).ifPresent(s::add);
    if (env.get("JICOFO_COMPONENT_SECRET").isPresent()) {
      s.add(component(d.focus(), null, Map.of()));
    }
    return s;
  }

  /**
   * XEP-0363 file sharing at {@code upload.<domain>}, watching the meetings' MUC, when {@code
   * HUDDLE_FILE_SHARE_SECRET} (the key the web role checks slots with) is set and {@code
   * HUDDLE_FILE_SHARE_ENABLED} is not false. The slots point at {@code HUDDLE_FILE_SHARE_BASE_URL},
   * by default {@code PUBLIC_URL/files}; the allocation hook is {@code
   * HUDDLE_FILE_SHARE_ALLOCATION_URL}, by default the focus's {@code HUDDLE_FOCUS_ALLOCATION_URL}.
   */
  private static Optional<LuaConfigReader.Section> fileShare(Domains d, Env env) {
    String secret = env.get("HUDDLE_FILE_SHARE_SECRET").orElse("");
    if (secret.isBlank() || !env.get("HUDDLE_FILE_SHARE_ENABLED", Settings::bool).orElse(true)) {
      return Optional.empty();
    }
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("muc_component", d.muc());
    o.put("http_file_share_secret", secret);
    String publicUrl = env.get("PUBLIC_URL").orElse("").trim();
    o.put(
        "http_file_share_base_url",
        env.get("HUDDLE_FILE_SHARE_BASE_URL")
            .filter(u -> !u.isBlank())
            .orElse(
                publicUrl.isEmpty()
                    ? "http://localhost:8000/files"
                    : (publicUrl.endsWith("/") ? publicUrl : publicUrl + "/") + "files"));
    env.get("HUDDLE_FILE_SHARE_ALLOCATION_URL")
        .or(() -> env.get("HUDDLE_FOCUS_ALLOCATION_URL"))
        .filter(u -> !u.isBlank())
        .ifPresent(u -> o.put("http_file_share_allocation_url", u));
    env.get("HUDDLE_FILE_SHARE_SIZE_LIMIT").ifPresent(v -> o.put("http_file_share_size_limit", v));
    env.get("HUDDLE_FILE_SHARE_MEETING_QUOTA")
        .ifPresent(v -> o.put("http_file_share_meeting_quota", v));
    return Optional.of(component("upload." + d.domain(), "http_file_share", o));
  }

  private static HostConfig.Kind kind(LuaConfigReader.Section s) {
    return switch (s.kind()) {
      case VIRTUAL_HOST -> HostConfig.Kind.VIRTUAL_HOST;
      case COMPONENT -> HostConfig.Kind.COMPONENT;
    };
  }

  private static LuaConfigReader.Section host(String name, Map<String, Object> options) {
    return new LuaConfigReader.Section(
        name, LuaConfigReader.SectionKind.VIRTUAL_HOST, null, new LinkedHashMap<>(options));
  }

  private static LuaConfigReader.Section component(
      String name, String module, Map<String, Object> options) {
    return new LuaConfigReader.Section(
        name, LuaConfigReader.SectionKind.COMPONENT, module, new LinkedHashMap<>(options));
  }

  private static void applyEnvironment(Map<String, Object> g, Env env) {
    env.get("XMPP_PORT", Long::parseLong).ifPresent(p -> g.put("c2s_ports", List.of(p)));
    env.get("XMPP_COMPONENT_PORT", Long::parseLong)
        .ifPresent(p -> g.put("component_ports", List.of(p)));
    env.get("PROSODY_HTTP_PORT", Long::parseLong).ifPresent(p -> g.put("http_ports", List.of(p)));
    env.get("HUDDLE_BIND_ADDRESS")
        .ifPresent(
            a -> {
              g.put("c2s_interfaces", List.of(a));
              g.put("http_interfaces", List.of(a));
              // Every interface for clients, but components (the focus) stay on loopback then.
              if (!List.of("*", "0.0.0.0", "::").contains(a)) {
                g.put("component_interfaces", List.of(a));
              }
            });
    env.get("XMPP_COMPONENT_INTERFACES")
        .ifPresent(v -> g.put("component_interfaces", Settings.list(v)));
    env.get("HUDDLE_DATA_PATH").ifPresent(p -> g.put("data_path", p));
    env.get("HUDDLE_XMPP_IO_THREADS", Long::parseLong).ifPresent(n -> g.put("io_threads", n));
    env.get("HUDDLE_XMPP_NETWORK_BACKEND").ifPresent(b -> g.put("network_backend", b));
    env.get("PROSODY_C2S_REQUIRE_ENCRYPTION", Settings::bool)
        .ifPresent(b -> g.put("c2s_require_encryption", b));
    env.get("HUDDLE_C2S_STANZA_SIZE_LIMIT").ifPresent(v -> g.put("c2s_stanza_size_limit", v));
    env.get("PROSODY_ADMINS")
        .ifPresent(
            a -> {
              List<String> admins = new ArrayList<>(new Options(g, null).list("admins"));
              admins.addAll(Settings.list(a));
              g.put("admins", admins);
            });
    turnServices(env).ifPresent(services -> g.put("external_services", services));
    env.get("TURN_CREDENTIALS").ifPresent(s -> g.put("external_service_secret", s));
    env.get("HUDDLE_FOCUS_JIDS").ifPresent(v -> g.put("focus_jids", Settings.list(v)));
    env.get("XMPP_CROSS_DOMAIN", Settings::bool).ifPresent(b -> g.put("cross_domain_bosh", b));
    env.get("PROSODY_TRUSTED_PROXIES").ifPresent(v -> g.put("trusted_proxies", Settings.list(v)));
    limitsFromEnvironment(g, env);
    env.get("GLOBAL_MODULES")
        .ifPresent(
            m -> {
              List<String> mods = new ArrayList<>(new Options(g, null).list("modules_enabled"));
              mods.addAll(Settings.list(m));
              g.put("modules_enabled", mods);
            });
  }

  /**
   * The per-address limits: PROSODY_C2S_LIMIT (docker-jitsi-meet's) for the byte rate, and
   * HUDDLE_&lt;OPTION&gt; for the rest.
   */
  private static void limitsFromEnvironment(Map<String, Object> g, Env env) {
    for (String option :
        List.of(
            "max_connections_per_ip",
            "max_unauthenticated_per_ip",
            "max_sessions_per_ip",
            "bosh_max_sessions_per_ip",
            "component_max_failed_handshakes",
            "connection_log_interval",
            "muc_lobby_knock_limit",
            "muc_lobby_knock_window")) {
      env.get("HUDDLE_" + option.toUpperCase(java.util.Locale.ROOT))
          .ifPresent(v -> g.put(option, v));
    }
    Map<String, Object> c2s = new LinkedHashMap<>();
    if (new Options(g, null).table("limits").get("c2s") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> c2s.put(k.toString(), v));
    }
    env.get("PROSODY_C2S_LIMIT").ifPresent(v -> c2s.put("rate", v));
    env.get("HUDDLE_C2S_LIMIT_BURST").ifPresent(v -> c2s.put("burst", v));
    if (env.get("PROSODY_C2S_LIMIT").isPresent() || env.get("HUDDLE_C2S_LIMIT_BURST").isPresent()) {
      Map<String, Object> limits = new LinkedHashMap<>(new Options(g, null).table("limits"));
      limits.put("c2s", c2s);
      g.put("limits", limits);
    }
  }

  /**
   * docker-jitsi-meet's STUN_HOST/STUN_PORT, TURN_HOST/TURN_PORT/TURN_TRANSPORT/TURN_TTL and
   * TURNS_HOST/TURNS_PORT, as its prosody.cfg.lua template turns them into external_services;
   * credentials from TURN_CREDENTIALS.
   */
  static Optional<List<Object>> turnServices(Env env) {
    List<Object> out = new ArrayList<>();
    long ttl = env.get("TURN_TTL", Long::parseLong).orElse(86_400L);
    boolean secret = env.get("TURN_CREDENTIALS").isPresent();
    env.get("STUN_HOST")
        .ifPresent(
            h ->
                out.add(
                    Map.of(
                        "type",
                        "stun",
                        "host",
                        h,
                        "port",
                        env.get("STUN_PORT", Long::parseLong).orElse(443L),
                        "transport",
                        "udp")));
    for (String host : env.get("TURN_HOST").map(Settings::list).orElse(List.of())) {
      for (String transport :
          env.get("TURN_TRANSPORT").map(Settings::list).orElse(List.of("tcp"))) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "turn");
        s.put("host", host);
        s.put("port", env.get("TURN_PORT", Long::parseLong).orElse(443L));
        s.put("transport", transport);
        s.put("ttl", ttl);
        s.put("secret", secret);
        out.add(s);
      }
    }
    for (String host : env.get("TURNS_HOST").map(Settings::list).orElse(List.of())) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("type", "turns");
      s.put("host", host);
      s.put("port", env.get("TURNS_PORT", Long::parseLong).orElse(443L));
      s.put("transport", "tcp");
      s.put("ttl", ttl);
      s.put("secret", secret);
      out.add(s);
    }
    return out.isEmpty() ? Optional.empty() : Optional.of(out);
  }

  private static void addEnvModules(String host, Domains d, Env env, Map<String, Object> opts) {
    String var =
        host.equals(d.domain())
            ? "XMPP_MODULES"
            : host.equals(d.muc())
                ? "XMPP_MUC_MODULES"
                : host.equals(d.internalMuc()) ? "XMPP_INTERNAL_MUC_MODULES" : null;
    if (var == null) {
      return;
    }
    env.get(var)
        .ifPresent(
            m -> {
              List<String> mods = new ArrayList<>(new Options(opts, null).list("modules_enabled"));
              mods.addAll(Settings.list(m));
              opts.put("modules_enabled", mods);
            });
  }

  private static XmppConfig.Listener listener(Options o, String prefix) {
    List<String> interfaces = o.list(prefix + "_interfaces");
    List<String> ports = o.list(prefix + "_ports");
    String address = interfaces.isEmpty() ? "*" : interfaces.get(0);
    int port = ports.isEmpty() ? -1 : (int) Double.parseDouble(ports.get(0));
    return new XmppConfig.Listener(address.equals("*") ? "0.0.0.0" : address, port);
  }

  /** The Jitsi domains, from docker-jitsi-meet's variables. */
  public record Domains(
      String domain, String auth, String guest, String muc, String internalMuc, String focus) {
    public static Domains from(Env env) {
      String domain = env.get("XMPP_DOMAIN").orElse("meet.jitsi");
      return new Domains(
          domain,
          env.get("XMPP_AUTH_DOMAIN").orElse("auth." + domain),
          env.get("XMPP_GUEST_DOMAIN").orElse("guest." + domain),
          env.get("XMPP_MUC_DOMAIN").orElse("muc." + domain),
          env.get("XMPP_INTERNAL_MUC_DOMAIN").orElse("internal-muc." + domain),
          "focus." + domain);
    }

    /** The breakout rooms' MUC, {@code breakout.<domain>} as docker-jitsi-meet names it. */
    public String breakoutMuc() {
      return "breakout." + domain;
    }
  }
}
