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
import java.nio.file.StandardOpenOption;
import java.time.Duration;
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
 * The meeting records in the Compose stack's PostgreSQL, for real: Podman runs the stack with the
 * images of {@code deploy.sh build --offline} (PostgreSQL from Debian's package). In order: a
 * {@code .env} from before the database gets its password and the admin token at start; a guest
 * joins through nginx and the focus's record of the meeting is in PostgreSQL, where the admin API
 * reads it; the watchdog restarts a killed database; a backup's dump restores into a fresh database
 * (the volume removed) with the same rows. Uptime Kuma is left out (ENABLE_UPTIME_KUMA=0):
 * ContainerDeploymentIT covers it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecordsDatabaseDeploymentIT {
  static final String ROOM = "records-check";
  static final String ROOM_JID = ROOM + "@muc.meet.jitsi";

  @TempDir static Path home;
  static Path envFile;
  static String project;
  static ComposeProject compose;
  static final Map<String, Integer> ports = new LinkedHashMap<>();
  static HttpClient https;

  /** What the database held before the disaster, to compare after the restore. */
  static String meetingId;

  static String rowsBefore;

  @BeforeAll
  static void prepare() throws Exception {
    for (String tool : List.of("podman", "podman-compose", "debootstrap")) {
      assertThat(
              Scripts.run(
                      List.of("sh", "-c", "command -v " + tool), Map.of(), Duration.ofSeconds(10))
                  .exit())
          .as("%s is needed for the container deployment test (scripts/test.sh installs it)", tool)
          .isZero();
    }
    envFile = home.resolve("docker/.env");
    project = "huddle-pg-it-" + ProcessHandle.current().pid();
    compose = new ComposeProject(home, project);
    ports.put("HTTP_PORT", LocalDeployment.freeTcpPort());
    ports.put("HTTPS_PORT", LocalDeployment.freeTcpPort());
    ports.put("JVB_PORT", LocalDeployment.freeUdpPort());
    ports.put("JVB_TCP_PORT", LocalDeployment.freeTcpPort());
    ports.put("TURN_PORT", LocalDeployment.freeUdpAndTcpPort());
    https = DeploymentFilesIT.insecureClient();
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (envFile != null && Files.exists(envFile)) {
      script("auto-restart.sh", "stop");
      script("deploy.sh", "stop");
    }
    if (compose != null) {
      compose.removeAll();
    }
  }

  static Scripts.Result script(String name, String... args)
      throws IOException, InterruptedException {
    return compose.script(name, Map.of(), args);
  }

  static Scripts.Result deploy(String... args) throws IOException, InterruptedException {
    return script("deploy.sh", args);
  }

  static Scripts.Result podman(String... args) throws IOException, InterruptedException {
    return ComposeProject.podman(args);
  }

  static String containerOf(String service) throws IOException, InterruptedException {
    return compose.containerOf(service);
  }

  /** psql inside the postgres container, over its socket: the rows, one per line. */
  static String sql(String query) throws IOException, InterruptedException {
    Scripts.Result r =
        podman(
            "exec", containerOf("postgres"), "psql", "-U", "huddle", "-d", "huddle", "-Atc", query);
    assertThat(r.exit()).as("psql %s: %s", query, r).isZero();
    return r.out().strip();
  }

  static String setting(String key) throws IOException {
    return Files.readString(envFile)
        .lines()
        .filter(l -> l.startsWith(key + "="))
        .map(l -> l.substring(key.length() + 1))
        .reduce((a, b) -> b)
        .orElse("");
  }

  static HttpResponse<String> api(String method, String path, String json) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + ports.get("HTTPS_PORT") + path))
            .header("Authorization", "Bearer " + setting("HUDDLE_ADMIN_TOKEN"))
            .timeout(Duration.ofSeconds(20));
    if (json != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return https.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @Order(1)
  void anEnvFromBeforeTheDatabaseGetsItsSecretsAndTheStackStartsWithPostgresHealthy()
      throws Exception {
    Scripts.Result init = deploy("init");
    assertThat(init.exit()).as("%s", init).isZero();
    // An .env written before this version: no database password, no admin token.
    String older =
        Files.readString(envFile)
            .lines()
            .filter(
                l -> !l.startsWith("POSTGRES_PASSWORD=") && !l.startsWith("HUDDLE_ADMIN_TOKEN="))
            .reduce("", (a, b) -> a + b + "\n");
    StringBuilder s = new StringBuilder(older).append("\n# records database test\n");
    s.append("HUDDLE_PUBLISH_ADDRESS=127.0.0.1\nENABLE_UPTIME_KUMA=0\n");
    ports.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
    s.append("TURN_RELAY_MIN_PORT=49170\nTURN_RELAY_MAX_PORT=49174\nTURN_HOST=127.0.0.1\n");
    s.append("PUBLIC_URL=https://127.0.0.1:").append(ports.get("HTTPS_PORT")).append('\n');
    s.append("JVB_ADVERTISE_IPS=127.0.0.1\nCHECK_INTERVAL=2\nFAILURES_BEFORE_RESTART=1\n");
    // A bound, not a measure: with other builds on this machine a JVM health check may take long.
    s.append("HUDDLE_START_TIMEOUT=240\n");
    Files.writeString(envFile, s, UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    assertThat(setting("POSTGRES_PASSWORD")).isEmpty();

    Scripts.Result build = deploy("build", "--offline");
    assertThat(build.exit()).as("%s", build).isZero();
    assertThat(podman("image", "exists", "localhost/huddle-postgres:offline").exit()).isZero();

    Scripts.Result start = deploy("start");
    assertThat(start.exit()).as("%s", start).isZero();
    assertThat(start.out())
        .contains("added POSTGRES_PASSWORD", "added HUDDLE_ADMIN_TOKEN", "postgres is healthy");
    for (String service : List.of("web", "xmpp", "focus", "videobridge", "nginx")) {
      assertThat(start.out()).contains(service + " is healthy");
    }
    assertThat(setting("POSTGRES_PASSWORD")).hasSizeGreaterThanOrEqualTo(24);
    assertThat(setting("HUDDLE_ADMIN_TOKEN")).hasSizeGreaterThanOrEqualTo(24);
    // Nothing published: only the Compose network reaches the database.
    assertThat(podman("port", containerOf("postgres")).out().strip()).isEmpty();
    // From the network it wants the password (the roles have it); a wrong one is refused.
    Scripts.Result wrong =
        podman(
            "exec",
            "-e",
            "PGPASSWORD=not-the-password",
            containerOf("postgres"),
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "huddle",
            "-d",
            "huddle",
            "-c",
            "select 1");
    assertThat(wrong.exit()).isNotZero();
    assertThat(wrong.err()).contains("password authentication failed");
  }

  @Test
  @Order(2)
  void aMeetingThroughNginxIsRecordedInPostgresAndTheAdminApiAnswersFromIt() throws Exception {
    assertThat(sql("select count(*) from meeting where room = '" + ROOM_JID + "'")).isEqualTo("0");
    String wss = "wss://127.0.0.1:" + ports.get("HTTPS_PORT") + "/xmpp-websocket?room=" + ROOM;
    String participants =
        "select p.display_name || ' ' || p.client_kind from participation p"
            + " join meeting m on m.id = p.meeting_id where m.room = '"
            + ROOM_JID
            + "'";
    try (WebSocketGuest guest = WebSocketGuest.login(https, wss, "meet.jitsi")) {
      guest.join("focus.meet.jitsi", ROOM_JID, "ada");
      // The focus writes asynchronously: the records appear shortly after the join.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (sql(participants).isEmpty()) {
        assertThat(System.nanoTime())
            .as("the meeting and ada's participation in PostgreSQL")
            .isLessThan(deadline);
        Thread.sleep(500);
      }
    }
    assertThat(sql(participants)).isEqualTo("ada huddle-web");
    meetingId = sql("select id from meeting where room = '" + ROOM_JID + "'");
    HttpResponse<String> meetings = api("GET", "/api/meetings?room=" + ROOM, null);
    assertThat(meetings.statusCode()).as("%s", meetings.body()).isEqualTo(200);
    JsonNode list = new ObjectMapper().readTree(meetings.body()).get("meetings");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("id").asText()).isEqualTo(meetingId);
    assertThat(list.get(0).get("room").asText()).isEqualTo(ROOM_JID);

    HttpResponse<String> scheduled =
        api(
            "POST",
            "/api/schedule",
            "{\"room\":\"board-review\",\"title\":\"Board review\","
                + "\"begin\":\"2031-01-06T09:00:00Z\",\"end\":\"2031-01-06T10:00:00Z\","
                + "\"organizer\":\"chair@example.org\",\"invitees\":[\"ada@example.org\"]}");
    assertThat(scheduled.statusCode()).as("%s", scheduled.body()).isEqualTo(201);
    assertThat(sql("select title from scheduled_meeting")).isEqualTo("Board review");
  }

  @Test
  @Order(3)
  void theWatchdogRestartsAKilledDatabaseAndTheRecordsAreStillThere() throws Exception {
    Scripts.Result started = script("auto-restart.sh", "start");
    assertThat(started.exit()).as("%s", started).isZero();
    Path watchLog = home.resolve("run/logs/auto-restart.log");
    assertThat(podman("kill", containerOf("postgres")).exit()).isZero();
    Scripts.Result down = deploy("status", "postgres");
    assertThat(down.exit()).as("%s", down).isEqualTo(3);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline
        && !(Files.exists(watchLog)
            && Files.readString(watchLog).contains("postgres restarted and healthy"))) {
      Thread.sleep(250);
    }
    assertThat(Files.exists(watchLog) ? Files.readString(watchLog) : "")
        .contains("restarting postgres: the container is")
        .contains("postgres restarted and healthy");
    assertThat(sql("select id from meeting where room = '" + ROOM_JID + "'")).isEqualTo(meetingId);
    assertThat(script("auto-restart.sh", "stop").exit()).isZero();
  }

  @Test
  @Order(4)
  void aBackupsDumpRestoresIntoAFreshDatabaseWithTheSameRows() throws Exception {
    String counts =
        "select (select count(*) from meeting) || ' ' || (select count(*) from participation)"
            + " || ' ' || (select count(*) from scheduled_meeting)"
            + " || ' ' || (select count(*) from scheduled_invitee)"
            + " || ' ' || (select count(*) from flyway_schema_history)";
    rowsBefore = sql(counts);
    Scripts.Result backup = deploy("backup");
    assertThat(backup.exit()).as("%s", backup).isZero();
    Path archive = Path.of(backup.out().lines().reduce((a, b) -> b).orElseThrow().strip());
    Scripts.Result listing =
        Scripts.run(List.of("tar", "-tzf", archive.toString()), Map.of(), Duration.ofSeconds(30));
    assertThat(listing.out()).contains("huddle/env", "huddle/records.pgdump", "huddle/redis.rdb");

    // The disaster: the containers, the database's volume, the settings and the config gone.
    assertThat(deploy("stop").exit()).isZero();
    Scripts.Result rm = podman("volume", "rm", project + "_postgres-data");
    assertThat(rm.exit()).as("%s", rm).isZero();
    Scripts.run(
        List.of("rm", "-rf", envFile.toString(), home.resolve("docker/config").toString()),
        Map.of(),
        Duration.ofSeconds(30));
    // The new machine: someone ran init and started the database before restoring, so its fresh
    // volume has another password than the backup's .env.
    assertThat(deploy("init").exit()).isZero();
    String freshPassword = setting("POSTGRES_PASSWORD");
    Files.writeString(
        envFile,
        "HUDDLE_IMAGE_SOURCE=offline\nENABLE_UPTIME_KUMA=0\nHUDDLE_START_TIMEOUT=240\n",
        UTF_8,
        StandardOpenOption.APPEND);
    Scripts.Result fresh = deploy("start", "postgres");
    assertThat(fresh.exit()).as("%s", fresh).isZero();
    assertThat(sql("select count(*) from pg_tables where schemaname = 'public'"))
        .as("a fresh, empty database")
        .isEqualTo("0");

    Scripts.Result restore = deploy("restore", archive.toString(), "--force");
    assertThat(restore.exit()).as("%s", restore).isZero();
    assertThat(restore.out()).contains("records database restored");
    assertThat(setting("POSTGRES_PASSWORD")).as("the backup's .env").isNotEqualTo(freshPassword);
    assertThat(sql(counts)).as("the same rows in the fresh database").isEqualTo(rowsBefore);
    // The roles log in with the backup's password, which restore gave the database user.
    Scripts.Result start = deploy("start");
    assertThat(start.exit()).as("%s", start).isZero();
    HttpResponse<String> meetings = api("GET", "/api/meetings?room=" + ROOM, null);
    assertThat(meetings.statusCode()).as("%s", meetings.body()).isEqualTo(200);
    assertThat(
            new ObjectMapper().readTree(meetings.body()).get("meetings").get(0).get("id").asText())
        .isEqualTo(meetingId);
  }

  @Test
  @Order(5)
  void stopLeavesTheDatabaseVolumeAndNoContainer() throws Exception {
    assertThat(deploy("stop").exit()).isZero();
    assertThat(podman("ps", "-aq", "--filter", "label=com.docker.compose.project=" + project).out())
        .isBlank();
    assertThat(podman("volume", "exists", project + "_postgres-data").exit())
        .as("compose down keeps the records")
        .isZero();
  }
}
