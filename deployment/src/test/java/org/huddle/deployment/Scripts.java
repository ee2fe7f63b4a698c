package org.huddle.deployment;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the repository's scripts and tools as an operator would, capturing what they print. */
final class Scripts {
  private Scripts() {}

  /** The repository root (where deploy.sh lives). */
  static Path repo() {
    Path p = Path.of(System.getProperty("huddle.repo", "..")).toAbsolutePath().normalize();
    if (!Files.exists(p.resolve("deploy.sh"))) {
      throw new IllegalStateException("no deploy.sh under " + p + "; set -Dhuddle.repo");
    }
    return p;
  }

  static Path jar() {
    Path jar =
        Path.of(
            System.getProperty("huddle.dist.jar", repo().resolve("dist/huddle.jar").toString()));
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: 'mvn package' builds it");
    }
    return jar;
  }

  /** The JDK running the tests: the scripts get it as JAVA_HOME. */
  static String javaHome() {
    return System.getProperty("java.home");
  }

  /** What a finished command printed, and how it exited. */
  record Result(int exit, String out, String err) {
    String both() {
      return out + err;
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /**
   * Runs {@code command} with the environment {@code env} (added to this process's), output kept in
   * files so that background children holding them cannot block the test.
   */
  static Result run(List<String> command, Map<String, String> env, Duration timeout)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("huddle-script", ".out");
    Path err = Files.createTempFile("huddle-script", ".err");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(new ArrayList<>(command))
              .directory(repo().toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(
            command
                + " did not finish in "
                + timeout
                + "\n--- stdout\n"
                + Files.readString(out, UTF_8)
                + "--- stderr\n"
                + Files.readString(err, UTF_8));
      }
      return new Result(p.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** The path of a tool, or an AssertionError naming the package that provides it. */
  static String tool(String name, String debianPackage) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new AssertionError(
        name
            + " is not installed (Debian package "
            + debianPackage
            + "; scripts/test.sh installs it)");
  }
}
