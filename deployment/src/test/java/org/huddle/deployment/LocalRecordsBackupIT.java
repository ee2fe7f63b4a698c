package org.huddle.deployment;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy.sh backup} and {@code restore} in local mode with the records in the machine's
 * PostgreSQL (127.0.0.1:5432, TESTING.md), through this machine's pg_dump and pg_restore; no role
 * needs to run for it. The container side is {@code RecordsDatabaseDeploymentIT}.
 */
class LocalRecordsBackupIT {
  @TempDir Path home;
  final String database = "huddle_backup_" + UUID.randomUUID().toString().substring(0, 8);

  static Scripts.Result psql(String db, String sql) throws Exception {
    return Scripts.run(
        List.of(
            Scripts.tool("psql", "postgresql-client"),
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            db,
            "-v",
            "ON_ERROR_STOP=1",
            "-Atc",
            sql),
        Map.of(),
        Duration.ofSeconds(30));
  }

  @BeforeEach
  void createDatabase() throws Exception {
    Scripts.Result r = psql("postgres", "create database " + database);
    assertThat(r.exit()).as("the machine's PostgreSQL on 127.0.0.1:5432: %s", r).isZero();
  }

  @AfterEach
  void dropDatabase() throws Exception {
    psql("postgres", "drop database if exists " + database + " with (force)");
  }

  @Test
  void theBackupHoldsTheConfiguredDatabaseAndRestoreBringsItsRowsBackIntoAnEmptyOne()
      throws Exception {
    assertThat(
            psql(
                    database,
                    "create table meeting (id varchar(64) primary key, room varchar(255));"
                        + " insert into meeting values ('m1', 'daily-standup@muc.meet.jitsi'),"
                        + " ('m2', 'weekly-review@muc.meet.jitsi')")
                .exit())
        .isZero();
    LocalDeployment d = new LocalDeployment(home);
    assertThat(d.deploy("init").exit()).isZero();
    Files.writeString(
        d.envFile,
        "\nPOSTGRES_HOST=127.0.0.1\nPOSTGRES_PORT=5432\nPOSTGRES_USER=postgres\nPOSTGRES_DB="
            + database
            + "\n",
        UTF_8,
        StandardOpenOption.APPEND);
    Scripts.Result backup = d.deploy("backup");
    assertThat(backup.exit()).as("%s", backup).isZero();
    assertThat(backup.out()).contains("records database dumped");
    Path archive = Path.of(backup.out().lines().reduce((a, b) -> b).orElseThrow().strip());
    assertThat(
            Scripts.run(
                    List.of("tar", "-tzf", archive.toString()), Map.of(), Duration.ofSeconds(30))
                .out())
        .contains("huddle/records.pgdump");

    // The disaster: an empty database, and no settings.
    assertThat(psql("postgres", "drop database " + database + " with (force)").exit()).isZero();
    assertThat(psql("postgres", "create database " + database).exit()).isZero();
    Files.delete(d.envFile);
    Scripts.Result restore = d.deploy("restore", archive.toString());
    assertThat(restore.exit()).as("%s", restore).isZero();
    assertThat(restore.out()).contains("records database restored");
    assertThat(psql(database, "select id || ' ' || room from meeting order by id").out().strip())
        .isEqualTo("m1 daily-standup@muc.meet.jitsi\nm2 weekly-review@muc.meet.jitsi");

    // Restored over a database that changed since: the backup's rows, and only those.
    assertThat(psql(database, "delete from meeting where id = 'm1'").exit()).isZero();
    Scripts.Result again = d.deploy("restore", archive.toString(), "--force");
    assertThat(again.exit()).as("%s", again).isZero();
    assertThat(psql(database, "select count(*) from meeting").out().strip()).isEqualTo("2");
  }

  @Test
  void withoutAConfiguredDatabaseTheBackupSaysSoAndHoldsNoDump() throws Exception {
    LocalDeployment d = new LocalDeployment(home);
    assertThat(d.deploy("init").exit()).isZero();
    Scripts.Result backup = d.deploy("backup");
    assertThat(backup.exit()).as("%s", backup).isZero();
    assertThat(backup.out()).contains("no records database to dump");
    Path archive = Path.of(backup.out().lines().reduce((a, b) -> b).orElseThrow().strip());
    assertThat(
            Scripts.run(
                    List.of("tar", "-tzf", archive.toString()), Map.of(), Duration.ofSeconds(30))
                .out())
        .contains("huddle/env")
        .doesNotContain("records.pgdump");
  }

  @Test
  void aDatabaseThatCannotBeDumpedFailsTheBackupAndWritesNoArchive() throws Exception {
    LocalDeployment d = new LocalDeployment(home);
    assertThat(d.deploy("init").exit()).isZero();
    Files.writeString(
        d.envFile,
        "\nPOSTGRES_HOST=127.0.0.1\nPOSTGRES_USER=postgres\nPOSTGRES_DB=" + database + "_missing\n",
        UTF_8,
        StandardOpenOption.APPEND);
    Scripts.Result backup = d.deploy("backup");
    assertThat(backup.exit()).as("%s", backup).isEqualTo(1);
    assertThat(backup.err()).contains("pg_dump of the records database failed");
    Path backups = home.resolve("backups");
    try (var files = Files.list(backups)) {
      assertThat(files.filter(p -> p.toString().endsWith(".tar.gz")).toList()).isEmpty();
    }
  }
}
