package org.huddle.launcher;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.huddle.common.config.Settings;
import org.huddle.videobridge.VideobridgeConfig;
import org.huddle.web.WebConfig;
import org.huddle.xmpp.server.XmppServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code huddle all}: every role in one JVM, with embedded defaults. */
@Command(
    name = "all",
    mixinStandardHelpOptions = true,
    description = {
      "Runs every built role in one JVM: the way to try Huddle on one machine.",
      "The XMPP server, the videobridge, the focus and the web app (HTTP 8000, which also proxies",
      "/http-bind, /xmpp-websocket and /colibri-ws/ to the others).",
      "Internal secrets (JVB_AUTH_PASSWORD, JICOFO_AUTH_PASSWORD, JICOFO_COMPONENT_SECRET) are made up at start",
      "when the environment does not set them."
    })
final class AllCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(AllCommand.class);

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "A Prosody-style config file for the XMPP server.")
  Path config;

  @Override
  public Integer call() throws Exception {
    AllRoles roles = AllRoles.start(Settings.Env.of(embedded(System.getenv())), config);
    LOG.info(
        "huddle all: running xmpp, videobridge, focus (http port {}) and web (http port {}), {} ms"
            + " after the JVM started",
        roles.focus().httpPort(),
        roles.web().port(),
        ManagementFactory.getRuntimeMXBean().getUptime());
    Roles.runUntilStopped(roles);
    return 0;
  }

  /** The focus reaches this process's XMPP server on the ports it actually bound. */
  static Map<String, String> focusEnvironment(Map<String, String> env, XmppServer xmpp) {
    Map<String, String> focus = new HashMap<>(env);
    focus.put("XMPP_PORT", Integer.toString(xmpp.c2sPort()));
    focus.put("XMPP_COMPONENT_PORT", Integer.toString(xmpp.componentPort()));
    return focus;
  }

  /**
   * The bridge's settings, with its colibri-ws URLs pointing at the web port in front of it (the
   * browser reaches the bridge channel through web's /colibri-ws/ proxy) unless JVB_WS_DOMAIN says
   * otherwise: PUBLIC_URL's host and scheme when it is set, else localhost on web's HTTPS port when
   * web has a certificate, else localhost on its plain HTTP port with ws://.
   */
  static VideobridgeConfig bridgeConfig(Settings.Env env) {
    Map<String, String> vars = new HashMap<>(env.vars());
    boolean tls;
    if (env.get("JVB_WS_DOMAIN").isPresent()) {
      return VideobridgeConfig.fromEnvironment(env);
    } else if (env.get("PUBLIC_URL").isPresent()) {
      tls = env.get("PUBLIC_URL").get().startsWith("https:");
    } else {
      WebConfig web = WebConfig.fromEnvironment(env);
      tls = web.http().tls().isPresent();
      vars.put("JVB_WS_DOMAIN", "localhost:" + (tls ? web.http().httpsPort() : web.http().port()));
    }
    VideobridgeConfig c = VideobridgeConfig.fromEnvironment(Settings.Env.of(vars));
    VideobridgeConfig.WebSockets ws = c.webSockets();
    return new VideobridgeConfig(
        c.region(),
        c.version(),
        c.ice(),
        c.http(),
        new VideobridgeConfig.WebSockets(ws.enabled(), ws.domain(), tls, ws.serverId()),
        c.rest(),
        c.xmpp(),
        c.media(),
        c.conferenceEmptyTimeout());
  }

  /**
   * Web's environment in one JVM: unless given, its proxy goes to this process's XMPP HTTP port and
   * bridge colibri-ws port on loopback (or on the bind address, when that is one address).
   */
  static Map<String, String> webEnvironment(
      Map<String, String> env, int xmppHttpPort, int bridgePublicPort) {
    Map<String, String> web = new HashMap<>(env);
    String host = connectHost(env.getOrDefault("HUDDLE_BIND_ADDRESS", ""));
    if (web.getOrDefault("XMPP_BOSH_URL_BASE", "").isBlank()) {
      web.put("XMPP_BOSH_URL_BASE", "http://" + host + ":" + xmppHttpPort);
    }
    if (web.getOrDefault("HUDDLE_COLIBRI_WS_URL_BASE", "").isBlank() && bridgePublicPort > 0) {
      web.put("HUDDLE_COLIBRI_WS_URL_BASE", "http://" + host + ":" + bridgePublicPort);
    }
    return web;
  }

  private static String connectHost(String bindAddress) {
    String b = bindAddress.trim();
    if (b.isEmpty() || b.equals("0.0.0.0") || b.equals("::") || b.equals("[::]")) {
      return "127.0.0.1";
    }
    return b.contains(":") && !b.startsWith("[") ? "[" + b + "]" : b;
  }

  /** The environment with what the roles need to find each other in one JVM. */
  static Map<String, String> embedded(Map<String, String> system) {
    Map<String, String> env = new HashMap<>(system);
    for (String secret :
        List.of(
            "JVB_AUTH_PASSWORD",
            "JICOFO_AUTH_PASSWORD",
            "JICOFO_COMPONENT_SECRET",
            "HUDDLE_FILE_SHARE_SECRET")) {
      if (env.getOrDefault(secret, "").isBlank()) {
        env.put(secret, randomSecret());
      }
    }
    env.putIfAbsent("XMPP_SERVER", "127.0.0.1");
    // The embedded records database lives beside the XMPP server's data (accounts, certificates).
    String data = env.getOrDefault("HUDDLE_DATA_PATH", "");
    if (!data.isBlank() && env.getOrDefault("HUDDLE_RECORDS_PATH", "").isBlank()) {
      env.put("HUDDLE_RECORDS_PATH", Path.of(data, "records").toString());
    }
    // Shared files too, and the slots point at this process's web port unless PUBLIC_URL says more.
    if (!data.isBlank() && env.getOrDefault("HUDDLE_FILE_SHARE_PATH", "").isBlank()) {
      env.put("HUDDLE_FILE_SHARE_PATH", Path.of(data, "files").toString());
    }
    if (env.getOrDefault("PUBLIC_URL", "").isBlank()
        && env.getOrDefault("HUDDLE_FILE_SHARE_BASE_URL", "").isBlank()) {
      env.put(
          "HUDDLE_FILE_SHARE_BASE_URL",
          "http://localhost:" + env.getOrDefault("HTTP_PORT", "8000") + "/files");
    }
    return env;
  }

  private static String randomSecret() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
