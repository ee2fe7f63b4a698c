package org.huddle.launcher.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.huddle.records.RecordsConfig;
import org.junit.jupiter.api.Test;

/**
 * The doctor's records database check against the machine's PostgreSQL (127.0.0.1:5432, TESTING.md)
 * and against a port where nothing listens.
 */
class RecordsDatabaseCheckTest {
  static final String USER = System.getenv().getOrDefault("HUDDLE_TEST_POSTGRES_USER", "postgres");

  static List<Check> check(String hocon) {
    List<Check> out = new ArrayList<>();
    RecordsDatabaseCheck.run(RecordsConfig.fromHocon(hocon), Duration.ofSeconds(3), out);
    return out;
  }

  static String postgres(int port, String database) {
    return "records.postgres { host = \"127.0.0.1\", port = "
        + port
        + ", user = \""
        + USER
        + "\", database = \""
        + database
        + "\" }";
  }

  @Test
  void aConfiguredDatabaseThatAnswersPasses() {
    List<Check> out = check(postgres(5432, "postgres"));
    assertThat(out).hasSize(1);
    assertThat(out.get(0).status()).as(out.get(0).line()).isEqualTo(Check.Status.OK);
    assertThat(out.get(0).what()).contains("jdbc:postgresql://127.0.0.1:5432/postgres");
  }

  @Test
  void aDatabaseWhereNothingListensFailsWithItsFix() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<Check> out = check(postgres(port, "huddle"));
    assertThat(out).hasSize(1);
    assertThat(out.get(0).status()).isEqualTo(Check.Status.FAIL);
    assertThat(out.get(0).what()).contains("does not answer");
    assertThat(out.get(0).fix()).contains("POSTGRES_HOST");
  }

  @Test
  void aDatabaseThatDoesNotExistFails() {
    List<Check> out = check(postgres(5432, "huddle_doctor_missing"));
    assertThat(out.get(0).status()).isEqualTo(Check.Status.FAIL);
    assertThat(out.get(0).what()).contains("huddle_doctor_missing");
  }

  @Test
  void theEmbeddedDatabaseNeedsNoCheck() {
    assertThat(check("records.embedded-path = \"/tmp/huddle-doctor-records\"")).isEmpty();
  }
}
