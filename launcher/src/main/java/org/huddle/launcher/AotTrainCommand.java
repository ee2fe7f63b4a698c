package org.huddle.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.huddle.common.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code huddle aot-train}: the training run of the JDK's ahead-of-time cache (JEP 483/514/515).
 *
 * <p>With {@code --train ROLE=FILE} (what {@code scripts/lib.sh}'s {@code huddle_aot_train} runs)
 * this JVM is only the coordinator and is not recorded: each named role runs as its own production
 * command ({@code java FLAGS -XX:AOTCacheOutput=FILE -jar huddle.jar ROLE}, the flags given after
 * {@code --}) in a child JVM that the JDK records, the roles a meeting needs that are not named run
 * here, untrained, and this JVM drives the meeting ({@link TrainingWorkload}). Then it stops the
 * children with SIGTERM, as Compose and the watchdog do, and each writes its cache as it exits. So
 * a role's cache holds what that role loads and runs, and nothing of the other roles or of the
 * workload's client. All on loopback, on free ports and in a throw-away data folder, so it can run
 * beside a live server.
 *
 * <p>Without {@code --train} every role runs in this JVM and the meeting too (the first design,
 * kept as a self-contained smoke run); with {@code --against} it only drives the meeting against a
 * running Huddle (bench/startup).
 */
@Command(
    name = "aot-train",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = {
      "The training run of the start-up caches: the roles on loopback, a short",
      "meeting, then exit. --train ROLE=FILE (repeatable) runs ROLE in a JVM of",
      "its own, started with the java and flags after --, which writes its cache",
      "to FILE as it stops:",
      "  huddle aot-train --train xmpp=huddle-xmpp.aot -- java -XX:+UseSerialGC"
    })
final class AotTrainCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(AotTrainCommand.class);

  @Option(
      names = "--against",
      paramLabel = "URL",
      description =
          "Drive the meeting against a running Huddle's web app (e.g. http://127.0.0.1:8000)"
              + " instead of starting the roles here (bench/startup measures memory with it).")
  URI against;

  @Option(
      names = "--hold",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description = "How long the participants stay in the meeting before leaving (default 0).")
  int holdSeconds;

  @Option(
      names = "--train",
      paramLabel = "ROLE=FILE",
      description =
          "Train ROLE (all, xmpp, focus, videobridge, web) in a JVM of its own, which writes its"
              + " start-up cache to FILE; repeatable, one meeting trains them all.")
  Map<String, Path> train = new LinkedHashMap<>();

  @Parameters(
      paramLabel = "JAVA",
      description =
          "With --train: the java command and its flags for the trained JVMs (default: this"
              + " JVM's java, no flags).")
  List<String> javaCommand = new ArrayList<>();

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!train.isEmpty()) {
      SplitTraining split;
      try {
        split = new SplitTraining(train, javaCommand);
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("aot-train: " + e.getMessage());
        return picocli.CommandLine.ExitCode.USAGE;
      }
      return split.run(System.getenv(), holdSeconds);
    }
    if (against != null) {
      Map<String, String> env = System.getenv();
      String domain = env.getOrDefault("XMPP_DOMAIN", "meet.jitsi");
      new TrainingWorkload(
              domain, "daily-standup@" + env.getOrDefault("XMPP_MUC_DOMAIN", "muc." + domain))
          .meeting(
              against.toString().replaceFirst("^http", "ws") + "/xmpp-websocket", 3, holdSeconds);
      LOG.info("aot-train: a three-party meeting against {}", against);
      return 0;
    }
    Path data = Files.createTempDirectory("huddle-aot-train");
    try {
      Map<String, String> env = AllCommand.embedded(trainingEnvironment(System.getenv(), data));
      Settings.Env settings = Settings.Env.of(env);
      String domain = env.getOrDefault("XMPP_DOMAIN", "meet.jitsi");
      String muc = env.getOrDefault("XMPP_MUC_DOMAIN", "muc." + domain);
      try (AllRoles roles = AllRoles.start(settings, null)) {
        String web = "http://127.0.0.1:" + roles.web().port();
        TrainingWorkload work = new TrainingWorkload(domain, "daily-standup@" + muc);
        work.meeting("ws://127.0.0.1:" + roles.web().port() + "/xmpp-websocket", 3, holdSeconds);
        int ok =
            work.requests(
                web + "/about/health",
                web + "/daily-standup",
                web + "/config.js",
                "http://127.0.0.1:" + roles.xmpp().httpPort() + "/about/health",
                "http://127.0.0.1:" + roles.bridge().privateHttpPort() + "/about/health",
                "http://127.0.0.1:" + roles.focus().httpPort() + "/about/health");
        LOG.info("aot-train: a three-party meeting and {} of 6 page and health requests", ok);
      }
      return 0;
    } finally {
      deleteTree(data);
    }
  }

  /** The environment with loopback, free ports and the throw-away data folder. */
  static Map<String, String> trainingEnvironment(Map<String, String> system, Path data)
      throws IOException {
    Map<String, String> env = new java.util.HashMap<>(system);
    env.put("HUDDLE_BIND_ADDRESS", "127.0.0.1");
    env.put("HUDDLE_DATA_PATH", data.toString());
    env.remove("HUDDLE_RECORDS_PATH");
    env.remove("HUDDLE_FILE_SHARE_PATH");
    env.remove("DATABASE_URL");
    env.remove("POSTGRES_HOST");
    env.remove("PUBLIC_URL");
    // The bridge connects to XMPP_PORT itself, so that one is a real free port; the rest bind 0.
    env.put("XMPP_PORT", Integer.toString(freePort()));
    for (String port :
        new String[] {
          "XMPP_COMPONENT_PORT",
          "PROSODY_HTTP_PORT",
          "JVB_PORT",
          "JVB_TCP_PORT",
          "HUDDLE_JVB_WS_PORT",
          "HUDDLE_JVB_REST_PORT",
          "HUDDLE_FOCUS_HTTP_PORT",
          "HTTP_PORT"
        }) {
      env.put(port, "0");
    }
    return env;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
