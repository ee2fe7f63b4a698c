package org.huddle.launcher;

import java.util.concurrent.Callable;
import org.huddle.common.config.Settings;
import org.huddle.records.Records;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.VideobridgeConfig;
import picocli.CommandLine.Command;

/** {@code huddle videobridge}: the SFU, jitsi-videobridge's job. */
@Command(
    name = "videobridge",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the SFU: media on 10000/udp (one port for every endpoint), colibri-ws on 9090, REST on 8080.",
      "It logs into XMPP as jvb@auth.meet.jitsi (JVB_AUTH_PASSWORD) and announces itself in the brewery.",
      "Settings: defaults (videobridge-reference.conf), then HUDDLE_VIDEOBRIDGE_CONFIG, then JVB_*/XMPP_* variables.",
      "With PostgreSQL configured (DATABASE_URL or POSTGRES_*), each endpoint's media summary goes to the meeting records."
    })
final class VideobridgeCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    Settings.Env env = Settings.Env.system();
    Records records = RecordsRole.forRole(env, "videobridge").orElse(null);
    Videobridge bridge;
    try {
      bridge = Videobridge.start(VideobridgeConfig.fromEnvironment(env));
    } catch (Exception e) {
      if (records != null) {
        records.close();
      }
      throw e;
    }
    if (records != null) {
      RecordsRole.mediaFor(bridge, records);
    }
    Roles.runUntilStopped(
        () -> {
          bridge.close(); // its last endpoints' summaries are queued before the records close
          if (records != null) {
            records.close();
          }
        });
    return 0;
  }
}
