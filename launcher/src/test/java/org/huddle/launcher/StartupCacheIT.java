package org.huddle.launcher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM flags and the start-up caches as {@code ./huddle} and the Docker image use them: {@code
 * scripts/lib.sh} trains a role's cache with {@code huddle aot-train} (a three-party meeting on
 * loopback, the role in a JVM of its own), and the flags it hands out reach the JVM, the role's own
 * cache among them, which the JVM then accepts.
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
    // A single role would map every role's classes: `all`'s cache is not another role's.
    assertThat(libSh(env, "huddle_java_flags \"$0\" \"$1\" web", java, jar.toString()).out)
        .contains("-XX:+UseSerialGC")
        .doesNotContain("-XX:AOTCache=")
        .doesNotContain("CompileThresholdScaling");
    // It holds every role's classes (what the single role's test below checks its cache lacks).
    assertThat(huddlePackages(java, jvm, jar))
        .contains(
            "org.huddle.xmpp.server.muc", "org.huddle.signalling", "org.huddle.videobridge.srtp");

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
  void aSingleRoleTrainsItsOwnCacheWhichHoldsOnlyWhatThatRoleLoadsAndItsJvmUsesIt()
      throws Exception {
    Path jar =
        Path.of(System.getProperty("huddle.dist.jar", "../dist/huddle.jar")).toAbsolutePath();
    assertThat(jar).as("dist/huddle.jar is built by 'mvn package'").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    Map<String, String> env = Map.of("HUDDLE_AOT_DIR", dir.toString());
    Path cache = dir.resolve("huddle-xmpp.aot");

    Result trained = libSh(env, "huddle_aot_train \"$0\" \"$1\" xmpp", java, jar.toString());
    assertThat(trained.exit).as("huddle_aot_train xmpp: %s", trained.out).isZero();
    assertThat(cache).as("the xmpp role's cache").isNotEmptyFile();
    assertThat(dir.resolve("huddle.aot")).as("no cache for `all`").doesNotExist();
    String log = Files.readString(Path.of(cache + ".log"), UTF_8);
    assertThat(log)
        .as("the xmpp role ran as `huddle xmpp` in a recorded JVM of its own, and had a meeting")
        .containsPattern(
            "aot-train: xmpp: .*-XX:AOTCacheOutput=\\S*huddle-xmpp\\.aot\\.tmp -jar \\S+ xmpp")
        .contains("aot-train: the focus sees an operational bridge")
        .contains("aot-train: a three-party meeting and 6 of 6 page and health requests")
        .contains("AOTCache creation is complete");

    List<String> jvm =
        libSh(env, "huddle_java_flags \"$0\" \"$1\" xmpp", java, jar.toString())
            .out
            .lines()
            .filter(l -> !l.isBlank())
            .toList();
    assertThat(jvm).contains("-XX:AOTCache=" + cache, "-XX:CompileThresholdScaling=3");
    // The cache holds the XMPP server's work (the meeting's MUC), not the other roles'.
    assertThat(huddlePackages(java, jvm, jar))
        .contains("org.huddle.xmpp.server.muc", "org.huddle.xmpp.server.session")
        .doesNotContain("org.huddle.signalling", "org.huddle.rtp", "org.huddle.videobridge.srtp");
    // The JVM accepts it (AOTMode=on: an unusable cache is an error) and loads from it.
    List<String> run = new ArrayList<>(List.of(java));
    run.addAll(jvm);
    run.addAll(List.of("-XX:AOTMode=on", "-Xlog:class+load", "-jar", jar.toString(), "--version"));
    Result version = run(new ProcessBuilder(run));
    assertThat(version.exit).as("java with the xmpp role's flags: %s", version.out).isZero();
    assertThat(version.out).contains("org.huddle.launcher.Huddle source: shared objects file");

    // Another role does not take it, nor does `all`; HUDDLE_AOT=off takes it from xmpp too.
    for (String role : List.of("web", "all")) {
      assertThat(libSh(env, "huddle_java_flags \"$0\" \"$1\" " + role, java, jar.toString()).out)
          .as(role)
          .doesNotContain("-XX:AOTCache=");
    }
    Map<String, String> named = Map.of("HUDDLE_AOT_CACHE", cache.toString());
    assertThat(libSh(named, "huddle_java_flags \"$0\" \"$1\" web", java, jar.toString()).out)
        .as("HUDDLE_AOT_CACHE names a file trained for xmpp: web does not use it")
        .doesNotContain("-XX:AOTCache=");
    assertThat(libSh(named, "huddle_java_flags \"$0\" \"$1\" xmpp", java, jar.toString()).out)
        .contains("-XX:AOTCache=" + cache);
    Map<String, String> off = Map.of("HUDDLE_AOT_DIR", dir.toString(), "HUDDLE_AOT", "off");
    assertThat(libSh(off, "huddle_java_flags \"$0\" \"$1\" xmpp", java, jar.toString()).out)
        .doesNotContain("-XX:AOTCache=");
  }

  /**
   * The packages of Huddle's classes in the cache that {@code jvm}'s flags name, as the JVM lists
   * them ({@code -XX:+PrintSharedArchiveAndExit}; the cache's flags must match, so lib.sh's).
   */
  private static Set<String> huddlePackages(String java, List<String> jvm, Path jar)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(java));
    cmd.addAll(jvm);
    cmd.addAll(List.of("-XX:+PrintSharedArchiveAndExit", "-cp", jar.toString()));
    Result listed = run(new ProcessBuilder(cmd));
    assertThat(listed.exit).as("the cache's class list: %s", listed.out).isZero();
    Matcher m = CLASS.matcher(listed.out);
    Set<String> packages = new TreeSet<>();
    while (m.find()) {
      packages.add(m.group(1));
    }
    assertThat(packages).as("Huddle's classes in the cache").isNotEmpty();
    return packages;
  }

  private static final Pattern CLASS =
      Pattern.compile("(?m)^ *\\d+: (org\\.huddle(?:\\.[a-z0-9]+)*)\\.[A-Z]\\S* ");

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
