package org.huddle.deployment;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A Huddle deployment in local mode under a temporary HUDDLE_HOME: deploy.sh and auto-restart.sh
 * from the repository, dist/huddle.jar, and free loopback ports for every role, so that it can run
 * beside anything else on the machine.
 */
final class LocalDeployment implements AutoCloseable {
  static final List<String> ROLES =
      List.of("redis", "coturn", "xmpp", "videobridge", "focus", "web");

  final Path home;
  final Path envFile;

  /** The port settings appended to .env after init (docker-jitsi-meet names). */
  final Map<String, Integer> ports = new LinkedHashMap<>();

  LocalDeployment(Path home) throws IOException {
    this.home = home;
    this.envFile = home.resolve("docker/.env");
    for (String name :
        List.of(
            "XMPP_PORT",
            "XMPP_COMPONENT_PORT",
            "PROSODY_HTTP_PORT",
            "HUDDLE_JVB_WS_PORT",
            "HUDDLE_JVB_REST_PORT",
            "JVB_TCP_PORT",
            "HUDDLE_FOCUS_HTTP_PORT",
            "HTTP_PORT",
            "HTTPS_PORT",
            "REDIS_PORT")) {
      ports.put(name, freeTcpPort());
    }
    ports.put("JVB_PORT", freeUdpPort());
    ports.put("TURN_PORT", freeUdpAndTcpPort());
  }

  /** coturn listens on the same port number over UDP and TCP. */
  static int freeUdpAndTcpPort() throws IOException {
    for (int i = 0; i < 50; i++) {
      int port = freeUdpPort();
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no port free on both UDP and TCP");
  }

  static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      return s.getLocalPort();
    }
  }

  int port(String name) {
    return ports.get(name);
  }

  /** The environment every script run gets: this home, local mode, the jar and this JDK. */
  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("HUDDLE_HOME", home.toString());
    env.put("HUDDLE_DEPLOY_MODE", "local");
    env.put("HUDDLE_JAR", Scripts.jar().toString());
    env.put("JAVA_HOME", Scripts.javaHome());
    return env;
  }

  Scripts.Result deploy(String... args) throws IOException, InterruptedException {
    return deploy(Map.of(), args);
  }

  Scripts.Result deploy(Map<String, String> extraEnv, String... args)
      throws IOException, InterruptedException {
    return script("deploy.sh", extraEnv, args);
  }

  Scripts.Result watchdog(Map<String, String> extraEnv, String... args)
      throws IOException, InterruptedException {
    return script("auto-restart.sh", extraEnv, args);
  }

  private Scripts.Result script(String name, Map<String, String> extraEnv, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Scripts.repo().resolve(name).toString());
    command.addAll(List.of(args));
    Map<String, String> env = env();
    env.putAll(extraEnv);
    return Scripts.run(command, env, Duration.ofMinutes(3));
  }

  /**
   * After {@code deploy.sh init}: binds every role to 127.0.0.1 on this deployment's ports, with a
   * Redis of its own and quick watchdog rounds.
   */
  void useTestSettings() throws IOException {
    StringBuilder s = new StringBuilder("\n# deployment tests\nHUDDLE_BIND_ADDRESS=127.0.0.1\n");
    ports.forEach(
        (k, v) -> {
          if (!k.equals("REDIS_PORT")) {
            s.append(k).append('=').append(v).append('\n');
          }
        });
    s.append("REDIS_URL=redis://127.0.0.1:").append(port("REDIS_PORT")).append("/0\n");
    s.append("PUBLIC_URL=http://127.0.0.1:").append(port("HTTP_PORT")).append('\n');
    s.append("JVB_TCP_HARVESTER_DISABLED=true\n");
    s.append("JVB_ADVERTISE_IPS=127.0.0.1\n");
    s.append("CHECK_INTERVAL=2\n");
    Files.writeString(envFile, s, UTF_8, StandardOpenOption.APPEND);
  }

  /** The pid deploy.sh recorded for a role, if its file exists. */
  OptionalLong pid(String role) throws IOException {
    Path f = home.resolve("run/" + role + ".pid");
    if (!Files.exists(f)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(Files.readString(f).strip()));
  }

  boolean alive(String role) throws IOException {
    OptionalLong pid = pid(role);
    return pid.isPresent()
        && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false);
  }

  String log(String name) throws IOException {
    Path f = home.resolve("run/logs/" + name + ".log");
    return Files.exists(f) ? Files.readString(f, UTF_8) : "";
  }

  /**
   * Stops the watchdog and every role, kills whatever is left, and keeps the logs under
   * target/deployment-logs for whoever reads a failure.
   */
  @Override
  public void close() throws IOException, InterruptedException {
    try {
      stopEverything();
    } finally {
      Path logs = home.resolve("run/logs");
      if (Files.isDirectory(logs)) {
        Path keep =
            Files.createDirectories(
                Path.of("target/deployment-logs").resolve(home.getFileName().toString()));
        try (Stream<Path> files = Files.list(logs)) {
          for (Path f : files.toList()) {
            Files.copy(f, keep.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
  }

  private void stopEverything() throws IOException, InterruptedException {
    if (Files.exists(envFile)) {
      watchdog(Map.of(), "stop");
      deploy("stop");
    }
    Path run = home.resolve("run");
    if (Files.isDirectory(run)) {
      try (Stream<Path> files = Files.list(run)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
          ProcessHandle.of(Long.parseLong(Files.readString(f).strip()))
              .ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }
}
