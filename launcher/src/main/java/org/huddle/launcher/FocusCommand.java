package org.huddle.launcher;

import java.util.concurrent.Callable;
import org.huddle.common.config.Settings;
import org.huddle.focus.Focus;
import org.huddle.focus.FocusConfig;
import org.huddle.records.Records;
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
    Settings.Env env = Settings.Env.system();
    Records records = RecordsRole.forRole(env, "focus").orElse(null);
    Focus focus = Focus.start(FocusConfig.fromEnvironment(env));
    if (records != null) {
      focus.keepRecords(records);
      RecordsRole.scheduleFor(focus, records);
    }
    Roles.runUntilStopped(
        () -> {
          focus.close();
          if (records != null) {
            records.close();
          }
        });
    return 0;
  }
}
