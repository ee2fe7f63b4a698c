package org.huddle.deployment;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deployment in container mode under a temporary HUDDLE_HOME: deploy.sh and auto-restart.sh run
 * its Compose project (its own name, so its own containers, network and volume) on Podman.
 */
final class ComposeProject {
  final Path home;
  final Path envFile;
  final String name;

  ComposeProject(Path home, String name) {
    this.home = home;
    this.envFile = home.resolve("docker/.env");
    this.name = name;
  }

  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("HUDDLE_HOME", home.toString());
    env.put("HUDDLE_ENV_FILE", envFile.toString());
    env.put("HUDDLE_JAR", Scripts.jar().toString());
    env.put("JAVA_HOME", Scripts.javaHome());
    env.put("COMPOSE_PROJECT_NAME", name);
    env.put("HUDDLE_CONTAINER_ENGINE", "podman");
    return env;
  }

  /** deploy.sh or auto-restart.sh in docker mode, with extra environment. */
  Scripts.Result script(String script, Map<String, String> extraEnv, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Scripts.repo().resolve(script).toString());
    command.add("--mode");
    command.add("docker");
    command.addAll(List.of(args));
    Map<String, String> env = env();
    env.putAll(extraEnv);
    return Scripts.run(command, env, Duration.ofMinutes(10));
  }

  static Scripts.Result podman(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("podman"));
    command.addAll(List.of(args));
    return Scripts.run(command, Map.of(), Duration.ofMinutes(1));
  }

  /** The id of the service's container, or an empty string. */
  String containerOf(String service) throws IOException, InterruptedException {
    return podman(
            "ps",
            "-aq",
            "--filter",
            "label=com.docker.compose.project=" + name,
            "--filter",
            "label=com.docker.compose.service=" + service)
        .out()
        .strip();
  }

  /** Whatever a failed step left: the project's containers, its network and its volume. */
  void removeAll() throws IOException, InterruptedException {
    Scripts.run(
        List.of(
            "sh",
            "-c",
            "podman ps -aq --filter label=com.docker.compose.project="
                + name
                + " | xargs -r podman rm -f; podman network rm -f "
                + name
                + "_meet; podman volume rm -f "
                + name
                + "_postgres-data"),
        Map.of(),
        Duration.ofMinutes(2));
  }
}
