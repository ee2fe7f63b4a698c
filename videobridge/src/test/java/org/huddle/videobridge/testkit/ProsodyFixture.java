package org.huddle.videobridge.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prosody on 127.0.0.1 with a Jitsi-style layout: {@code auth.meet.jitsi} with hashed
 * passwords for the focus and the bridges, and the {@code internal-muc.meet.jitsi} MUC where
 * bridges announce themselves. It runs as the {@code prosody} user from a temporary directory.
 *
 * <p>When Prosody is not installed, {@link #start} fails and says so: tests that need it must not
 * pass without it.
 */
public final class ProsodyFixture implements AutoCloseable {
  public static final String AUTH_DOMAIN = "auth.meet.jitsi";
  public static final String INTERNAL_MUC = "internal-muc.meet.jitsi";

  private final Path dir;
  private final int c2sPort;
  private final Process process;

  private ProsodyFixture(Path dir, int c2sPort, Process process) {
    this.dir = dir;
    this.c2sPort = c2sPort;
    this.process = process;
  }

  /** Starts Prosody and registers the given users as user/password pairs on auth.meet.jitsi. */
  public static ProsodyFixture start(String... usersAndPasswords) throws Exception {
    for (String tool :
        List.of(
            "/usr/bin/prosody", "/usr/bin/prosodyctl", "/usr/sbin/runuser", "/usr/bin/openssl")) {
      if (!Files.isExecutable(Path.of(tool))) {
        throw new IllegalStateException(
            tool + " is missing: install Prosody (apt-get install -y prosody) to run this test");
      }
    }
    Path dir = Files.createTempDirectory("huddle-prosody-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(dir.resolve("data"));
    int port = freePort();
    // A self-signed certificate, so STARTTLS works as in a real deployment.
    run(
        List.of(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=" + AUTH_DOMAIN,
            "-keyout",
            dir.resolve("auth.key").toString(),
            "-out",
            dir.resolve("auth.crt").toString()));
    String config =
        """
        pidfile = "%1$s/prosody.pid"
        data_path = "%1$s/data"
        log = { { levels = { min = "info" }, to = "file", filename = "%1$s/prosody.log" } }
        interfaces = { "127.0.0.1" }
        c2s_interfaces = { "127.0.0.1" }
        c2s_ports = { %2$d }
        s2s_ports = { }
        http_ports = { }
        https_ports = { }
        component_ports = { }
        modules_enabled = { "roster"; "saslauth"; "disco"; "ping"; "tls" }
        modules_disabled = { "s2s" }
        c2s_require_encryption = false
        authentication = "internal_hashed"

        VirtualHost "%3$s"
            authentication = "internal_hashed"
            ssl = { key = "%1$s/auth.key"; certificate = "%1$s/auth.crt" }

        Component "%4$s" "muc"
            restrict_room_creation = false
            muc_room_locking = false
            muc_room_default_public_jids = true
        """
            .formatted(dir, port, AUTH_DOMAIN, INTERNAL_MUC);
    Path cfg = dir.resolve("prosody.cfg.lua");
    Files.writeString(cfg, config);
    run(List.of("chown", "-R", "prosody:prosody", dir.toString()));
    for (int i = 0; i + 1 < usersAndPasswords.length; i += 2) {
      run(
          List.of(
              "runuser",
              "-u",
              "prosody",
              "--",
              "prosodyctl",
              "--config",
              cfg.toString(),
              "register",
              usersAndPasswords[i],
              AUTH_DOMAIN,
              usersAndPasswords[i + 1]));
    }
    Process p =
        new ProcessBuilder(
                "runuser", "-u", "prosody", "--", "prosody", "-F", "--config", cfg.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .start();
    ProsodyFixture f = new ProsodyFixture(dir, port, p);
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("Prosody exited: " + f.log());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return f;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    f.close();
    throw new IllegalStateException("Prosody did not listen on " + port + ": " + f.log());
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(out));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public int c2sPort() {
    return c2sPort;
  }

  /** Prosody's log, for failure messages. */
  public String log() {
    try {
      Path log = dir.resolve("prosody.log");
      String s = Files.exists(log) ? Files.readString(log) : "";
      Path out = dir.resolve("stdout.log");
      return s + (Files.exists(out) ? Files.readString(out) : "");
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws Exception {
    Path pid = dir.resolve("prosody.pid");
    if (Files.exists(pid)) {
      // runuser may not pass the signal on: stop Prosody itself, by the pid it wrote.
      long id = Long.parseLong(Files.readString(pid).trim());
      ProcessHandle.of(id).ifPresent(ProcessHandle::destroy);
    }
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
