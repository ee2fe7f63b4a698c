package org.huddle.web.files;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real S3-compatible server for the tests: moto's {@code moto_server} (Debian's python3-moto, or
 * pip's) on 127.0.0.1. Missing, it fails the tests and says so, as a missing PostgreSQL does.
 */
final class MotoServer implements AutoCloseable {
  private final Process process;
  private final int port;

  private MotoServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static MotoServer start() throws Exception {
    String exe = System.getenv().getOrDefault("HUDDLE_TEST_MOTO_SERVER", find());
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = Files.createTempFile("moto", ".log");
    Process p =
        new ProcessBuilder(exe, "-H", "127.0.0.1", "-p", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket probe = new Socket("127.0.0.1", port)) {
        return new MotoServer(p, port);
      } catch (IOException notYet) {
        if (!p.isAlive()) {
          throw new IllegalStateException("moto_server exited: " + Files.readString(log));
        }
        Thread.sleep(200);
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException(
        "moto_server did not listen within 60 s: " + Files.readString(log));
  }

  private static String find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "moto_server");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException(
        "the S3 tests need moto_server on the PATH (apt-get install python3-moto, or pip install"
            + " 'moto[server]'), or HUDDLE_TEST_MOTO_SERVER naming it");
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
