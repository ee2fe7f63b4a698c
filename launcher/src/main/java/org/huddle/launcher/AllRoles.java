package org.huddle.launcher;

import java.nio.file.Path;
import java.util.Optional;
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
   * Starts the records, the XMPP server, the bridge, the focus and the web app, in that order (each
   * needs the ports of the ones before); what started is stopped again when one fails.
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
    try {
      xmpp =
          XmppServer.start(
              XmppConfigLoader.load(Optional.ofNullable(config), env),
              XmppCommand.extensions(env, records));
      bridge = Videobridge.start(AllCommand.bridgeConfig(env));
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
      return new AllRoles(records, xmpp, bridge, focus, files, web);
    } catch (Exception e) {
      new AllRoles(records, xmpp, bridge, focus, files, null).close();
      throw e;
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
