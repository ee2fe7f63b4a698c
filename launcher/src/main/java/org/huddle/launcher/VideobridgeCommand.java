package org.huddle.launcher;

import java.util.concurrent.Callable;
import org.huddle.common.config.Settings;
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
      "Settings: defaults (videobridge-reference.conf), then HUDDLE_VIDEOBRIDGE_CONFIG, then JVB_*/XMPP_* variables."
    })
final class VideobridgeCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    Roles.runUntilStopped(
        Videobridge.start(VideobridgeConfig.fromEnvironment(Settings.Env.system())));
    return 0;
  }
}
