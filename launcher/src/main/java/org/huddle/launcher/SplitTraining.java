package org.huddle.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.huddle.common.config.Settings;
import org.huddle.focus.Focus;
import org.huddle.focus.FocusConfig;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.VideobridgeConfig;
import org.huddle.web.FileShare;
import org.huddle.web.FileShareConfig;
import org.huddle.web.WebConfig;
import org.huddle.web.WebServer;
import org.huddle.xmpp.server.XmppServer;
import org.huddle.xmpp.server.config.XmppConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code huddle aot-train --train ROLE=FILE ... -- JAVA FLAGS}: each named role runs as its own
 * production command in a child JVM that writes its start-up cache when it exits; the other roles a
 * meeting needs run in this JVM, untrained; this JVM drives the meeting and stops the children.
 */
final class SplitTraining {
  private static final Logger LOG = LoggerFactory.getLogger(SplitTraining.class);

  /** The single roles, in the order they start (each needs the ones before it). */
  static final List<String> ROLES = List.of("xmpp", "videobridge", "focus", "web");

  /** How long a child may take to answer its health check, and to write its cache at exit. */
  private static final Duration START = Duration.ofMinutes(3);

  private static final Duration EXIT = Duration.ofMinutes(10);
  private static final Pattern OPERATIONAL = Pattern.compile("\"operational_bridge_count\":[1-9]");

  private final Map<String, Path> train;
  private final List<String> java;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  SplitTraining(Map<String, Path> train, List<String> javaCommand) {
    for (String role : train.keySet()) {
      if (!role.equals("all") && !ROLES.contains(role)) {
        throw new IllegalArgumentException(
            "--train " + role + ": not a role (all, xmpp, focus, videobridge, web)");
      }
    }
    if (train.containsKey("all") && train.size() > 1) {
      throw new IllegalArgumentException("--train all runs every role: train it on its own");
    }
    this.train = train;
    this.java =
        javaCommand.isEmpty()
            ? List.of(ProcessHandle.current().info().command().orElse("java"))
            : javaCommand;
  }

  int run(Map<String, String> system, int holdSeconds) throws Exception {
    Path data = Files.createTempDirectory("huddle-aot-train");
    Deque<AutoCloseable> started = new ArrayDeque<>();
    List<Child> children = new ArrayList<>();
    Thread reaper = new Thread(() -> children.forEach(c -> c.process.destroyForcibly()));
    Runtime.getRuntime().addShutdownHook(reaper);
    try {
      Map<String, String> env = environment(system, data);
      Settings.Env settings = Settings.Env.of(env);
      for (String role : train.containsKey("all") ? List.of("all") : ROLES) {
        if (train.containsKey(role)) {
          Child child = Child.start(role, command(role, train.get(role)), env);
          children.add(child);
          started.push(child);
          awaitHealth(child, healthUrls(env, role));
        } else {
          started.push(startHere(role, settings));
        }
      }
      String web = "http://127.0.0.1:" + env.get("HTTP_PORT");
      awaitOperationalBridge("http://127.0.0.1:" + env.get("HUDDLE_FOCUS_HTTP_PORT") + "/stats");
      String domain = env.getOrDefault("XMPP_DOMAIN", "meet.jitsi");
      String muc = env.getOrDefault("XMPP_MUC_DOMAIN", "muc." + domain);
      TrainingWorkload work = new TrainingWorkload(domain, "daily-standup@" + muc);
      work.meeting("ws://127.0.0.1:" + env.get("HTTP_PORT") + "/xmpp-websocket", 3, holdSeconds);
      List<String> urls = new ArrayList<>(List.of(web + "/daily-standup", web + "/config.js"));
      urls.addAll(healthUrls(env, "all"));
      int ok = work.requests(urls.toArray(String[]::new));
      LOG.info(
          "aot-train: a three-party meeting and {} of {} page and health requests",
          ok,
          urls.size());
    } finally {
      while (!started.isEmpty()) {
        try {
          started.pop().close();
        } catch (Exception e) {
          LOG.warn("aot-train: error while stopping", e);
        }
      }
      Runtime.getRuntime().removeShutdownHook(reaper);
      AotTrainCommand.deleteTree(data);
    }
    int failed = 0;
    for (Child c : children) {
      Path cache = train.get(c.role);
      if (Files.isRegularFile(cache) && Files.size(cache) > 0) {
        LOG.info("aot-train: {}: {} ({} MB)", c.role, cache, Files.size(cache) >> 20);
      } else {
        LOG.error("aot-train: {}: no cache at {} (exit status {})", c.role, cache, c.exit);
        failed++;
      }
    }
    return failed == 0 ? 0 : 1;
  }

