package org.huddle.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Media through NAT and a firewall, in network namespaces this test makes (no packet leaves them):
 *
 * <pre>
 *   hs-client 198.51.100.2 ── 198.51.100.1 hs-router 10.77.1.1 ── 10.77.1.2 hs-server
 * </pre>
 *
 * The server runs {@code huddle all}; the router forwards only UDP 10000, TCP 4443 (ICE over TCP)
 * and TCP 8443 (HTTPS) from its outside address to it, and masquerades what the server sends out.
 * Three Chromium participants in the client namespace, which reaches nothing but that outside
 * address, must each decode the other two's video: with UDP, and again with all UDP dropped.
 * Without DOCKER_HOST_ADDRESS the bridge warns, naming its private address, and {@code huddle
 * doctor} names the problem. The time to the first remote frame is printed for each case.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NatNetworkIT {
  static final String SERVER = "hs-server";
  static final String ROUTER = "hs-router";
  static final String CLIENT = "hs-client";
  static final String OUTSIDE = "198.51.100.1";
  static final Pattern JOIN_TIME = Pattern.compile("JOIN_TIME_MS=(\\d+)");

  final Path out = Path.of("target/nat").toAbsolutePath();
  final Path jar = Path.of(System.getProperty("huddle.dist.jar", "../dist/huddle.jar"));
  final Path frontend = Path.of("../web/frontend").toAbsolutePath();
  final Map<String, Long> joinTimes = new LinkedHashMap<>();
  Process roles;
  Path rolesLog;

  @BeforeAll
  void topology() throws Exception {
    assertThat(jar).as("dist/huddle.jar (built by the launcher module)").isRegularFile();
    assertThat(Path.of("/usr/bin/chromium")).as("Debian's chromium").isExecutable();
    assertThat(run("sh", "-c", "command -v ip && command -v iptables").exit())
        .as("ip (iproute2) and iptables are needed")
        .isZero();
    Files.createDirectories(out);
    deleteNamespaces();
    for (String ns : List.of(SERVER, ROUTER, CLIENT)) {
      must("ip", "netns", "add", ns);
      must("ip", "-n", ns, "link", "set", "lo", "up");
    }
    must(
        "ip", "link", "add", "hs-srv", "netns", SERVER, "type", "veth", "peer", "name", "hs-rin",
        "netns", ROUTER);
    must(
        "ip", "link", "add", "hs-cli", "netns", CLIENT, "type", "veth", "peer", "name", "hs-rout",
        "netns", ROUTER);
    must("ip", "-n", SERVER, "addr", "add", "10.77.1.2/24", "dev", "hs-srv");
    must("ip", "-n", ROUTER, "addr", "add", "10.77.1.1/24", "dev", "hs-rin");
    must("ip", "-n", ROUTER, "addr", "add", OUTSIDE + "/24", "dev", "hs-rout");
    must("ip", "-n", CLIENT, "addr", "add", "198.51.100.2/24", "dev", "hs-cli");
    for (String[] link :
        new String[][] {
          {SERVER, "hs-srv"}, {ROUTER, "hs-rin"}, {ROUTER, "hs-rout"}, {CLIENT, "hs-cli"}
        }) {
      must("ip", "-n", link[0], "link", "set", link[1], "up");
    }
    must("ip", "-n", SERVER, "route", "add", "default", "via", "10.77.1.1");
    must("ip", "netns", "exec", ROUTER, "sysctl", "-qw", "net.ipv4.ip_forward=1");
    String[] nat = {"ip", "netns", "exec", ROUTER, "iptables"};
    must(concat(nat, "-P", "FORWARD", "DROP"));
    must(
        concat(
            nat,
            "-A",
            "FORWARD",
            "-m",
            "conntrack",
            "--ctstate",
            "ESTABLISHED,RELATED",
            "-j",
            "ACCEPT"));
    must(concat(nat, "-A", "FORWARD", "-i", "hs-rin", "-o", "hs-rout", "-j", "ACCEPT"));
    for (String[] fwd : new String[][] {{"udp", "10000"}, {"tcp", "4443"}, {"tcp", "8443"}}) {
      must(
          concat(
              nat,
              "-t",
              "nat",
              "-A",
              "PREROUTING",
              "-d",
              OUTSIDE,
              "-p",
              fwd[0],
              "--dport",
              fwd[1],
              "-j",
              "DNAT",
              "--to-destination",
              "10.77.1.2:" + fwd[1]));
      must(
          concat(
              nat,
              "-A",
              "FORWARD",
              "-i",
              "hs-rout",
              "-o",
              "hs-rin",
              "-p",
              fwd[0],
              "--dport",
              fwd[1],
              "-d",
              "10.77.1.2",
              "-j",
              "ACCEPT"));
    }
    must(concat(nat, "-t", "nat", "-A", "POSTROUTING", "-o", "hs-rout", "-j", "MASQUERADE"));
    // The server's HTTPS: a self-signed certificate for the router's outside address.
    TestCertificate.selfSigned(out.resolve("web.crt"), out.resolve("web.key"), OUTSIDE);
    // Chromium in the client namespace, driven from here over its pipe.
    Path wrapper = out.resolve("chromium-in-client.sh");
    Files.writeString(
        wrapper, "#!/bin/sh\nexec ip netns exec " + CLIENT + " /usr/bin/chromium \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterAll
  void removeTopology() throws Exception {
    deleteNamespaces();
    StringBuilder s = new StringBuilder();
    joinTimes.forEach((k, v) -> s.append(k).append(": ").append(v).append(" ms\n"));
    Files.writeString(out.resolve("join-times.txt"), s);
    System.out.print("Time to the first remote frame behind NAT:\n" + s);
  }

  @AfterEach
  void stopRoles() throws Exception {
    if (roles != null) {
      roles.destroy();
      if (!roles.waitFor(15, TimeUnit.SECONDS)) {
        roles.destroyForcibly();
      }
      roles.descendants().forEach(ProcessHandle::destroyForcibly);
      roles = null;
    }
    run("ip", "netns", "exec", ROUTER, "iptables", "-D", "FORWARD", "-p", "udp", "-j", "DROP");
    run("sh", "-c", "ip netns pids " + SERVER + " | xargs -r kill -9");
  }

  @Test
  @Order(1)
  void threeParticipantsBehindTheNatDecodeEachOtherWithTheAdvertisedAddress() throws Exception {
    startRoles("udp", Map.of("DOCKER_HOST_ADDRESS", OUTSIDE));
    joinTimes.put("NAT, UDP", meet("udp"));
    assertThat(metric("udp-port")).as("packets in on the bridge's UDP port").isPositive();
  }

  @Test
  @Order(2)
  void withEveryUdpPacketDroppedMediaGoesOverIceTcp() throws Exception {
    must("ip", "netns", "exec", ROUTER, "iptables", "-I", "FORWARD", "-p", "udp", "-j", "DROP");
    startRoles("tcp", Map.of("DOCKER_HOST_ADDRESS", OUTSIDE));
    joinTimes.put("NAT, UDP dropped (ICE over TCP 4443)", meet("tcp"));
    assertThat(metric("tcp-port")).as("packets in on the bridge's TCP port").isPositive();
  }

  @Test
  @Order(3)
  void withoutTheAdvertisedAddressTheBridgeWarnsAndTheDoctorNamesTheProblem() throws Exception {
    startRoles("unset", Map.of());
    String log = Files.readString(rolesLog);
    assertThat(log)
        .as("the bridge's warning")
        .contains("10.77.1.2")
        .contains("DOCKER_HOST_ADDRESS");
    Result doctor =
        run(
            List.of(
                "ip",
                "netns",
                "exec",
                SERVER,
                javaBin(),
                "-jar",
                jar.toString(),
                "doctor",
                "--insecure"),
            serverEnv(Map.of()));
    assertThat(doctor.exit()).as("huddle doctor:\n%s", doctor.out()).isNotZero();
    assertThat(doctor.out()).contains("DOCKER_HOST_ADDRESS");
  }

  /** Three participants in daily-standup; returns the last one's click-to-first-frame time. */
  long meet(String name) throws Exception {
    Path shots = out.resolve(name);
    Files.createDirectories(shots);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HUDDLE_URL", "https://" + OUTSIDE + ":8443");
    env.put("HUDDLE_CHROMIUM", out.resolve("chromium-in-client.sh").toString());
    env.put("HUDDLE_E2E_IGNORE_TLS_ERRORS", "1");
    env.put("HUDDLE_E2E_OUTPUT", shots.toString());
    Result r =
        run(List.of("sh", "-c", "cd " + frontend + " && node e2e/run.mjs three-participants"), env);
    Files.writeString(shots.resolve("output.txt"), r.out());
    assertThat(r.exit())
        .as("three participants behind NAT (%s); roles' log %s:%n%s", name, rolesLog, r.out())
        .isZero();
    Matcher m = JOIN_TIME.matcher(r.out());
    assertThat(m.find()).as("the scenario prints the join time").isTrue();
    return Long.parseLong(m.group(1));
  }

  Map<String, String> serverEnv(Map<String, String> extra) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", System.getenv().getOrDefault("HOME", "/root"));
    env.put("HUDDLE_DATA_PATH", out.resolve("data").toString());
    env.put("PUBLIC_URL", "https://" + OUTSIDE + ":8443");
    env.put("HUDDLE_WEB_TLS_CERT", out.resolve("web.crt").toString());
    env.put("HUDDLE_WEB_TLS_KEY", out.resolve("web.key").toString());
    env.put("JICOFO_ENABLE_HEALTH_CHECKS", "true");
    env.putAll(extra);
    return env;
  }

  void startRoles(String name, Map<String, String> extra) throws Exception {
    rolesLog = out.resolve("roles-" + name + ".log");
    List<String> cmd =
        List.of("ip", "netns", "exec", SERVER, javaBin(), "-jar", jar.toString(), "all");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(rolesLog.toFile());
    pb.environment().clear();
    pb.environment().putAll(serverEnv(extra));
    roles = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!"200"
            .equals(
                inServer("curl -s -o /dev/null -w %{http_code} http://127.0.0.1:8888/about/health"))
        || !"200"
            .equals(
                inServer(
                    "curl -sk -o /dev/null -w %{http_code} https://127.0.0.1:8443/about/health"))) {
      assertThat(roles.isAlive()).as("huddle all stopped; see %s", rolesLog).isTrue();
      assertThat(System.nanoTime())
          .as("huddle all was not up within 120 s; see %s", rolesLog)
          .isLessThan(deadline);
      Thread.sleep(500);
    }
  }

  /** The bridge's packets in on one of its media ports, from its /metrics. */
  long metric(String node) throws Exception {
    String metrics = inServer("curl -s http://127.0.0.1:8080/metrics");
    Files.writeString(out.resolve("bridge-metrics-" + node + ".txt"), metrics);
    long sum = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("huddle_videobridge_node_packets_total{")
          && line.contains("node=\"" + node + "\"")
          && line.contains("kind=\"in\"")) {
        sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  String inServer(String shell) throws Exception {
    return run("ip", "netns", "exec", SERVER, "sh", "-c", shell).out().strip();
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  void deleteNamespaces() throws Exception {
    for (String ns : List.of(SERVER, ROUTER, CLIENT)) {
      run("sh", "-c", "ip netns pids " + ns + " 2>/dev/null | xargs -r kill -9");
      run("ip", "netns", "delete", ns);
    }
  }

  record Result(int exit, String out) {}

  static String[] concat(String[] a, String... b) {
    List<String> l = new ArrayList<>(List.of(a));
    l.addAll(List.of(b));
    return l.toArray(String[]::new);
  }

  static void must(String... cmd) throws Exception {
    Result r = run(cmd);
    assertThat(r.exit()).as("%s:%n%s", String.join(" ", cmd), r.out()).isZero();
  }

  static Result run(String... cmd) throws Exception {
    return run(List.of(cmd), Map.of());
  }

  static Result run(List<String> cmd, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] bytes;
    try (var in = p.getInputStream()) {
      bytes = in.readAllBytes();
    }
    if (!p.waitFor(6, TimeUnit.MINUTES)) {
      p.destroyForcibly();
    }
    return new Result(p.exitValue(), new String(bytes, UTF_8));
  }
}
