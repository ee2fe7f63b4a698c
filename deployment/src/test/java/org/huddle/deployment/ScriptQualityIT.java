package org.huddle.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the operator scripts promise without running Huddle: clean under shellcheck, clear errors
 * for bad arguments and missing tools, and safe to run twice.
 */
class ScriptQualityIT {
  @TempDir Path home;

  /** Every shell script in the repository. */
  static List<Path> shellScripts() throws Exception {
    Path repo = Scripts.repo();
    List<Path> scripts = new ArrayList<>();
    for (String name : List.of("deploy.sh", "auto-restart.sh", "huddle", ".ci/run")) {
      scripts.add(repo.resolve(name));
    }
    for (String dir : List.of("scripts", "docker/offline")) {
      try (Stream<Path> s = Files.list(repo.resolve(dir))) {
        s.filter(p -> p.toString().endsWith(".sh")).sorted().forEach(scripts::add);
      }
    }
    return scripts;
  }

  @Test
  void everyScriptIsCleanUnderShellcheck() throws Exception {
    List<String> command = new ArrayList<>(List.of(Scripts.tool("shellcheck", "shellcheck"), "-x"));
    List<Path> scripts = shellScripts();
    assertThat(scripts).hasSizeGreaterThanOrEqualTo(6);
    scripts.forEach(p -> command.add(Scripts.repo().relativize(p).toString()));
    Scripts.Result r = Scripts.run(command, Map.of(), Duration.ofMinutes(2));
    assertThat(r.exit()).as("shellcheck %s\n%s", command, r).isZero();
    for (Path p :
        List.of(Scripts.repo().resolve("deploy.sh"), Scripts.repo().resolve("auto-restart.sh"))) {
      assertThat(Files.getPosixFilePermissions(p)).contains(PosixFilePermission.OWNER_EXECUTE);
    }
  }

  @Test
  void badArgumentsGetUsageAndExitTwo() throws Exception {
    LocalDeployment d = new LocalDeployment(home);
    assertThat(d.deploy("init").exit()).isZero();
    record Case(String script, List<String> args, String message) {}
    List<Case> cases =
        List.of(
            new Case("deploy.sh", List.of("frobnicate"), "unknown command 'frobnicate'"),
            new Case(
                "deploy.sh",
                List.of("--mode", "kubernetes", "status"),
                "unknown mode 'kubernetes'"),
            new Case("deploy.sh", List.of("--mode"), "--mode needs docker or local"),
            new Case("deploy.sh", List.of("restart"), "restart takes one service"),
            new Case("deploy.sh", List.of("start", "mailserver"), "unknown service 'mailserver'"),
            new Case("deploy.sh", List.of("init", "--yes"), "init takes only --force"),
            new Case("deploy.sh", List.of("scale-bridges", "many"), "count from 1 to 99"),
            new Case("deploy.sh", List.of("logs", "--since"), "unknown option '--since'"),
            new Case("deploy.sh", List.of(), "Usage: ./deploy.sh"),
            new Case("auto-restart.sh", List.of("check", "now"), "check takes no arguments"),
            new Case("auto-restart.sh", List.of("reboot"), "unknown command 'reboot'"),
            new Case("auto-restart.sh", List.of(), "Usage: ./auto-restart.sh"));
    for (Case c : cases) {
      Scripts.Result r =
          c.script.equals("deploy.sh")
              ? d.deploy(c.args.toArray(String[]::new))
              : d.watchdog(Map.of(), c.args.toArray(String[]::new));
      assertThat(r.exit()).as("%s %s\n%s", c.script, c.args, r).isEqualTo(2);
      assertThat(r.err()).as("%s %s", c.script, c.args).contains(c.message);
    }
    for (String script : List.of("deploy.sh", "auto-restart.sh")) {
      Scripts.Result help =
          script.equals("deploy.sh") ? d.deploy("--help") : d.watchdog(Map.of(), "--help");
      assertThat(help.exit()).as("%s --help", script).isZero();
      assertThat(help.out()).contains("Usage: ./" + script).contains("start").contains("status");
    }
  }

