package org.huddle.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.huddle.common.config.Settings;
import org.huddle.xmpp.server.config.XmppConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code huddle probe}: health checks for containers and the watchdog, with no curl needed in the
 * image. Exits 0 when the service answers as it should, 1 (with the reason on stderr) when it does
 * not.
 */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = "Checks a service: exit 0 when healthy, 1 with the reason otherwise.",
    subcommands = {ProbeCommand.Http.class, ProbeCommand.Xmpp.class})
final class ProbeCommand {
  /** Where HUDDLE_HEALTH_PASSWORD and the domains come from (tests pass their own). */
  final Settings.Env env;

  ProbeCommand() {
    this(Settings.Env.system());
  }

  ProbeCommand(Settings.Env env) {
    this.env = env;
  }

  @Option(
      names = "--timeout",
      defaultValue = "5",
      description = "Seconds to wait (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Command(
      name = "http",
      mixinStandardHelpOptions = true,
      description = "GETs a URL; healthy on a 2xx answer.")
  static final class Http implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand ProbeCommand parent;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "URL", description = "e.g. http://127.0.0.1:5280/about/health")
    URI url;

    @Override
    public Integer call() {
      Duration timeout = Duration.ofSeconds(parent.timeoutSeconds);
      try {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(url).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 == 2) {
          return 0;
        }
        spec.commandLine()
            .getErr()
            .println(url + " answered " + r.statusCode() + ": " + r.body().strip());
      } catch (Exception e) {
        spec.commandLine().getErr().println(url + " did not answer: " + e);
      }
      return 1;
    }
  }

  @Command(
      name = "xmpp",
      mixinStandardHelpOptions = true,
      description = {
        "Logs in over c2s, with STARTTLS when the server offers it; healthy once a resource is bound.",
        "With HUDDLE_HEALTH_PASSWORD in the environment (never on the command line: ps shows it), it",
        "logs in as HUDDLE_HEALTH_USER (default health) on the auth domain with SASL PLAIN, or",
        "SCRAM-SHA-1 where PLAIN is not offered; this works whatever ENABLE_AUTH and AUTH_TYPE say.",
        "Without it, it logs in with SASL ANONYMOUS on DOMAIN."
      })
  static final class Xmpp implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand ProbeCommand parent;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST:PORT", description = "e.g. 127.0.0.1:5222")
    String address;

    @Parameters(
        index = "1",
        paramLabel = "DOMAIN",
        defaultValue = "meet.jitsi",
        description = "the anonymous (guest) domain, without a health password")
    String domain;

    @Option(
        names = "--auth-domain",
        paramLabel = "DOMAIN",
        description =
            "the health account's domain (default: XMPP_AUTH_DOMAIN, else auth.<XMPP_DOMAIN>, else"
                + " auth.meet.jitsi)")
    String authDomain;

    @Override
    public Integer call() {
      Settings.Env env = parent.env;
      int colon = address.lastIndexOf(':');
      String host = colon > 0 ? address.substring(0, colon) : address;
      int port = colon > 0 ? Integer.parseInt(address.substring(colon + 1)) : 5222;
      XmppProbe.Account account =
          env.get("HUDDLE_HEALTH_PASSWORD")
              .map(p -> new XmppProbe.Account(env.get("HUDDLE_HEALTH_USER").orElse("health"), p))
              .orElse(null);
      String to =
          account == null
              ? domain
              : authDomain != null ? authDomain : XmppConfigLoader.Domains.from(env).auth();
      try {
        new XmppProbe(host, port, Duration.ofSeconds(parent.timeoutSeconds), to, account, true)
            .run();
        return 0;
      } catch (XmppProbe.Unhealthy e) {
        spec.commandLine().getErr().println("xmpp " + address + " (" + to + ") " + e.getMessage());
      } catch (Exception e) {
        spec.commandLine()
            .getErr()
            .println("xmpp " + address + " (" + to + ") did not log in: " + oneLine(e.toString()));
      }
      return 1;
    }

    private static String oneLine(String s) {
      return s.replaceAll("\\s+", " ").strip();
    }
  }
}
