package org.huddle.deployment;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files, checked statically as CI can without a Docker engine: the Compose file
 * (with scaled bridges) through Debian's docker-compose, every Dockerfile by the rules below, and
 * the nginx site through a real nginx.
 */
class DeploymentFilesIT {
  static final Set<String> SERVICES =
      Set.of(
          "nginx",
          "web",
          "xmpp",
          "focus",
          "videobridge",
          "coturn",
          "redis",
          "postgres",
          "uptime-kuma");

  @TempDir Path home;

  /** `docker-compose config` on the Compose file and three bridges: the normalized services. */
  @SuppressWarnings("unchecked")
  Map<String, Map<String, Object>> composeConfig(LocalDeployment d) throws Exception {
    assertThat(d.deploy("init").exit()).isZero();
    Scripts.Result scale = d.deploy("scale-bridges", "3");
    assertThat(scale.exit()).as("%s", scale).isZero();
    Path bridges = home.resolve("docker/docker-compose.bridges.yml");
    assertThat(bridges).exists();
    Map<String, String> env = new HashMap<>();
    env.put("HUDDLE_ENV_FILE", d.envFile.toString());
    env.put("CONFIG", home.resolve("docker/config").toString());
    Scripts.Result r =
        Scripts.run(
            List.of(
                Scripts.tool("docker-compose", "docker-compose"),
                "--env-file",
                d.envFile.toString(),
                "-f",
                Scripts.repo().resolve("docker/docker-compose.yml").toString(),
                "-f",
                bridges.toString(),
                "config"),
            env,
            Duration.ofMinutes(1));
    assertThat(r.exit()).as("docker-compose config\n%s", r).isZero();
    Map<String, Object> doc = new Yaml().load(r.out());
    return (Map<String, Map<String, Object>>) doc.get("services");
  }