  @Test
  void aMalformedSettingIsNamedAndNothingStarts() throws Exception {
    LocalDeployment d = new LocalDeployment(home);
    assertThat(d.deploy("init").exit()).isZero();
    d.useTestSettings();
    String good = Files.readString(d.envFile);
    record Case(String append, String message) {}
    List<Case> cases =
        List.of(
            new Case(
                "HTTP_PORT=eighty\n",
                "HTTP_PORT must be a port number from 1 to 65535, not 'eighty'"),
            new Case("JVB_PORT=70000\n", "JVB_PORT must be a port number"),
            new Case("ENABLE_AUTH=yes\n", "ENABLE_AUTH must be 0 or 1"),
            new Case("AUTH_TYPE=ldap\n", "AUTH_TYPE must be internal or jwt, not 'ldap'"),
            new Case(
                "ENABLE_AUTH=1\nAUTH_TYPE=jwt\n",
                "JWT_APP_ID is empty, and AUTH_TYPE=jwt needs it"),
            new Case(
                "PUBLIC_URL=meet.example.com\n", "PUBLIC_URL must start with http:// or https://"),
            new Case("JICOFO_COMPONENT_SECRET=\n", "JICOFO_COMPONENT_SECRET is empty"),
            new Case("HUDDLE_HEALTH_PASSWORD=\n", "HUDDLE_HEALTH_PASSWORD is empty"),
            new Case("this is not a setting\n", "is not KEY=VALUE: 'this is not a setting'"),
            new Case("touch /tmp/huddle-env-ran; X=1\n", "is not KEY=VALUE"));
    for (Case c : cases) {
      Files.writeString(d.envFile, good + c.append());
      Scripts.Result r = d.deploy("start");
      assertThat(r.exit()).as("%s\n%s", c.append(), r).isEqualTo(1);
      assertThat(r.err()).as("%s", c.append()).contains(c.message());
      assertThat(home.resolve("run/xmpp.pid"))
          .as("nothing started for %s", c.append())
          .doesNotExist();
    }
    assertThat(Path.of("/tmp/huddle-env-ran")).as("the .env is read, never run").doesNotExist();
  }

