package org.huddle.xmpp.server.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real coturn (Debian's {@code coturn}) on 127.0.0.1, checking credentials with {@code
 * use-auth-secret} (the TURN REST scheme), and its {@code turnutils_uclient} to make an allocation.
 * A missing coturn fails, saying so.
 */
public final class Coturn implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path dir;

  private Coturn(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  public static Coturn start(String secret) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/turnserver"))) {
      throw new AssertionError(
          "coturn is not installed (apt-get install coturn; scripts/test.sh does it)");
    }
    int port;
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    int relayBase = 50_000 + ThreadLocalRandom.current().nextInt(0, 150) * 100;
    Path dir = Files.createTempDirectory("coturn");
    Process p =
        new ProcessBuilder(
                List.of(
                    "/usr/bin/turnserver",
                    "-n",
                    "--listening-ip=127.0.0.1",
                    "--relay-ip=127.0.0.1",
                    "--listening-port=" + port,
                    "--min-port=" + relayBase,
                    "--max-port=" + (relayBase + 99),
                    "--use-auth-secret",
                    "--static-auth-secret=" + secret,
                    "--realm=meet.jitsi",
                    "--no-cli",
                    "--no-tls",
                    "--no-dtls",
                    "--allow-loopback-peers",
                    "--simple-log",
                    "--log-file=" + dir.resolve("turn.log"),
                    "--pidfile=" + dir.resolve("turn.pid")))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout").toFile())
            .start();
    Thread.sleep(500);
    if (!p.isAlive()) {
      throw new AssertionError("turnserver exited: " + Files.readString(dir.resolve("stdout")));
    }
    return new Coturn(p, port, dir);
  }

  public int port() {
    return port;
  }

  /**
   * Makes a real allocation with these credentials; returns turnutils_uclient's exit status (0 =
   * allocated).
   */
  public int allocate(String username, String password) throws IOException, InterruptedException {
    Process c =
        new ProcessBuilder(
                List.of(
                    "/usr/bin/turnutils_uclient",
                    "-y",
                    "-n",
                    "2",
                    "-m",
                    "1",
                    "-l",
                    "100",
                    "-u",
                    username,
                    "-w",
                    password,
                    "-p",
                    Integer.toString(port),
                    "127.0.0.1"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("uclient-" + System.nanoTime()).toFile())
            .start();
    if (!c.waitFor(30, TimeUnit.SECONDS)) {
      c.destroyForcibly();
      return -1;
    }
    return c.exitValue();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
  }
}