  @Test
  @SuppressWarnings("unchecked")
  void composeServicesAllRestartUnlessStoppedAndCheckTheirHealth() throws Exception {
    Map<String, Map<String, Object>> services = composeConfig(new LocalDeployment(home));
    Set<String> expected = new HashSet<>(SERVICES);
    expected.addAll(Set.of("videobridge-2", "videobridge-3"));
    assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    services.forEach(
        (name, s) -> {
          assertThat(s.get("restart")).as("%s restart", name).isEqualTo("unless-stopped");
          Map<String, Object> health = (Map<String, Object>) s.get("healthcheck");
          assertThat(health).as("%s healthcheck", name).isNotNull();
          List<String> test = (List<String>) health.get("test");
          assertThat(test).as("%s healthcheck test", name).hasSizeGreaterThan(1);
          assertThat(test.get(0)).isIn("CMD", "CMD-SHELL");
          String image = (String) s.get("image");
          if (!image.startsWith("huddle/")) { // ours is whatever docker/Dockerfile built
            assertThat(image).as("%s image is pinned", name).matches(".+:[0-9][^:]*$");
          }
        });
    for (String role : List.of("web", "xmpp", "focus", "videobridge")) {
      assertThat((List<String>) services.get(role).get("command")).containsExactly(role);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyServiceRotatesItsLogsAndHasAMemoryLimit() throws Exception {
    Map<String, Map<String, Object>> services = composeConfig(new LocalDeployment(home));
    services.forEach(
        (name, s) -> {
          Map<String, Object> logging = (Map<String, Object>) s.get("logging");
          assertThat(logging).as("%s logging", name).isNotNull();
          Map<String, Object> options = (Map<String, Object>) logging.get("options");
          assertThat(options).as("%s log options", name).containsKeys("max-size", "max-file");
          Map<String, Object> deploy = (Map<String, Object>) s.get("deploy");
          assertThat(deploy).as("%s deploy", name).isNotNull();
          Map<String, Object> limits =
              (Map<String, Object>) ((Map<String, Object>) deploy.get("resources")).get("limits");
          assertThat(String.valueOf(limits.get("memory"))).as("%s memory limit", name).isNotBlank();
        });
  }

  /**
   * podman-compose 1.0 (Debian 12) has no {@code config} command; {@code --dry-run up} parses the
   * files, interpolates them and prints each podman command without running it.
   */
  @Test
  void podmanComposeAcceptsTheFilesAndPublishesOnTheConfiguredAddress() throws Exception {
    LocalDeployment d = new LocalDeployment(home);
    assertThat(d.deploy("init").exit()).isZero();
    assertThat(d.deploy("scale-bridges", "2").exit()).isZero();
    Path dir = Files.createDirectories(home.resolve("podman-compose"));
    Files.copy(
        Scripts.repo().resolve("docker/docker-compose.yml"), dir.resolve("docker-compose.yml"));
    Files.copy(home.resolve("docker/docker-compose.bridges.yml"), dir.resolve("bridges.yml"));
    Map<String, String> env = new HashMap<>();
    env.put("HUDDLE_ENV_FILE", d.envFile.toString());
    env.put("CONFIG", home.resolve("docker/config").toString());
    env.put("HUDDLE_PUBLISH_ADDRESS", "127.0.0.1");
    env.put("TURN_CREDENTIALS", "s3cret");
    Scripts.Result r =
        Scripts.run(
            List.of(
                Scripts.tool("podman-compose", "podman-compose"),
                "--dry-run",
                "-p",
                "dryrun",
                "-f",
                dir.resolve("docker-compose.yml").toString(),
                "-f",
                dir.resolve("bridges.yml").toString(),
                "up",
                "-d",
                "--no-build"),
            env,
            Duration.ofMinutes(1));
    // podman-compose 1.0 still creates the project's network and volume on a dry run: remove them.
    Scripts.run(
        List.of("podman", "network", "rm", "-f", "dryrun_meet"), Map.of(), Duration.ofSeconds(30));
    Scripts.run(
        List.of("podman", "volume", "rm", "-f", "dryrun_postgres-data"),
        Map.of(),
        Duration.ofSeconds(30));
    assertThat(r.exit()).as("podman-compose --dry-run up\n%s", r).isZero();
    String out = r.out() + r.err();
    for (String service : SERVICES) {
      assertThat(out).as("%s", out).contains("--name=dryrun_" + service + "_1");
    }
    assertThat(out).contains("--name=dryrun_videobridge-2_1");
    assertThat(out).contains("-p 127.0.0.1:8443:443").doesNotContain("0.0.0.0:");
    assertThat(out).contains("--log-opt=max-size=10m").contains("-m 768m");
  }

  @Test
  @SuppressWarnings("unchecked")
  void scaledBridgesEachHaveTheirOwnIdAndUdpPort() throws Exception {
    Map<String, Map<String, Object>> services = composeConfig(new LocalDeployment(home));
    Set<String> ids = new HashSet<>();
    Set<String> ports = new HashSet<>();
    for (String name : List.of("videobridge", "videobridge-2", "videobridge-3")) {
      Map<String, Object> env = (Map<String, Object>) services.get(name).get("environment");
      String id = String.valueOf(env.get("JVB_WS_SERVER_ID"));
      String port = String.valueOf(env.get("JVB_PORT"));
      assertThat(id).as("colibri-ws id is the service name, which nginx routes on").isEqualTo(name);
      assertThat(ids.add(id)).as("unique id %s", id).isTrue();
      assertThat(ports.add(port)).as("unique port %s", port).isTrue();
      // docker-compose v1 prints "address:published:target/protocol" when an address is given.
      List<Object> published = (List<Object>) services.get(name).get("ports");
      assertThat(published)
          .as("%s publishes its media port", name)
          .anySatisfy(
              p -> {
                if (p instanceof Map<?, ?> m) {
                  assertThat(String.valueOf(m.get("target"))).isEqualTo(port);
                  assertThat(String.valueOf(m.get("published"))).isEqualTo(port);
                  assertThat(m.get("protocol")).isEqualTo("udp");
                } else {
                  assertThat(String.valueOf(p)).isEqualTo("0.0.0.0:" + port + ":" + port + "/udp");
                }
              });
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theRecordsDatabaseIsOnTheComposeNetworkOnlyAndEveryRoleFindsItOnceHealthy()
      throws Exception {
    LocalDeployment d = new LocalDeployment(home);
    Map<String, Map<String, Object>> services = composeConfig(d);
    String password = ScriptQualityIT.secrets(Files.readString(d.envFile)).get("POSTGRES_PASSWORD");
    assertThat(password).as("init made the database's password").hasSizeGreaterThanOrEqualTo(24);
    Map<String, Object> postgres = services.get("postgres");
    assertThat(postgres).as("no published port").doesNotContainKey("ports");
    assertThat((Map<String, Object>) postgres.get("environment"))
        .containsEntry("POSTGRES_PASSWORD", password)
        .containsEntry("POSTGRES_DB", "huddle")
        .containsEntry("POSTGRES_USER", "huddle");
    List<String> check =
        (List<String>) ((Map<String, Object>) postgres.get("healthcheck")).get("test");
    assertThat(check).contains("pg_isready", "huddle");
    // A named volume, which `compose down` keeps.
    assertThat((List<Object>) postgres.get("volumes"))
        .anySatisfy(
            v -> {
              String s =
                  v instanceof Map<?, ?> m ? m.get("source") + ":" + m.get("target") : "" + v;
              assertThat(s).startsWith("postgres-data:/var/lib/postgresql/data");
            });
    for (String role : List.of("web", "xmpp", "focus", "videobridge")) {
      Map<String, Object> s = services.get(role);
      assertThat((Map<String, Object>) s.get("environment"))
          .as("%s finds the records database", role)
          .containsEntry("POSTGRES_HOST", "postgres");
      Map<String, Object> dependsOn = (Map<String, Object>) s.get("depends_on");
      assertThat((Map<String, Object>) dependsOn.get("postgres"))
          .as("%s starts once the database is healthy", role)
          .containsEntry("condition", "service_healthy");
    }
    for (String bridge : List.of("videobridge-2", "videobridge-3")) {
      assertThat((Map<String, Object>) services.get(bridge).get("environment"))
          .containsEntry("POSTGRES_HOST", "postgres");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void volumesHoldConfigCertificatesAndData() throws Exception {
    Map<String, Map<String, Object>> services = composeConfig(new LocalDeployment(home));
    Map<String, String> mustMount =
        Map.of(
            "xmpp", "/var/lib/huddle/data",
            "redis", "/data",
            "nginx", "/etc/nginx/certs",
            "uptime-kuma", "/app/data");
    String config = home.resolve("docker/config").toString();
    mustMount.forEach(
        (service, target) -> {
          // docker-compose v1 prints "source:target[:mode]"; v2 prints maps.
          List<Object> volumes = (List<Object>) services.get(service).get("volumes");
          assertThat(volumes)
              .as("%s mounts %s from the config folder", service, target)
              .anySatisfy(
                  v -> {
                    String source;
                    String mountedAt;
                    if (v instanceof Map<?, ?> m) {
                      source = String.valueOf(m.get("source"));
                      mountedAt = String.valueOf(m.get("target"));
                    } else {
                      String[] parts = String.valueOf(v).split(":");
                      source = parts[0];
                      mountedAt = parts[1];
                    }
                    assertThat(mountedAt).isEqualTo(target);
                    assertThat(source).startsWith(config);
                  });
        });
  }

  @Test
  void everyDockerfileFollowsTheRules() throws Exception {
    List<Path> dockerfiles;
    try (Stream<Path> s = Files.walk(Scripts.repo())) {
      dockerfiles =
          s.filter(
                  p ->
                      p.getFileName()
                          .toString()
                          .matches("(?i)Dockerfile(\\.[a-z0-9-]+)?|.+\\.dockerfile"))
              .filter(
                  p ->
                      !p.toString().contains("/node_modules/")
                          && !p.toString().contains("/target/")
                          && !p.toString().contains("/.git/"))
              .toList();
    }
    assertThat(dockerfiles)
        .contains(
            Scripts.repo().resolve("docker/Dockerfile"),
            Scripts.repo().resolve("docker/offline/runtime.Dockerfile"),
            Scripts.repo().resolve("docker/offline/nginx.Dockerfile"),
            Scripts.repo().resolve("docker/offline/coturn.Dockerfile"),
            Scripts.repo().resolve("docker/offline/redis.Dockerfile"),
            Scripts.repo().resolve("docker/offline/postgres.Dockerfile"));
    for (Path f : dockerfiles) {
      // The offline images build from their own folder, into which deploy.sh build puts the
      // jlinked runtime (jre/) first; the others from the repository.
      boolean own = f.startsWith(Scripts.repo().resolve("docker/offline"));
      List<String> problems =
          DockerfileRules.check(f, own ? f.getParent() : Scripts.repo(), Set.of("jre"));
      assertThat(problems).as("%s", f).isEmpty();
    }
  }

  @Test
  void theDockerfileRulesCatchMistakes() throws Exception {
    Path bad = home.resolve("Dockerfile");
    Files.writeString(
        bad,
        String.join(
            "\n",
            "FROM eclipse-temurin:latest",
            "ADD https://example.com/x.jar /x.jar",
            "COPY nothing/here.jar /opt/x.jar",
            "RUNN echo typo",
            "ENTRYPOINT java -jar /x.jar",
            ""),
        UTF_8);
    List<String> problems = DockerfileRules.check(bad, Scripts.repo());
    assertThat(String.join("\n", problems))
        .contains("pinned")
        .contains("ADD of a URL")
        .contains("nothing/here.jar")
        .contains("RUNN")
        .contains("exec form")
        .contains("USER");
  }

  @Test
  void nginxAcceptsTheSiteAndServesRedirectsHealthAndHeaders() throws Exception {
    String nginx = "/usr/sbin/nginx";
    assertThat(Path.of(nginx))
        .as("nginx (Debian nginx-light; scripts/test.sh installs it)")
        .exists();
    LocalDeployment d = new LocalDeployment(home);
    assertThat(d.deploy("init").exit()).isZero();
    Path certs = home.resolve("docker/config/certs");
    int http = LocalDeployment.freeTcpPort();
    int https = LocalDeployment.freeTcpPort();
    NginxSite nginxSite = NginxSite.write(home.resolve("nginx"), certs, home, http, https);
    String site = nginxSite.site;
    assertThat(site).doesNotContain("${").contains("127.0.0.1:" + https);
    Path prefix = nginxSite.prefix;
    List<String> base = nginxSite.command();
    List<String> test = new ArrayList<>(base);
    test.add("-t");
    Scripts.Result t = Scripts.run(test, Map.of(), Duration.ofSeconds(30));
    assertThat(t.exit()).as("nginx -t\n%s", t).isZero();

    Process p =
        new ProcessBuilder(base)
            .redirectErrorStream(true)
            .redirectOutput(prefix.resolve("out.log").toFile())
            .start();
    try {
      HttpClient client = insecureClient();
      HttpResponse<String> health = await(client, "http://127.0.0.1:" + http + "/nginx-health");
      assertThat(health.statusCode()).isEqualTo(200);
      HttpResponse<String> redirect =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/daily-standup"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(redirect.statusCode()).isEqualTo(301);
      assertThat(redirect.headers().firstValue("location"))
          .hasValue("https://127.0.0.1:" + https + "/daily-standup");
      // No web container here: nginx answers 502 itself, over TLS, with the security headers.
      HttpResponse<String> page =
          client.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + https + "/daily-standup"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(502);
      assertThat(page.headers().firstValue("strict-transport-security")).isPresent();
      assertThat(page.headers().firstValue("x-content-type-options")).hasValue("nosniff");
      assertThat(page.sslSession()).isPresent();
      assertThat(page.sslSession().get().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
      p.destroyForcibly();
    }
  }

  static HttpResponse<String> await(HttpClient client, String url) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        return client.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
      } catch (java.io.IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /** The certificate is deploy.sh's self-signed one: this client checks nothing about it. */
  static HttpClient insecureClient() throws Exception {
    // An extended trust manager, so that JSSE adds no host name check of its own either.
    TrustManager trustAll =
        new X509ExtendedTrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) {}

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, new TrustManager[] {trustAll}, new SecureRandom());
    return HttpClient.newBuilder()
        .sslContext(ssl)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }
}
