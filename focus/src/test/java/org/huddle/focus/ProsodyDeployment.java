package org.huddle.focus;

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
 * A real Prosody (the Debian package) set up as docker-jitsi-meet sets it up: anonymous guests on
 * {@code meet.jitsi}, accounts on {@code auth.meet.jitsi}, the rooms on {@code muc.meet.jitsi} and
 * the brewery on {@code internal-muc.meet.jitsi} (public JIDs, no room locking), the focus and the
 * bridge as admins (so the focus owns every room), and {@code focus.meet.jitsi} as an external
 * component. It runs as the {@code prosody} user from a temporary directory on 127.0.0.1.
 *
 * <p>Without Prosody installed the constructor fails and says what is missing.
 */
final class ProsodyDeployment extends Deployment {
  static final String FOCUS_PASSWORD = "focus-prosody-1";
  static final String JVB_PASSWORD = "jvb-prosody-1";

  private final Path dir;
  private final int c2s;
  private final int component;
  private final Process process;

  ProsodyDeployment() throws Exception {
    for (String tool : List.of("/usr/bin/prosody", "/usr/bin/prosodyctl", "/usr/sbin/runuser")) {
      if (!Files.isExecutable(Path.of(tool))) {
        throw new IllegalStateException(
            tool + " is missing: install Prosody (apt-get install -y prosody) to run this test");
      }
    }
    dir = Files.createTempDirectory("huddle-focus-prosody-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(dir.resolve("data"));
    c2s = freePort();
    component = freePort();
    Path cfg = dir.resolve("prosody.cfg.lua");
    Files.writeString(
        cfg,
        """
        pidfile = "%1$s/prosody.pid"
        data_path = "%1$s/data"
        log = { { levels = { min = "info" }, to = "file", filename = "%1$s/prosody.log" } }
        interfaces = { "127.0.0.1" }
        c2s_interfaces = { "127.0.0.1" }
        c2s_ports = { %2$d }
        component_interfaces = { "127.0.0.1" }
        component_ports = { %3$d }
        s2s_ports = { }
        http_ports = { }
        https_ports = { }
        modules_enabled = { "roster"; "saslauth"; "disco"; "ping" }
        modules_disabled = { "s2s"; "tls" }
        c2s_require_encryption = false
        allow_unencrypted_plain_auth = true
        admins = { "focus@auth.meet.jitsi", "jvb@auth.meet.jitsi" }

        VirtualHost "meet.jitsi"
            authentication = "anonymous"

        VirtualHost "auth.meet.jitsi"
            authentication = "internal_hashed"

        Component "muc.meet.jitsi" "muc"
            restrict_room_creation = false
            muc_room_locking = false
            muc_room_default_public_jids = true

        Component "internal-muc.meet.jitsi" "muc"
            muc_room_locking = false
            muc_room_default_public_jids = true

        Component "focus.meet.jitsi"
            component_secret = "%4$s"
        """
            .formatted(dir, c2s, component, COMPONENT_SECRET));
    run(List.of("chown", "-R", "prosody:prosody", dir.toString()));
    register(cfg, "focus", FOCUS_PASSWORD);
    register(cfg, "jvb", JVB_PASSWORD);
    process =
        new ProcessBuilder(
                "runuser", "-u", "prosody", "--", "prosody", "-F", "--config", cfg.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Prosody exited: " + log());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", c2s), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    closeServer();
    throw new IllegalStateException("Prosody did not listen on " + c2s + ": " + log());
  }

  private static void register(Path cfg, String user, String password) throws Exception {
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
            user,
            "auth.meet.jitsi",
            password));
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

  String log() {
    try {
      Path log = dir.resolve("prosody.log");
      return (Files.exists(log) ? Files.readString(log) : "")
          + Files.readString(dir.resolve("stdout.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  int c2sPort() {
    return c2s;
  }

  @Override
  int componentPort() {
    return component;
  }

  @Override
  String focusPassword() {
    return FOCUS_PASSWORD;
  }

  @Override
  String jvbPassword() {
    return JVB_PASSWORD;
  }

  @Override
  void closeServer() throws Exception {
    Path pid = dir.resolve("prosody.pid");
    if (Files.exists(pid)) {
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
