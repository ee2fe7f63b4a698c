package org.huddle.deployment;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
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
 * Uptime Kuma provisioned by scripts/uptime-kuma-provision.sh (issue 12): a real Uptime Kuma (the
 * npm package, installed by docker/uptime-kuma/install.sh as the image build does, and cached under
 * ~/.cache/huddle/uptime-kuma), run as a process on loopback beside a local-mode Huddle deployment.
 * Every service gets one monitor, the monitors see the services up, a second run duplicates
 * nothing, and the admin account's password is the .env's.
 *
 * <p>The first run installs Uptime Kuma from the npm registry (about a minute); later runs reuse
 * it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UptimeKumaIT {
  static final String VERSION = "2.0.0-dev.0";

  /** The monitor each service gets, and what it checks (%s: the port .env settings). */
  static final Map<String, String> MONITORS = new LinkedHashMap<>();

  static {
    MONITORS.put("Huddle web page", "http http://127.0.0.1:{HTTP_PORT}/");
    MONITORS.put("Huddle BOSH", "keyword http://127.0.0.1:{PROSODY_HTTP_PORT}/http-bind");
    MONITORS.put(
        "Huddle XMPP WebSocket", "keyword http://127.0.0.1:{PROSODY_HTTP_PORT}/xmpp-websocket");
    MONITORS.put("Huddle XMPP health", "http http://127.0.0.1:{PROSODY_HTTP_PORT}/about/health");
    MONITORS.put(
        "Huddle videobridge health", "http http://127.0.0.1:{HUDDLE_JVB_REST_PORT}/about/health");
    MONITORS.put(
        "Huddle focus health", "http http://127.0.0.1:{HUDDLE_FOCUS_HTTP_PORT}/about/health");
    MONITORS.put("Huddle TURN port", "port 127.0.0.1:{TURN_PORT}");
  }

  @TempDir static Path home;
  static LocalDeployment d;
  static Process kuma;
  static Path kumaApp;
  static Path kumaLog;
  static String kumaUrl;
  static String password;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void startHuddleAndUptimeKuma() throws Exception {
    Scripts.tool("node", "nodejs");
    kumaApp = kumaInstall();
    d = new LocalDeployment(home);
    Scripts.Result init = d.deploy("init");
    assertThat(init.exit()).as("%s", init).isZero();
    d.useTestSettings();
    password = envValue("UPTIME_KUMA_ADMIN_PASSWORD");
    if (password == null) {
      // Until deploy.sh init writes one.
      password = "Kuma" + Long.toHexString(System.nanoTime()) + "x9";
      Files.writeString(
          d.envFile,
          "UPTIME_KUMA_ADMIN_PASSWORD=" + password + "\n",
          UTF_8,
          StandardOpenOption.APPEND);
    }
    kuma = startKuma();
    Scripts.Result start = d.deploy("start");
    assertThat(start.exit()).as("%s", start).isZero();
    waitForKuma();
  }

  @AfterAll
  static void tearDown() throws Exception {
    try {
      if (kuma != null) {
        kuma.descendants().forEach(ProcessHandle::destroy);
        kuma.destroy();
        if (!kuma.waitFor(10, TimeUnit.SECONDS)) {
          kuma.destroyForcibly();
        }
      }
    } finally {
      if (kumaLog != null && Files.exists(kumaLog)) {
        Path keep = Files.createDirectories(Path.of("target/deployment-logs"));
        Files.copy(kumaLog, keep.resolve("uptime-kuma.log"), StandardCopyOption.REPLACE_EXISTING);
      }
      if (d != null) {
        d.close();
      }
    }
  }

  @Test
  @Order(1)
  void provisioningAddsTheAdminAndOneMonitorPerServiceAndEachSeesItsServiceUp() throws Exception {
    Scripts.Result r = provision(Map.of());
    assertThat(r.exit()).as("%s", r).isZero();
    assertThat(r.out()).contains("created the admin account 'admin'").contains("7 added");

    JsonNode list = list(Map.of());
    Map<String, String> seen = new LinkedHashMap<>();
    for (JsonNode m : list) {
      String target =
          m.get("type").asText().equals("port")
              ? "port " + m.get("hostname").asText() + ":" + m.get("port").asInt()
              : m.get("type").asText() + " " + m.get("url").asText();
      seen.put(m.get("name").asText(), target);
    }
    Map<String, String> wanted = new LinkedHashMap<>();
    MONITORS.forEach((name, target) -> wanted.put(name, withPorts(target)));
    assertThat(seen).as("%s", list).containsExactlyInAnyOrderEntriesOf(wanted);

    // Each check passes against the running roles (the first one runs as the monitor is added).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    Map<String, String> status;
    do {
      status = new LinkedHashMap<>();
      for (JsonNode m : list(Map.of())) {
        status.put(m.get("name").asText(), m.get("status").asText() + " " + m.get("msg").asText());
      }
      if (status.values().stream().allMatch(s -> s.startsWith("up "))) {
        break;
      }
      Thread.sleep(2000);
    } while (System.nanoTime() < deadline);
    assertThat(status.values())
        .as("every monitor up: %s\nUptime Kuma log:\n%s", status, kumaLogTail())
        .allMatch(s -> s.startsWith("up "));
  }

  @Test
  @Order(2)
  void aSecondRunChangesNothingAndADriftedMonitorIsPutBack() throws Exception {
    Scripts.Result again = provision(Map.of());
    assertThat(again.exit()).as("%s", again).isZero();
    assertThat(again.out()).contains("0 added, 0 updated, 7 unchanged");
    assertThat(again.out()).doesNotContain("created the admin account");

    Scripts.Result moved = provision(Map.of("UPTIME_KUMA_WEB_URL", "http://127.0.0.1:9/"));
    assertThat(moved.out()).as("%s", moved).contains("0 added, 1 updated, 6 unchanged");
    Scripts.Result back = provision(Map.of());
    assertThat(back.out()).as("%s", back).contains("0 added, 1 updated, 6 unchanged");

    List<String> names = new ArrayList<>();
    for (JsonNode m : list(Map.of())) {
      names.add(m.get("name").asText());
    }
    assertThat(names).containsExactlyInAnyOrderElementsOf(MONITORS.keySet());
  }

  @Test
  @Order(3)
  void theAdminLogsInWithTheEnvPasswordAndNoOther() throws Exception {
    Map<String, String> wrong = Map.of("UPTIME_KUMA_ADMIN_PASSWORD", password + "x");
    Scripts.Result refused = run(wrong, "--list", kumaUrl, d.envFile.toString());
    assertThat(refused.exit()).as("%s", refused).isEqualTo(3);
    assertThat(refused.err()).contains("logging in as 'admin' failed");

    Scripts.Result ok = run(Map.of(), "--list", kumaUrl, d.envFile.toString());
    assertThat(ok.exit()).as("%s", ok).isZero();

    Scripts.Result noPassword =
        run(Map.of(), kumaUrl, Files.writeString(home.resolve("empty.env"), "").toString());
    assertThat(noPassword.exit()).isEqualTo(2);
    assertThat(noPassword.err()).contains("UPTIME_KUMA_ADMIN_PASSWORD is not set");
  }

  // --- helpers ---------------------------------------------------------------------------------

  static Scripts.Result provision(Map<String, String> env) throws Exception {
    return run(env, kumaUrl, d.envFile.toString());
  }

  static JsonNode list(Map<String, String> env) throws Exception {
    Scripts.Result r = run(env, "--list", kumaUrl, d.envFile.toString());
    assertThat(r.exit()).as("%s", r).isZero();
    return JSON.readTree(r.out());
  }

  static Scripts.Result run(Map<String, String> extraEnv, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Scripts.repo().resolve("scripts/uptime-kuma-provision.sh").toString());
    command.addAll(List.of(args));
    Map<String, String> env = new HashMap<>();
    env.put("UPTIME_KUMA_NODE_MODULES", kumaApp.resolve("node_modules").toString());
    env.put("UPTIME_KUMA_TARGETS", "local");
    env.putAll(extraEnv);
    return Scripts.run(command, env, Duration.ofMinutes(2));
  }

  static String withPorts(String target) {
    String s = target;
    for (String key :
        List.of(
            "HTTP_PORT",
            "PROSODY_HTTP_PORT",
            "HUDDLE_JVB_REST_PORT",
            "HUDDLE_FOCUS_HTTP_PORT",
            "TURN_PORT")) {
      s = s.replace("{" + key + "}", String.valueOf(d.port(key)));
    }
    return s;
  }

  static String envValue(String key) throws IOException {
    String value = null;
    for (String line : Files.readAllLines(d.envFile, UTF_8)) {
      if (line.startsWith(key + "=") && line.length() > key.length() + 1) {
        value = line.substring(key.length() + 1).strip();
      }
    }
    return value;
  }

  /**
   * Uptime Kuma from the npm registry, installed once per version and install.sh into the cache
   * (-Dhuddle.kuma.cache, default ~/.cache/huddle/uptime-kuma).
   */
  static Path kumaInstall() throws Exception {
    Path script = Scripts.repo().resolve("docker/uptime-kuma/install.sh");
    String key =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(script)))
            .substring(0, 12);
    Path cache =
        Path.of(
            System.getProperty(
                "huddle.kuma.cache",
                Path.of(System.getProperty("user.home"), ".cache/huddle/uptime-kuma").toString()));
    Path app = cache.resolve(VERSION + "-" + key);
    if (Files.exists(app.resolve(".installed"))) {
      return app;
    }
    Files.createDirectories(cache);
    Path tmp = cache.resolve(app.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    if (Files.exists(tmp)) {
      LocalDeploymentIT.deleteTree(tmp);
    }
    long t0 = System.nanoTime();
    Scripts.Result r =
        Scripts.run(
            List.of(script.toString(), tmp.toString(), VERSION), Map.of(), Duration.ofMinutes(8));
    assertThat(r.exit()).as("install.sh\n%s", r).isZero();
    System.out.printf(
        "Uptime Kuma %s installed in %d s%n",
        VERSION, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
    Files.writeString(tmp.resolve(".installed"), VERSION + "\n");
    if (!Files.exists(app.resolve(".installed"))) {
      if (Files.exists(app)) {
        LocalDeploymentIT.deleteTree(app);
      }
      Files.move(tmp, app);
    } else {
      LocalDeploymentIT.deleteTree(tmp);
    }
    return app;
  }

  static Process startKuma() throws IOException {
    int port = LocalDeployment.freeTcpPort();
    kumaUrl = "http://127.0.0.1:" + port;
    kumaLog = home.resolve("uptime-kuma.log");
    Path data = Files.createDirectories(home.resolve("uptime-kuma-data"));
    ProcessBuilder pb =
        new ProcessBuilder(Scripts.tool("node", "nodejs"), "server/server.js")
            .directory(kumaApp.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectErrorStream(true)
            .redirectOutput(kumaLog.toFile());
    Map<String, String> env = pb.environment();
    env.put("UPTIME_KUMA_DB_TYPE", "sqlite");
    env.put("UPTIME_KUMA_HOST", "127.0.0.1");
    env.put("UPTIME_KUMA_PORT", String.valueOf(port));
    env.put("DATA_DIR", data + "/");
    // Its update check would go to the Internet: send it to a closed loopback port instead. The
    // monitors' own requests (to 127.0.0.1) go direct.
    env.put("HTTPS_PROXY", "http://127.0.0.1:9");
    env.put("https_proxy", "http://127.0.0.1:9");
    env.put("NO_PROXY", "127.0.0.1,localhost");
    env.put("no_proxy", "127.0.0.1,localhost");
    return pb.start();
  }

  static void waitForKuma() throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            // HTTP/2's upgrade request would be taken for a WebSocket one by socket.io, and
            // dropped.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      assertThat(kuma.isAlive()).as("Uptime Kuma exited:\n%s", kumaLogTail()).isTrue();
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(kumaUrl + "/")).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() < 500) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(500);
    }
    throw new AssertionError("Uptime Kuma did not answer in 90 s:\n" + kumaLogTail());
  }

  static String kumaLogTail() {
    try {
      List<String> lines = Files.readAllLines(kumaLog, UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
