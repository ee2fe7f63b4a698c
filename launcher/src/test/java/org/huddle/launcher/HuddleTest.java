package org.huddle.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.huddle.xmpp.server.auth.AccountStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HuddleTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  PrintStream oldOut;
  PrintStream oldErr;
  InputStream oldIn;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    oldIn = System.in;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
    System.setIn(oldIn);
  }

  String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"all", "xmpp", "focus", "videobridge", "web", "user", "probe"})
  void everyRoleHasHelp(String role) {
    assertThat(Huddle.run(role, "--help")).isZero();
    assertThat(stdout()).contains("Usage: huddle " + role);
  }

  @Test
  void topLevelHelpListsTheRoles() {
    assertThat(Huddle.run("--help")).isZero();
    assertThat(stdout()).contains("all", "xmpp", "focus", "videobridge", "web", "user");
  }

  @Test
  void allMakesUpTheInternalSecretsItIsNotGiven() {
    var env = AllCommand.embedded(java.util.Map.of("JVB_AUTH_PASSWORD", "given"));
    assertThat(env)
        .containsEntry("JVB_AUTH_PASSWORD", "given")
        .containsEntry("XMPP_SERVER", "127.0.0.1");
    assertThat(env.get("JICOFO_AUTH_PASSWORD")).hasSize(36);
    assertThat(env.get("JICOFO_COMPONENT_SECRET"))
        .hasSize(36)
        .isNotEqualTo(env.get("JICOFO_AUTH_PASSWORD"));
  }

  @Test
  void allSharesFilesUnderTheDataFolderWithAMadeUpSecret() {
    var env =
        AllCommand.embedded(
            java.util.Map.of("HUDDLE_DATA_PATH", "/srv/huddle", "HTTP_PORT", "8080"));
    assertThat(env.get("HUDDLE_FILE_SHARE_SECRET")).hasSize(36);
    assertThat(env)
        .containsEntry("HUDDLE_FILE_SHARE_PATH", "/srv/huddle/files")
        .containsEntry("HUDDLE_FILE_SHARE_BASE_URL", "http://localhost:8080/files");
    assertThat(AllCommand.embedded(java.util.Map.of("PUBLIC_URL", "https://meet.example.com")))
        .as("the XMPP server derives it from PUBLIC_URL")
        .doesNotContainKey("HUDDLE_FILE_SHARE_BASE_URL");
  }

  @Test
  void allPointsWebsProxyAtTheXmppServerAndTheBridgeInTheSameProcess() {
    assertThat(AllCommand.webEnvironment(java.util.Map.of(), 5280, 9090))
        .containsEntry("XMPP_BOSH_URL_BASE", "http://127.0.0.1:5280")
        .containsEntry("HUDDLE_COLIBRI_WS_URL_BASE", "http://127.0.0.1:9090");
    assertThat(
            AllCommand.webEnvironment(
                java.util.Map.of(
                    "HUDDLE_BIND_ADDRESS", "10.1.2.3", "XMPP_BOSH_URL_BASE", "http://xmpp:5280"),
                5281,
                9091))
        .containsEntry("XMPP_BOSH_URL_BASE", "http://xmpp:5280")
        .containsEntry("HUDDLE_COLIBRI_WS_URL_BASE", "http://10.1.2.3:9091");
  }

  @Test
  void allAdvertisesTheBridgeChannelOnTheWebPortWithItsScheme() {
    var plain =
        AllCommand.bridgeConfig(
            org.huddle.common.config.Settings.Env.of(java.util.Map.of("HTTP_PORT", "8123")));
    assertThat(plain.webSockets().domain()).isEqualTo("localhost:8123");
    assertThat(plain.webSockets().tls()).isFalse();

    var pub =
        AllCommand.bridgeConfig(
            org.huddle.common.config.Settings.Env.of(
                java.util.Map.of("PUBLIC_URL", "https://meet.example.com")));
    assertThat(pub.webSockets().domain()).isEqualTo("meet.example.com");
    assertThat(pub.webSockets().tls()).isTrue();

    var given =
        AllCommand.bridgeConfig(
            org.huddle.common.config.Settings.Env.of(
                java.util.Map.of("JVB_WS_DOMAIN", "jvb.example.com:443")));
    assertThat(given.webSockets().domain()).isEqualTo("jvb.example.com:443");
    assertThat(given.webSockets().tls()).isTrue();
  }

  @Test
  void noRoleIsAUsageError() {
    assertThat(Huddle.run()).isEqualTo(2);
    assertThat(stderr()).contains("Usage: huddle");
  }

  @Nested
  class Admins {
    @TempDir Path data;

    @AfterEach
    void environment() {
      AdminCommand.environment = System.getenv();
    }

    @Test
    void addsAnOrganizerFromStdinListsItAndRemovesItInTheEmbeddedRecords() throws Exception {
      AdminCommand.environment = java.util.Map.of("HUDDLE_DATA_PATH", data.toString());
      System.setIn(
          new ByteArrayInputStream("olga's long password\n".getBytes(StandardCharsets.UTF_8)));
      assertThat(Huddle.run("admin", "add", "olga", "--organizer", "--email", "olga@example.org"))
          .as(stderr())
          .isZero();
      assertThat(Huddle.run("admin", "list")).isZero();
      assertThat(stdout()).contains("olga organizer olga@example.org");
      try (var records = AdminCommand.open()) {
        assertThat(records.accounts().verify("olga", "olga's long password")).isPresent();
        assertThat(
                records
                    .queries()
                    .audit(
                        new org.huddle.records.RecordQueries.Filter(null, null, null, 10, 0), null))
            .extracting(e -> e.action() + " " + e.target())
            .containsExactly("ACCOUNT_CHANGED olga");
      }
      assertThat(Huddle.run("admin", "remove", "olga")).isZero();
      assertThat(Huddle.run("admin", "remove", "olga")).isEqualTo(1);
    }

    @Test
    void aShortPasswordFromTheEnvironmentIsRefusedWithAReason() {
      AdminCommand.environment =
          java.util.Map.of("HUDDLE_DATA_PATH", data.toString(), "HUDDLE_ADMIN_PASSWORD", "short");
      assertThat(Huddle.run("admin", "add", "ada")).isEqualTo(2);
      assertThat(stderr()).contains("password:").doesNotContain("short");
    }
  }

  @Nested
  class Users {
    @TempDir Path data;
    Path config;

    @BeforeEach
    void config() throws Exception {
      config = data.resolve("huddle.cfg.lua");
      Files.writeString(config, "data_path = \"" + data + "\"\nscram_iteration_count = 4096\n");
    }

    @Test
    void addListAndRemoveAnAccount() throws Exception {
      System.setIn(new ByteArrayInputStream("from-stdin\n".getBytes(StandardCharsets.UTF_8)));
      assertThat(Huddle.run("user", "--config", config.toString(), "add", "alice@auth.meet.jitsi"))
          .isZero();
      assertThat(new AccountStore(data, 4096).credentials("auth.meet.jitsi", "alice"))
          .get()
          .matches(c -> c.matches("from-stdin"));
      assertThat(Huddle.run("user", "--config", config.toString(), "list", "auth.meet.jitsi"))
          .isZero();
      assertThat(stdout()).contains("alice@auth.meet.jitsi");
      assertThat(
              Huddle.run("user", "--config", config.toString(), "remove", "alice@auth.meet.jitsi"))
          .isZero();
      assertThat(
              Huddle.run("user", "--config", config.toString(), "remove", "alice@auth.meet.jitsi"))
          .isEqualTo(1);
      assertThat(stderr()).contains("no account alice@auth.meet.jitsi");
    }

    @Test
    void refusesSomethingThatIsNotAnAccount() {
      assertThat(
              Huddle.run(
                  "user",
                  "--config",
                  config.toString(),
                  "add",
                  "--password",
                  "x",
                  "auth.meet.jitsi"))
          .isNotZero();
      assertThat(stderr()).contains("is not an account address");
    }
  }
}