  @Test
  void aPortInUseIsNamedAndNothingStarts() throws Exception {
    LocalDeployment d = new LocalDeployment(home);
    assertThat(d.deploy("init").exit()).isZero();
    d.useTestSettings();
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(
            d.port("HTTP_PORT"), 1, java.net.InetAddress.getLoopbackAddress())) {
      Scripts.Result r = d.deploy("start");
      assertThat(r.exit()).as("%s", r).isEqualTo(1);
      assertThat(r.err())
          .contains("port already in use: " + d.port("HTTP_PORT") + "/tcp (for web)");
      assertThat(home.resolve("run/xmpp.pid")).as("nothing started").doesNotExist();
    }
  }

  @Test
  void initMakesSecretsOnceAndRefusesToOverwriteThemWithoutForce() throws Exception {
    LocalDeployment d = new LocalDeployment(home);
    Scripts.Result first = d.deploy("init");
    assertThat(first.exit()).as("%s", first).isZero();
    String env = Files.readString(d.envFile);
    Map<String, String> secrets = secrets(env);
    assertThat(secrets).hasSize(9);
    assertThat(secrets.values()).allSatisfy(v -> assertThat(v).hasSizeGreaterThanOrEqualTo(24));
    assertThat(secrets.values()).doesNotHaveDuplicates();
    assertThat(Files.getPosixFilePermissions(d.envFile))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    Path certs = home.resolve("docker/config/certs");
    assertThat(certs.resolve("huddle.crt")).exists();
    assertThat(certs.resolve("huddle.key")).exists();
    assertThat(Files.readString(certs.resolve("huddle.crt")))
        .startsWith("-----BEGIN CERTIFICATE-----");
    String cert = Files.readString(certs.resolve("huddle.crt"));

    Scripts.Result again = d.deploy("init");
    assertThat(again.exit()).as("%s", again).isEqualTo(1);
    assertThat(again.err()).contains("exists").contains("--force");
    assertThat(Files.readString(d.envFile)).as("secrets untouched").isEqualTo(env);
    assertThat(Files.readString(certs.resolve("huddle.crt"))).isEqualTo(cert);

    Scripts.Result forced = d.deploy("init", "--force");
    assertThat(forced.exit()).as("%s", forced).isZero();
    Map<String, String> fresh = secrets(Files.readString(d.envFile));
    assertThat(fresh.keySet()).isEqualTo(secrets.keySet());
    fresh.forEach((k, v) -> assertThat(v).as(k).isNotEqualTo(secrets.get(k)));
  }

  static Map<String, String> secrets(String env) {
    Map<String, String> m = new HashMap<>();
    for (String line : env.split("\n")) {
      for (String key :
          List.of(
              "JICOFO_AUTH_PASSWORD",
              "JVB_AUTH_PASSWORD",
              "JICOFO_COMPONENT_SECRET",
              "TURN_CREDENTIALS",
              "HUDDLE_HEALTH_PASSWORD",
              "JVB_REST_TOKEN",
              "UPTIME_KUMA_ADMIN_PASSWORD",
              "POSTGRES_PASSWORD",
              "HUDDLE_ADMIN_TOKEN")) {
        if (line.startsWith(key + "=")) {
          m.put(key, line.substring(key.length() + 1));
        }
      }
    }
    return m;
  }

  @Test
  void aMissingToolIsNamed() throws Exception {
    // A PATH with everything in /usr/bin and /bin except openssl.
    Path bin = Files.createDirectories(home.resolve("bin"));
    for (String dir : List.of("/usr/bin", "/bin")) {
      try (Stream<Path> s = Files.list(Path.of(dir))) {
        for (Path p : s.toList()) {
          Path link = bin.resolve(p.getFileName());
          if (!p.getFileName().toString().equals("openssl") && !Files.exists(link)) {
            Files.createSymbolicLink(link, p);
          }
        }
      }
    }
    LocalDeployment d = new LocalDeployment(home);
    Scripts.Result r = d.deploy(Map.of("PATH", bin.toString()), "init");
    assertThat(r.exit()).as("%s", r).isEqualTo(1);
    assertThat(r.err()).contains("'openssl' is needed").contains("not installed");
    assertThat(d.envFile).as("nothing half-written").doesNotExist();
  }

  @Test
  void commandsThatNeedSettingsSayToRunInitFirst() throws Exception {
    LocalDeployment d = new LocalDeployment(home);
    for (String command : List.of("start", "status", "backup")) {
      Scripts.Result r = d.deploy(command);
      assertThat(r.exit()).as("%s: %s", command, r).isEqualTo(1);
      assertThat(r.err()).contains("run './deploy.sh init' first");
    }
    Scripts.Result check = d.watchdog(Map.of(), "check");
    assertThat(check.exit()).isEqualTo(1);
    assertThat(check.err()).contains("run './deploy.sh init' first");
  }

  @Test
  void restoreRefusesToReplaceSettingsWithoutForceAndRejectsOtherArchives() throws Exception {
    LocalDeployment d = new LocalDeployment(home);
    assertThat(d.deploy("init").exit()).isZero();
    Scripts.Result backup = d.deploy("backup");
    assertThat(backup.exit()).as("%s", backup).isZero();
    String archive = backup.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(Path.of(archive)).exists();

    Scripts.Result refused = d.deploy("restore", archive);
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("--force");

    Path notOurs = home.resolve("other.tar.gz");
    Files.createDirectories(home.resolve("x"));
    Files.writeString(home.resolve("x/readme"), "hello");
    Scripts.run(
        List.of("tar", "-C", home.resolve("x").toString(), "-czf", notOurs.toString(), "readme"),
        Map.of(),
        Duration.ofSeconds(30));
    Scripts.Result wrong = d.deploy("restore", notOurs.toString(), "--force");
    assertThat(wrong.exit()).isEqualTo(1);
    assertThat(wrong.err()).contains("is not a Huddle backup");
    Scripts.Result missing = d.deploy("restore", home.resolve("nope.tar.gz").toString());
    assertThat(missing.err()).contains("no such archive");
  }
}