  /**
   * The training environment: loopback, the throw-away data folder, and every port a role is
   * reached on a free one (each role here or in a child finds the others on them).
   */
  static Map<String, String> environment(Map<String, String> system, Path data) throws IOException {
    Map<String, String> env = AotTrainCommand.trainingEnvironment(system, data);
    for (String port :
        List.of(
            "XMPP_COMPONENT_PORT",
            "PROSODY_HTTP_PORT",
            "HUDDLE_JVB_WS_PORT",
            "HUDDLE_JVB_REST_PORT",
            "HUDDLE_FOCUS_HTTP_PORT",
            "HTTP_PORT")) {
      env.put(port, Integer.toString(AotTrainCommand.freePort()));
    }
    env.put("XMPP_SERVER", "127.0.0.1");
    env.remove("HUDDLE_XMPP_CONFIG");
    env.remove("HUDDLE_VIDEOBRIDGE_CONFIG");
    env.remove("HUDDLE_WEB_CONFIG");
    env.remove("HUDDLE_WEB_TLS_CERT");
    env.remove("HUDDLE_WEB_TLS_KEY");
    env.put("JVB_WS_DOMAIN", "localhost:" + env.get("HTTP_PORT"));
    env.put("XMPP_BOSH_URL_BASE", "http://127.0.0.1:" + env.get("PROSODY_HTTP_PORT"));
    env.put("HUDDLE_COLIBRI_WS_URL_BASE", "http://127.0.0.1:" + env.get("HUDDLE_JVB_WS_PORT"));
    return AllCommand.embedded(env);
  }

  /** The health endpoints of a role ("all": of every role). */
  static List<String> healthUrls(Map<String, String> env, String role) {
    Map<String, String> port =
        Map.of(
            "xmpp", "PROSODY_HTTP_PORT",
            "videobridge", "HUDDLE_JVB_REST_PORT",
            "focus", "HUDDLE_FOCUS_HTTP_PORT",
            "web", "HTTP_PORT");
    return (role.equals("all") ? ROLES : List.of(role))
        .stream().map(r -> "http://127.0.0.1:" + env.get(port.get(r)) + "/about/health").toList();
  }

  /** The role's production command, recorded: JAVA FLAGS -XX:AOTCacheOutput=FILE -jar JAR ROLE. */
  private List<String> command(String role, Path cache) throws URISyntaxException {
    Path jar =
        Path.of(SplitTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("aot-train --train runs from huddle.jar, not from " + jar);
    }
    List<String> cmd = new ArrayList<>(java);
    cmd.add("-XX:AOTCacheOutput=" + cache.toAbsolutePath());
    cmd.addAll(List.of("-jar", jar.toString(), role));
    return cmd;
  }

  /** A role that is not trained, started in this JVM as its own command starts it. */
  private static AutoCloseable startHere(String role, Settings.Env env) throws Exception {
    switch (role) {
      case "xmpp" -> {
        return XmppServer.start(
            XmppConfigLoader.load(Optional.empty(), env), XmppCommand.extensions(env, null));
      }
      case "videobridge" -> {
        return Videobridge.start(VideobridgeConfig.fromEnvironment(env));
      }
      case "focus" -> {
        return Focus.start(FocusConfig.fromEnvironment(env));
      }
      default -> {
        FileShare files = FileShare.start(FileShareConfig.fromEnvironment(env), null);
        WebServer web =
            WebServer.start(
                WebConfig.fromEnvironment(env),
                DoctorCommand.selfCheck(env),
                DoctorCommand.adminToken(env),
                null,
                files);
        return () -> {
          web.close();
          if (files != null) {
            files.close();
          }
        };
      }
    }
  }

  private void awaitHealth(Child child, List<String> urls) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    for (String url : urls) {
      while (!ok(url)) {
        if (!child.process.isAlive()) {
          throw new IllegalStateException(
              child.role + " exited while starting (status " + child.process.exitValue() + ")");
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(child.role + ": no answer from " + url + " in " + START);
        }
        Thread.sleep(100);
      }
    }
    LOG.info("aot-train: {} is up", child.role);
  }

  /** The meeting needs the focus to know a bridge (its health does not ask for one). */
  private void awaitOperationalBridge(String stats) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        String body =
            http.send(
                    HttpRequest.newBuilder(URI.create(stats))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        if (OPERATIONAL.matcher(body.replace(" ", "")).find()) {
          LOG.info("aot-train: the focus sees an operational bridge");
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(100);
    }
    LOG.warn("aot-train: the focus sees no operational bridge; the meeting goes on without one");
  }

  private boolean ok(String url) throws InterruptedException {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /** A trained role's JVM; closing it sends SIGTERM and waits while it writes its cache. */
  private static final class Child implements AutoCloseable {
    final String role;
    final Process process;
    int exit = -1;

    private Child(String role, Process process) {
      this.role = role;
      this.process = process;
    }

    static Child start(String role, List<String> command, Map<String, String> env)
        throws IOException {
      LOG.info("aot-train: {}: {}", role, String.join(" ", command));
      ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
      pb.environment().clear();
      pb.environment().putAll(env);
      return new Child(role, pb.start());
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(EXIT.toSeconds(), TimeUnit.SECONDS)) {
        LOG.error("aot-train: {} did not exit in {}; killed", role, EXIT);
        process.destroyForcibly().waitFor();
      }
      exit = process.exitValue();
    }
  }
}
