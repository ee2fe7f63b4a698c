package org.huddle.launcher;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.huddle.common.config.Settings;
import org.huddle.focus.Focus;
import org.huddle.focus.FocusConfig;
import org.huddle.records.Records;
import org.huddle.videobridge.Videobridge;
import org.huddle.web.FileShare;
import org.huddle.web.FileShareConfig;
import org.huddle.web.WebConfig;
import org.huddle.web.WebServer;
import org.huddle.xmpp.server.XmppServer;
import org.huddle.xmpp.server.config.XmppConfigLoader;

/**
 * Every role started in this JVM, as {@code huddle all} and its start-up cache training ({@code
 * huddle aot-train}) run them; closing stops them in the reverse order.
 */
record AllRoles(
    Records records,
    XmppServer xmpp,
    Videobridge bridge,
    Focus focus,
    FileShare files,
    WebServer web)
    implements AutoCloseable {

  /**
   * Starts the records, the XMPP server, the bridge, the focus and the web app; what started is
   * stopped again when one fails. The focus and the web app need the ports of the XMPP server and
   * the bridge, but the bridge's media side (ports, DTLS certificate, SRTP crypto, REST) needs
   * nothing from the others: it starts on a second thread while the XMPP server starts, and the
   * bridge's XMPP login goes on while the focus and the web app start. On a small server that is
   * two cores' worth of start-up work instead of one (docs/BENCHMARKS.md, "Start-up").
   *
   * @param env the environment with {@link AllCommand#embedded} applied
   * @param config a Prosody-style config file for the XMPP server, or null
   */
  static AllRoles start(Settings.Env env, Path config) throws Exception {
    Records records = RecordsRole.forAll(env).orElse(null);
    XmppServer xmpp = null;
    Videobridge bridge = null;
    Focus focus = null;
    FileShare files = null;
    FutureTask<Videobridge> media =
        background(
            "huddle-start-videobridge",
            () -> Videobridge.startMedia(AllCommand.bridgeConfig(env), null));
    FutureTask<Videobridge> control = null;
    try {
      xmpp =
          XmppServer.start(
              XmppConfigLoader.load(Optional.ofNullable(config), env),
              XmppCommand.extensions(env, records));
      bridge = await(media);
      Videobridge started = bridge;
      control =
          background(
              "huddle-start-videobridge-xmpp",
              () -> {
                started.startControl();
                return started;
              });
      if (records != null) {
        RecordsRole.mediaFor(bridge, records);
      }
      focus =
          Focus.start(
              FocusConfig.fromEnvironment(
                  Settings.Env.of(AllCommand.focusEnvironment(env.vars(), xmpp))));
      if (records != null) {
        focus.keepRecords(records);
        RecordsRole.scheduleFor(focus, records);
      }
      Settings.Env webEnv =
          Settings.Env.of(
              AllCommand.webEnvironment(env.vars(), xmpp.httpPort(), bridge.publicHttpPort()));
      files = FileShare.start(FileShareConfig.fromEnvironment(webEnv), records);
      WebServer web =
          WebServer.start(
              WebConfig.fromEnvironment(webEnv),
              DoctorCommand.selfCheck(webEnv),
              DoctorCommand.adminToken(env),
              records,
              files);
      await(control);
      return new AllRoles(records, xmpp, bridge, focus, files, web);
    } catch (Exception e) {
      // Let the start-up threads finish before stopping what they started.
      Videobridge late = settle(media);
      settle(control);
      new AllRoles(records, xmpp, bridge != null ? bridge : late, focus, files, null).close();
      throw e;
    }
  }

  private static <T> FutureTask<T> background(String name, Callable<T> task) {
    FutureTask<T> f = new FutureTask<>(task);
    Thread.ofPlatform().name(name).daemon().start(f);
    return f;
  }

  private static <T> T await(FutureTask<T> f) throws Exception {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** What the task returned once it ends, or null when it failed (the caller reports another). */
  private static <T> T settle(FutureTask<T> f) {
    if (f == null) {
      return null;
    }
    try {
      return f.get();
    } catch (ExecutionException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public void close() {
    if (web != null) {
      web.close();
    }
    if (files != null) {
      files.close();
    }
    if (focus != null) {
      focus.close();
    }
    if (bridge != null) {
      bridge.close();
    }
    if (xmpp != null) {
      xmpp.close();
    }
    RecordsRole.close(records);
  }
}
