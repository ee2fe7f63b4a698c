package org.huddle.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.huddle.common.config.Settings;
import org.huddle.records.Records;
import org.huddle.xmpp.server.XmppServer;
import org.huddle.xmpp.server.api.ServerExtension;
import org.huddle.xmpp.server.config.XmppConfig;
import org.huddle.xmpp.server.config.XmppConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code huddle xmpp}: the XMPP server, Prosody's job. */
@Command(
    name = "xmpp",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the XMPP server: c2s on 5222, components on 5347, HTTP on 5280.",
      "Settings come from defaults, then --config (or HUDDLE_XMPP_CONFIG), then environment variables with",
      "docker-jitsi-meet's names. Every default is documented in huddle-xmpp.reference.cfg.lua."
    })
final class XmppCommand implements Callable<Integer> {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "A Prosody-style config file (VirtualHost, Component, options).")
  Path config;

  @Override
  public Integer call() throws Exception {
    XmppConfig cfg = load(config);
    Settings.Env env = Settings.Env.system();
    Records records = RecordsRole.forRole(env, "xmpp").orElse(null);
    XmppServer xmpp;
    try {
      xmpp = XmppServer.start(cfg, extensions(env, records));
    } catch (Exception e) {
      RecordsRole.close(records);
      throw e;
    }
    Roles.runUntilStopped(
        () -> {
          xmpp.close();
          RecordsRole.close(records);
        });
    return 0;
  }

  /**
   * What every XMPP role gets: the Lua room-policy plugins and token authentication, and the
   * moderators' actions in the audit log when {@code records} is not null.
   */
  static List<ServerExtension> extensions(Settings.Env env, Records records) {
    List<ServerExtension> all = new ArrayList<>();
    all.add(org.huddle.auth.plugins.LuaPlugins.extension(null, env));
    if (records != null) {
      all.add(MucAudit.extension(records));
    }
    return all;
  }

  static XmppConfig load(Path config) throws java.io.IOException {
    return XmppConfigLoader.load(Optional.ofNullable(config), Settings.Env.system());
  }
}
