package org.huddle.deployment;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's day in container mode, for real: Podman and podman-compose run the Compose file
 * with images that {@code deploy.sh build --offline} made from Debian packages. In a temporary
 * deployment folder, in order: init, build, start and wait for health; three Chromium participants
 * meet through nginx over HTTPS; a private room refuses a wrong password; status; the videobridge
 * container is killed and the watchdog brings it back; backup and restore; stop leaves nothing.
 * Ports are published on 127.0.0.1 only, and the containers sit on the project's own Podman
 * network. Each step's time is printed and kept in target/container-deployment-times.txt.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerDeploymentIT {
  @TempDir static Path home;
  static Path envFile;
  static String project;
  static final Map<String, Integer> ports = new LinkedHashMap<>();
  static final Map<String, Long> times = new LinkedHashMap<>();
  static ComposeProject compose;

  @BeforeAll
  static void prepare() throws Exception {
    for (String tool :
        List.of("podman", "podman-compose", "debootstrap", "node", "/usr/bin/chromium")) {
      assertThat(
              Scripts.run(
                      List.of("sh", "-c", "command -v " + tool), Map.of(), Duration.ofSeconds(10))
                  .exit())
          .as("%s is needed for the container deployment test (scripts/test.sh installs it)", tool)
          .isZero();
    }
    assertThat(Scripts.repo().resolve("web/frontend/node_modules/playwright-core"))
        .as("playwright-core is installed by the build's 'npm ci' in web/frontend")
        .isDirectory();
    envFile = home.resolve("docker/.env");
    project = "huddle-it-" + ProcessHandle.current().pid();
    compose = new ComposeProject(home, project);
    ports.put("HTTP_PORT", LocalDeployment.freeTcpPort());
    ports.put("HTTPS_PORT", LocalDeployment.freeTcpPort());
    ports.put("JVB_PORT", LocalDeployment.freeUdpPort());
    ports.put("JVB_TCP_PORT", LocalDeployment.freeTcpPort());
    ports.put("TURN_PORT", LocalDeployment.freeUdpAndTcpPort());
    ports.put("UPTIME_KUMA_PORT", LocalDeployment.freeTcpPort());
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (envFile != null && Files.exists(envFile)) {
      watchdog("stop");
      deploy("stop");
    }
    if (compose != null) {
      compose.removeAll();
    }
    StringBuilder s = new StringBuilder();
    times.forEach((k, v) -> s.append(k).append(": ").append(v).append(" ms\n"));
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/container-deployment-times.txt"), s, UTF_8);
    System.out.print("Container deployment times:\n" + s);
  }

  static Scripts.Result deploy(String... args) throws IOException, InterruptedException {
    return script("deploy.sh", args);
  }

  static Scripts.Result watchdog(String... args) throws IOException, InterruptedException {
    return script("auto-restart.sh", args);
  }

  private static Scripts.Result script(String name, String... args)
      throws IOException, InterruptedException {
    return script(name, Map.of(), args);
  }

  private static Scripts.Result script(String name, Map<String, String> extraEnv, String... args)
      throws IOException, InterruptedException {
    return compose.script(name, extraEnv, args);
  }

  static long timed(String step, long startNanos) {
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    times.put(step, ms);
    System.out.printf("%s: %d ms%n", step, ms);
    return ms;
  }

  static Scripts.Result podman(String... args) throws IOException, InterruptedException {
    return ComposeProject.podman(args);
  }

  static String containerOf(String service) throws IOException, InterruptedException {
    return compose.containerOf(service);
  }

  /** Runs one of the app's browser scenarios against nginx over HTTPS; fails with its output. */
  static List<String> scenario(String name) throws IOException, InterruptedException {
    Path out = Path.of("target/container-e2e").resolve(name).toAbsolutePath();
    Files.createDirectories(out);
    Map<String, String> env = new HashMap<>();
    env.put("HUDDLE_URL", "https://127.0.0.1:" + ports.get("HTTPS_PORT"));
    env.put("HUDDLE_E2E_IGNORE_TLS_ERRORS", "1");
    env.put("HUDDLE_E2E_OUTPUT", out.toString());
    env.put("HUDDLE_E2E_SCENARIO_LIMIT_MS", "240000");
    Scripts.Result r =
        Scripts.run(
            List.of(
                "sh",
                "-c",
                "cd " + Scripts.repo().resolve("web/frontend") + " && node e2e/run.mjs " + name),
            env,
            Duration.ofMinutes(5));
    Files.writeString(out.resolve("output.txt"), r.out() + r.err(), UTF_8);
    assertThat(r.exit()).as("scenario %s through nginx:%n%s%n%s", name, r.out(), r.err()).isZero();
    return r.out().lines().toList();
  }

  @Test
  @Order(1)
  void initBuildOfflineAndStartBringUpEveryContainerHealthy() throws Exception {
    Scripts.Result init = deploy("init");
    assertThat(init.exit()).as("%s", init).isZero();
    StringBuilder s = new StringBuilder("\n# container deployment test\n");
    s.append("HUDDLE_PUBLISH_ADDRESS=127.0.0.1\n");
    ports.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
    // A small relay range, published on loopback; TURN is offered at loopback too.
    s.append("TURN_RELAY_MIN_PORT=49160\nTURN_RELAY_MAX_PORT=49169\nTURN_HOST=127.0.0.1\n");
    s.append("PUBLIC_URL=https://127.0.0.1:").append(ports.get("HTTPS_PORT")).append('\n');
    s.append("JVB_ADVERTISE_IPS=127.0.0.1\n");
    s.append("CHECK_INTERVAL=2\nFAILURES_BEFORE_RESTART=1\n");
    Files.writeString(envFile, s, UTF_8, StandardOpenOption.APPEND);

    // A build that fails (debootstrap from a mirror that is not there) stops start with the
    // build's last lines, and nothing is started.
    Map<String, String> broken = new HashMap<>();
    broken.put("HUDDLE_IMAGE_SOURCE", "offline");
    broken.put(
        "HUDDLE_DEBIAN_MIRROR", "http://127.0.0.1:" + LocalDeployment.freeTcpPort() + "/debian");
    Scripts.Result failed = script("deploy.sh", broken, "start");
    assertThat(failed.exit()).as("%s", failed).isEqualTo(1);
    assertThat(failed.err()).contains("debootstrap failed; its last lines");
    assertThat(
            podman("ps", "-aq", "--filter", "label=com.docker.compose.project=" + project)
                .out()
                .strip())
        .as("nothing half-started")
        .isEmpty();

    long t0 = System.nanoTime();
    Scripts.Result build = deploy("build", "--offline");
    timed("deploy.sh build --offline", t0);
    assertThat(build.exit()).as("%s", build).isZero();
    for (String image :
        List.of(
            "huddle/huddle:local",
            "localhost/huddle-nginx:offline",
            "localhost/huddle-coturn:offline",
            "localhost/huddle-redis:offline",
            "localhost/huddle-postgres:offline",
            "localhost/huddle-uptime-kuma:offline")) {
      assertThat(podman("image", "exists", image).exit()).as("image %s was built", image).isZero();
    }
    assertThat(Files.readString(envFile)).contains("HUDDLE_IMAGE_SOURCE=offline");

    t0 = System.nanoTime();
    Scripts.Result start = deploy("start");
    timed("deploy.sh start (every container healthy)", t0);
    assertThat(start.exit()).as("%s", start).isZero();
    for (String service :
        List.of("nginx", "web", "xmpp", "focus", "videobridge", "coturn", "redis", "postgres")) {
      assertThat(start.out()).as("%s", start).contains(service + " is healthy");
      assertThat(containerOf(service)).as("%s has a container", service).isNotEmpty();
    }
    assertThat(start.out()).contains("Uptime Kuma has a monitor for every service");
    // Published on loopback only.
    Scripts.Result portsOut = podman("port", containerOf("nginx"));
    assertThat(portsOut.out())
        .contains("127.0.0.1:" + ports.get("HTTPS_PORT"))
        .doesNotContain("0.0.0.0");
  }

  @Test
  @Order(2)
  void uptimeKumaWatchesEveryServiceWithTheEnvPasswordAndProvisioningTwiceAddsNothing()
      throws Exception {
    String kuma = containerOf("uptime-kuma");
    Map<String, String> env = Map.of("ENGINE", "podman");
    String provision = Scripts.repo().resolve("scripts/uptime-kuma-provision.sh").toString();
    Scripts.Result again =
        Scripts.run(
            List.of(provision, "--exec", kuma, "http://127.0.0.1:3001", envFile.toString()),
            env,
            Duration.ofMinutes(2));
    assertThat(again.exit()).as("%s", again).isZero();
    Scripts.Result list =
        Scripts.run(
            List.of(
                provision, "--exec", kuma, "--list", "http://127.0.0.1:3001", envFile.toString()),
            env,
            Duration.ofMinutes(2));
    assertThat(list.exit()).as("%s", list).isZero();
    com.fasterxml.jackson.databind.JsonNode monitors =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(list.out());
    List<String> names = new ArrayList<>();
    monitors.forEach(m -> names.add(m.get("name").asText()));
    assertThat(names)
        .as("one monitor per service, none twice")
        .containsExactlyInAnyOrder(
            "Huddle web page",
            "Huddle BOSH",
            "Huddle XMPP WebSocket",
            "Huddle XMPP health",
            "Huddle videobridge health",
            "Huddle focus health",
            "Huddle TURN port");
    // Each monitor checks its service through the Compose network: all of them report up.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      List<String> notUp = new ArrayList<>();
      monitors.forEach(
          m -> {
            if (!"up".equals(m.path("status").asText())) {
              notUp.add(
                  m.get("name").asText()
                      + ": "
                      + m.path("status").asText()
                      + " "
                      + m.path("msg").asText());
            }
          });
      if (notUp.isEmpty()) {
        break;
      }
      assertThat(System.nanoTime())
          .as("monitors not up after 120 s: %s", notUp)
          .isLessThan(deadline);
      Thread.sleep(5000);
      list =
          Scripts.run(
              List.of(
                  provision, "--exec", kuma, "--list", "http://127.0.0.1:3001", envFile.toString()),
              env,
              Duration.ofMinutes(2));
      monitors = new com.fasterxml.jackson.databind.ObjectMapper().readTree(list.out());
    }
    Path wrong = home.resolve("wrong.env");
    Files.writeString(wrong, "UPTIME_KUMA_ADMIN_PASSWORD=not-the-password1\n");
    Scripts.Result refused =
        Scripts.run(
            List.of(provision, "--exec", kuma, "--list", "http://127.0.0.1:3001", wrong.toString()),
            env,
            Duration.ofMinutes(2));
    assertThat(refused.exit()).as("another password is refused: %s", refused).isEqualTo(3);
  }

  @Test
  @Order(3)
  void threeBrowsersMeetThroughNginxOverHttpsAndDecodeEachOthersVideo() throws Exception {
    long t0 = System.nanoTime();
    List<String> out = scenario("three-participants");
    timed("three Chromium participants decode each other (scenario)", t0);
    assertThat(out).anySatisfy(l -> assertThat(l).contains("PASS three-participants"));
    out.stream().filter(l -> l.startsWith("JOIN_TIME_MS=")).forEach(System.out::println);
  }

  @Test
  @Order(4)
  void aPrivateRoomRefusesAWrongPassword() throws Exception {
    List<String> out = scenario("private-room");
    assertThat(out).anySatisfy(l -> assertThat(l).contains("refused with a wrong one"));
  }

  @Test
  @Order(5)
  void statusSaysEverythingIsHealthy() throws Exception {
    long t0 = System.nanoTime();
    Scripts.Result status = deploy("status");
    timed("deploy.sh status", t0);
    assertThat(status.exit()).as("%s", status).isZero();
    for (String service :
        List.of("nginx", "web", "xmpp", "focus", "videobridge", "coturn", "redis", "postgres")) {
      assertThat(status.out()).containsPattern(service + " +running \\([0-9a-f]+\\), healthy");
    }
    Scripts.Result logs = deploy("logs", "xmpp");
    assertThat(logs.exit()).as("%s", logs).isZero();
    assertThat(logs.out() + logs.err()).contains("c2s");
  }

  @Test
  @Order(6)
  void aKilledVideobridgeContainerIsRestartedByTheWatchdogWithMediaBack() throws Exception {
    Scripts.Result started = watchdog("start");
    assertThat(started.exit()).as("%s", started).isZero();
    String before = containerOf("videobridge");
    Path watchLog = home.resolve("run/logs/auto-restart.log");
    long t0 = System.nanoTime();
    assertThat(podman("kill", before).exit()).isZero();
    Scripts.Result down = deploy("status", "videobridge");
    assertThat(down.exit()).as("status while the bridge is down: %s", down).isEqualTo(3);
    assertThat(down.out()).containsPattern("videobridge +DOWN or UNHEALTHY");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline
        && !(Files.exists(watchLog)
            && Files.readString(watchLog).contains("videobridge restarted and healthy"))) {
      Thread.sleep(250);
    }
    long ms = timed("killed videobridge: restarted by auto-restart.sh and healthy", t0);
    String log = Files.exists(watchLog) ? Files.readString(watchLog) : "";
    assertThat(log).as("the watchdog's log").contains("restarting videobridge: the container is");
    assertThat(log).as("the watchdog's log").contains("videobridge restarted and healthy");
    assertThat(ms).as("healthy again within 20 s of the kill").isLessThanOrEqualTo(20_000);
    t0 = System.nanoTime();
    List<String> out = scenario("three-participants");
    timed("after the restart: three participants decode each other again", t0);
    assertThat(out).anySatisfy(l -> assertThat(l).contains("PASS three-participants"));
    Scripts.Result stopped = watchdog("stop");
    assertThat(stopped.exit()).as("%s", stopped).isZero();
  }

  @Test
  @Order(7)
  void backupThenRestoreRoundTrips() throws Exception {
    assertThat(podman("exec", containerOf("redis"), "redis-cli", "set", "huddle:it", "kept").exit())
        .isZero();
    String envBefore = Files.readString(envFile);
    long t0 = System.nanoTime();
    Scripts.Result backup = deploy("backup");
    timed("deploy.sh backup", t0);
    assertThat(backup.exit()).as("%s", backup).isZero();
    Path archive = Path.of(backup.out().lines().reduce((a, b) -> b).orElseThrow().strip());
    assertThat(archive).exists();
    Scripts.Result listing =
        Scripts.run(List.of("tar", "-tzf", archive.toString()), Map.of(), Duration.ofSeconds(30));
    assertThat(listing.out())
        .contains("huddle/env", "huddle/redis.rdb", "huddle/config/rooms/room-policy.cfg.lua");

    Scripts.Result stop = deploy("stop");
    assertThat(stop.exit()).as("%s", stop).isZero();
    // The disaster: settings and data gone.
    Scripts.run(
        List.of("rm", "-rf", envFile.toString(), home.resolve("docker/config").toString()),
        Map.of(),
        Duration.ofSeconds(30));
    t0 = System.nanoTime();
    Scripts.Result restore = deploy("restore", archive.toString());
    assertThat(restore.exit()).as("%s", restore).isZero();
    assertThat(Files.readString(envFile)).isEqualTo(envBefore);
    Scripts.Result start = deploy("start");
    timed("restore, then start (every container healthy)", t0);
    assertThat(start.exit()).as("%s", start).isZero();
    // The health account's login (the xmpp check) works: the accounts came back; so did Redis.
    assertThat(start.out()).contains("xmpp is healthy");
    Scripts.Result key = podman("exec", containerOf("redis"), "redis-cli", "get", "huddle:it");
    assertThat(key.out().strip()).isEqualTo("kept");
  }

  @Test
  @Order(8)
  void stopLeavesNoContainerRunning() throws Exception {
    long t0 = System.nanoTime();
    Scripts.Result stop = deploy("stop");
    timed("deploy.sh stop", t0);
    assertThat(stop.exit()).as("%s", stop).isZero();
    Scripts.Result left =
        podman("ps", "-aq", "--filter", "label=com.docker.compose.project=" + project);
    assertThat(left.out().strip()).as("containers left").isEmpty();
    Scripts.Result again = deploy("stop");
    assertThat(again.exit()).as("stop twice: %s", again).isZero();
  }
}
