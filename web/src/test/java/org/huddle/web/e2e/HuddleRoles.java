package org.huddle.web.e2e;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.huddle.auth.plugins.LuaPlugins;
import org.huddle.common.config.Settings;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.VideobridgeConfig;
import org.huddle.web.WebConfig;
import org.huddle.web.WebServer;
import org.huddle.xmpp.server.XmppServer;
import org.huddle.xmpp.server.config.XmppConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roles a browser meets, started in this JVM on 127.0.0.1 over real sockets, wired as {@code
 * huddle all} wires them: Huddle's XMPP server with the room policy plugins, a videobridge, the
 * focus, and the web server in front (which proxies /http-bind, /xmpp-websocket and /colibri-ws/).
 *
 * <p>The focus is started by reflection so that this module builds while the focus is being
 * written; when it cannot start, {@link #focusProblem()} says why and the media tests fail with it.
 */
final class HuddleRoles implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HuddleRoles.class);
  static final String FOCUS_PASSWORD = "focus-e2e-secret";
  static final String JVB_PASSWORD = "jvb-e2e-secret";
  static final String COMPONENT_SECRET = "component-e2e-secret";

  final Path dir;
  final XmppServer xmpp;
  final Videobridge bridge;
  final AutoCloseable focus;
  final String focusProblem;
  final WebServer web;

  private HuddleRoles(
      Path dir,
      XmppServer xmpp,
      Videobridge bridge,
      AutoCloseable focus,
      String focusProblem,
      WebServer web) {
    this.dir = dir;
    this.xmpp = xmpp;
    this.bridge = bridge;
    this.focus = focus;
    this.focusProblem = focusProblem;
    this.web = web;
  }

  /** Starts every role; {@code extraEnv} overrides the environment they share. */
  static HuddleRoles start(Map<String, String> extraEnv) throws Exception {
    Path dir = Files.createTempDirectory("huddle-e2e");
    int webPort = freeTcpPort();
    Map<String, String> env = new HashMap<>();
    env.put("HUDDLE_BIND_ADDRESS", "127.0.0.1");
    env.put("HUDDLE_DATA_PATH", dir.resolve("xmpp").toString());
    env.put("XMPP_PORT", "0");
    env.put("XMPP_COMPONENT_PORT", "0");
    env.put("PROSODY_HTTP_PORT", "0");
    env.put("JICOFO_AUTH_PASSWORD", FOCUS_PASSWORD);
    env.put("JVB_AUTH_PASSWORD", JVB_PASSWORD);
    env.put("JICOFO_COMPONENT_SECRET", COMPONENT_SECRET);
    env.putAll(extraEnv);
    Settings.Env xmppEnv = Settings.Env.of(env);
    XmppServer xmpp =
        XmppServer.start(
            XmppConfigLoader.load(Optional.empty(), xmppEnv),
            List.of(LuaPlugins.extension(null, xmppEnv)));
    Videobridge bridge = null;
    AutoCloseable focus = null;
    String focusProblem = null;
    WebServer web = null;
    try {
      env.put("XMPP_SERVER", "127.0.0.1");
      env.put("XMPP_PORT", String.valueOf(xmpp.c2sPort()));
      env.put("XMPP_COMPONENT_PORT", String.valueOf(xmpp.componentPort()));

      // The bridge: one UDP port on loopback; colibri-ws URLs point at the web server, in clear
      // (there is no environment variable for websockets.tls, so a config file sets it).
      Path bridgeConf = dir.resolve("videobridge.conf");
      Files.writeString(
          bridgeConf,
          """
          videobridge.websockets.tls = false
          videobridge.xmpp.tls = "disabled"
          videobridge.xmpp.presence-interval = 1 second
          videobridge.xmpp.reconnect-delay = 1 second
          """);
      Map<String, String> bridgeEnv = new HashMap<>(env);
      bridgeEnv.put(VideobridgeConfig.FILE_VARIABLE, bridgeConf.toString());
      bridgeEnv.put("JVB_PORT", String.valueOf(freeUdpPort()));
      bridgeEnv.put("HUDDLE_JVB_WS_PORT", "0");
      bridgeEnv.put("HUDDLE_JVB_REST_PORT", "0");
      bridgeEnv.put("JVB_WS_DOMAIN", "127.0.0.1:" + webPort);
      bridgeEnv.put("JVB_MUC_NICKNAME", "jvb-e2e");
      bridge = Videobridge.start(VideobridgeConfig.fromEnvironment(Settings.Env.of(bridgeEnv)));
      Videobridge b = bridge;
      await("the videobridge joins the brewery", Duration.ofSeconds(30), b::isXmppJoined);

      Map<String, String> focusEnv = new HashMap<>(env);
      focusEnv.put("HUDDLE_FOCUS_HTTP_PORT", "0");
      try {
        focus = startFocus(Settings.Env.of(focusEnv));
      } catch (Throwable t) {
        focusProblem = describe(t);
        LOG.error("the focus did not start: {}", focusProblem, t);
      }

      Map<String, String> webEnv = new HashMap<>(env);
      webEnv.put("HTTP_PORT", String.valueOf(webPort));
      webEnv.put("XMPP_BOSH_URL_BASE", "http://127.0.0.1:" + xmpp.httpPort());
      webEnv.put("HUDDLE_COLIBRI_WS_URL_BASE", "http://127.0.0.1:" + bridge.publicHttpPort());
      web = WebServer.start(WebConfig.fromEnvironment(Settings.Env.of(webEnv)));
      return new HuddleRoles(dir, xmpp, bridge, focus, focusProblem, web);
    } catch (Exception | Error e) {
      closeQuietly(web);
      closeQuietly(focus);
      closeQuietly(bridge);
      xmpp.close();
      throw e;
    }
  }

  /**
   * Focus.start(FocusConfig.fromEnvironment(env)), waiting until it has logged in and sees a
   * bridge.
   */
  private static AutoCloseable startFocus(Settings.Env env) throws Exception {
    Class<?> configClass;
    Class<?> focusClass;
    try {
      configClass = Class.forName("org.huddle.focus.FocusConfig");
      focusClass = Class.forName("org.huddle.focus.Focus");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "the focus role is not built: class " + e.getMessage() + " is missing", e);
    }
    Object config = configClass.getMethod("fromEnvironment", Settings.Env.class).invoke(null, env);
    Object focus = focusClass.getMethod("start", configClass).invoke(null, config);
    Method connected = focusClass.getMethod("isConnected");
    Method component = focusClass.getMethod("isComponentConnected");
    await(
        "the focus logs in and connects its component (focus.meet.jitsi)",
        Duration.ofSeconds(30),
        () -> invokeBoolean(connected, focus) && invokeBoolean(component, focus));
    return (AutoCloseable) focus;
  }

  private static boolean invokeBoolean(Method m, Object target) {
    try {
      return (Boolean) m.invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String describe(Throwable t) {
    Throwable root = t;
    while ((root instanceof java.lang.reflect.InvocationTargetException
            || root.getCause() != null && root instanceof ExceptionInInitializerError)
        && root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /** The web server's base URL. */
  String url() {
    return "http://127.0.0.1:" + web.httpPort();
  }

  /** Null when the focus runs, else why it does not. */
  String focusProblem() {
    return focusProblem;
  }

  static void await(String what, Duration limit, BooleanSupplier condition) {
    Instant end = Instant.now().plus(limit);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError(
            "timed out after " + limit.toSeconds() + " s waiting until " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what);
      }
    }
  }

  static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("closing {} failed", c, e);
    }
  }

  @Override
  public void close() {
    closeQuietly(web);
    closeQuietly(focus);
    closeQuietly(bridge);
    xmpp.close();
  }
}
