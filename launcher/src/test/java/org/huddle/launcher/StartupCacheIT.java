package org.huddle.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM flags and the start-up cache as {@code ./huddle} and the Docker image use them: {@code
 * scripts/lib.sh} trains the cache with {@code huddle aot-train} (a three-party meeting on
 * loopback), and the flags it hands out reach the JVM, the cache among them, which the JVM then
 * accepts.
 */
class StartupCacheIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void libShTrainsTheCacheAndItsFlagsReachTheJvmThatAcceptsTheCache() throws Exception {
    Path jar =
        Path.of(System.getProperty("huddle.dist.jar", "../dist/huddle.jar")).toAbsolutePath();
    assertThat(jar).as("dist/huddle.jar is built by 'mvn package'").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    Path cache = dir.resolve("huddle.aot");
    Map<String, String> env = Map.of("HUDDLE_AOT_CACHE", cache.toString());

    Result trained = libSh(env, "huddle_aot_train \"$0\" \"$1\"", java, jar.toString());
    assertThat(trained.exit).as("huddle_aot_train: %s", trained.out).isZero();
    assertThat(cache).as("the cache file").isNotEmptyFile();
    assertThat(Files.readString(Path.of(cache + ".log"), UTF_8))
        .as("the training drove a meeting")
        .contains("aot-train: a three-party meeting and 6 of 6 page and health requests");

    Result flags = libSh(env, "huddle_java_flags \"$0\" \"$1\"", java, jar.toString());
    assertThat(flags.exit).isZero();
    List<String> jvm = new ArrayList<>(flags.out.lines().filter(l -> !l.isBlank()).toList());
    assertThat(jvm)
        .contains("-XX:+UseSerialGC", "-XX:AOTCache=" + cache, "-XX:CompileThresholdScaling=3");
    // A single role would map every role's classes: the cache is for `all` unless HUDDLE_AOT=on.
    assertThat(libSh(env, "huddle_java_flags \"$0\" \"$1\" web", java, jar.toString()).out)
        .contains("-XX:+UseSerialGC")
        .doesNotContain("-XX:AOTCache=")
        .doesNotContain("CompileThresholdScaling");

    // AOTMode=on makes a cache the JVM cannot use an error instead of a warning.
    jvm.add(0, java);
    jvm.addAll(
        List.of(
            "-XX:AOTMode=on", "-XX:+PrintCommandLineFlags", "-jar", jar.toString(), "--version"));
    Result run = run(new ProcessBuilder(jvm));
    assertThat(run.exit).as("java with lib.sh's flags: %s", run.out).isZero();
    assertThat(run.out).contains("-XX:+UseSerialGC").contains("Huddle ");
  }

  @Test
  void huddleJavaOptsReplacesTheDefaultFlags() throws Exception {
    Result flags =
        libSh(
            Map.of("HUDDLE_JAVA_OPTS", "-Xmx100m -XX:+UseG1GC", "HUDDLE_AOT", "off"),
            "huddle_java_flags \"$0\" \"$1\"",
            ProcessHandle.current().info().command().orElse("java"),
            "dist/huddle.jar");
    assertThat(flags.out.lines().toList())
        .containsExactly("-Xmx100m", "-XX:+UseG1GC", "--enable-native-access=ALL-UNNAMED");
  }

  private record Result(int exit, String out) {}

  private static Result libSh(Map<String, String> env, String script, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", "-c", ". scripts/lib.sh && " + script));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPO.toFile());
    pb.environment().remove("HUDDLE_JAVA_OPTS");
    pb.environment().remove("HUDDLE_AOT");
    pb.environment().putAll(env);
    return run(pb);
  }

  private static Result run(ProcessBuilder pb) throws Exception {
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor(600, TimeUnit.SECONDS)).as("finished: %s", out).isTrue();
    return new Result(p.exitValue(), out);
  }
}
