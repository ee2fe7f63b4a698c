package org.huddle.launcher;

import java.util.concurrent.Callable;
import org.huddle.common.config.Settings;
import org.huddle.records.Records;
import org.huddle.web.FileShare;
import org.huddle.web.FileShareConfig;
import org.huddle.web.WebConfig;
import org.huddle.web.WebServer;
import picocli.CommandLine.Command;

/** {@code huddle web}: the meeting web app, config.js, health and metrics, and the proxy. */
@Command(
    name = "web",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the meeting web app on HTTP 8000 (HTTPS 8443 with HUDDLE_WEB_TLS_CERT and HUDDLE_WEB_TLS_KEY):",
      "the app, /config.js, /about/health, /metrics, and the proxy of /http-bind and /xmpp-websocket to",
      "XMPP_BOSH_URL_BASE and of /colibri-ws/ to HUDDLE_COLIBRI_WS_URL_BASE; /about/doctor (huddle doctor's",
      "checks) for Authorization: Bearer HUDDLE_ADMIN_TOKEN.",
      "Settings: defaults (web-reference.conf), then HUDDLE_WEB_CONFIG, then docker-jitsi-meet's web variables."
    })
final class WebCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    Settings.Env env = Settings.Env.system();
    Records records = RecordsRole.forRole(env, "web").orElse(null);
    FileShare files = FileShare.start(FileShareConfig.fromEnvironment(env), records);
    WebServer web =
        WebServer.start(
            WebConfig.fromEnvironment(env),
            DoctorCommand.selfCheck(env),
            DoctorCommand.adminToken(env),
            records,
            files);
    Roles.runUntilStopped(
        () -> {
          web.close();
          if (files != null) {
            files.close();
          }
          if (records != null) {
            records.close();
          }
        });
    return 0;
  }
}
