package org.huddle.launcher;

import java.util.concurrent.Callable;
import org.huddle.common.config.Settings;
import org.huddle.focus.Focus;
import org.huddle.focus.FocusConfig;
import picocli.CommandLine.Command;

/** {@code huddle focus}: the conference focus, Jicofo's job. */
@Command(
    name = "focus",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the conference focus, Jicofo's job: the component focus.meet.jitsi (JICOFO_COMPONENT_SECRET)",
      "and the client focus@auth.meet.jitsi (JICOFO_AUTH_PASSWORD); HTTP on 8888.",
      "Settings: defaults (focus-reference.conf), then docker-jitsi-meet's JICOFO_*/XMPP_* variables."
    })
final class FocusCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    Roles.runUntilStopped(Focus.start(FocusConfig.fromEnvironment(Settings.Env.system())));
    return 0;
  }
}
