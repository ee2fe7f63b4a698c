package org.huddle.launcher;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.huddle.common.config.Settings;
import org.huddle.launcher.doctor.Doctor;
import org.huddle.launcher.doctor.Report;
import org.huddle.web.SelfCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code huddle doctor}: checks from the server what browsers need to reach. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Checks, from the server and with the roles' environment, what breaks meetings of three or more:",
      "the addresses the bridge advertises and a STUN echo (UDP JVB_PORT, TCP JVB_TCP_MAPPED_PORT or",
      "JVB_TCP_PORT) through each, a TURN allocation with the XEP-0215 credentials (TURN_HOST,",
      "TURN_CREDENTIALS), through PUBLIC_URL the meeting page, BOSH, the XMPP WebSocket and colibri-ws,",
      "and the records database when PostgreSQL is configured (POSTGRES_HOST or DATABASE_URL).",
      "One line per check (OK, WARN, FAIL with its fix); exit 0 when nothing failed, else 1."
    })
final class DoctorCommand implements Callable<Integer> {
  final Settings.Env env;

  DoctorCommand() {
    this(Settings.Env.system());
  }

  DoctorCommand(Settings.Env env) {
    this.env = env;
  }

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Option(
      names = "--insecure",
      description = "Accept an untrusted (self-signed) certificate at PUBLIC_URL, and say so.")
  boolean insecure;

  @Option(
      names = "--timeout",
      defaultValue = "3",
      description = "Seconds each check waits (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Report r = Doctor.fromEnvironment(env, Duration.ofSeconds(timeoutSeconds), insecure).run();
    spec.commandLine().getOut().print(json ? r.json() : r.text());
    spec.commandLine().getOut().flush();
    return r.failed() ? 1 : 0;
  }

  /** The checks behind web's /about/doctor, for the same environment as the roles. */
  static SelfCheck selfCheck(Settings.Env env) {
    return () -> {
      try {
        Report r = Doctor.fromEnvironment(env, Duration.ofSeconds(3), true).run();
        return new SelfCheck.Result(r.failed(), r.text(), r.json());
      } catch (Exception e) {
        String line = "FAIL the checks could not start: " + e;
        return new SelfCheck.Result(true, line + "\n", "{\"ok\":false,\"error\":\"\"}\n");
      }
    };
  }

  /** HUDDLE_ADMIN_TOKEN: the bearer token /about/doctor needs ("" disables the page). */
  static String adminToken(Settings.Env env) {
    return env.get("HUDDLE_ADMIN_TOKEN").orElse("");
  }
}
