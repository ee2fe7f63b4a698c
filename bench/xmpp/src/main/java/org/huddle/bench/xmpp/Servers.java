package org.huddle.bench.xmpp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The three servers, each configured alike: anonymous login, MUC, no limits, no TLS required. */
final class Servers {
  private Servers() {}

  /**
   * The command as another user, with the open-files limit raised to the hard limit again: the user
   * switch goes through PAM, which sets the soft limit back to 1024.
   */
  static List<String> asUser(String user, List<String> command) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "runuser",
                "-u",
                user,
                "--",
                "sh",
                "-c",
                "ulimit -n $(ulimit -H -n) && exec \"$@\"",
                "sh"));
    cmd.addAll(command);
    return cmd;
  }

  static final String JAVA_HOME =
      System.getenv().getOrDefault("JAVA_HOME", System.getProperty("java.home"));

  /** Huddle's launcher jar, {@code java -jar huddle.jar xmpp --config FILE}. */
  static final class Huddle extends ServerProcess {
    private final Path jar;
    private final List<String> jvmArgs;

    Huddle(Path root, Path jar, List<String> jvmArgs) throws Exception {
      super("huddle", root);
      this.jar = jar;
      this.jvmArgs = jvmArgs;
    }

    @Override
    void launch() throws Exception {
      Path cfg = dir.resolve("huddle-xmpp.cfg.lua");
      Files.writeString(
          cfg,
          """
          c2s_interfaces = { "127.0.0.1" }
          c2s_ports = { %d }
          component_interfaces = { "127.0.0.1" }
          component_ports = { %d }
          http_interfaces = { "127.0.0.1" }
          http_ports = { %d }
          data_path = "%s"
          io_threads = %s
          network_backend = "%s"
          c2s_require_encryption = false
          -- Every client comes from 127.0.0.1: no per-address caps, no byte rate.
          max_connections_per_ip = 0
          max_unauthenticated_per_ip = 0
          max_sessions_per_ip = 0
          bosh_max_sessions_per_ip = 0
          limits = { }
          admins = { }
          VirtualHost "%s"
              authentication = "anonymous"
          Component "%s" "muc"
              muc_room_locking = false
              muc_room_default_history_length = 20
          """
              .formatted(
                  c2sPort,
                  freePort(),
                  httpPort,
                  dir.resolve("data"),
                  System.getProperty("bench.huddle.ioThreads", "0"),
                  System.getProperty("bench.huddle.networkBackend", "epoll"),
                  ServerProcess.DOMAIN,
                  ServerProcess.MUC));
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(JAVA_HOME, "bin", "java").toString());
      cmd.addAll(jvmArgs);
      cmd.addAll(List.of("-jar", jar.toString(), "xmpp", "--config", cfg.toString()));
      process = run(cmd, dir.resolve("huddle.log"), Map.of("LOG_LEVEL", "WARN"));
    }

    @Override
    String version() {
      return "Huddle "
          + capture(
              List.of(
                  "git",
                  "-C",
                  jar.getParent().getParent().toString(),
                  "rev-parse",
                  "--short",
                  "HEAD"))
          + " on "
          + capture(List.of(Path.of(JAVA_HOME, "bin", "java").toString(), "-version"))
              .lines()
              .findFirst()
              .orElse("?");
    }

    @Override
    boolean collectGarbage() {
      if (process == null || !process.isAlive()) {
        return false;
      }
      capture(
          List.of(
              Path.of(JAVA_HOME, "bin", "jcmd").toString(),
              Long.toString(process.pid()),
              "GC.run"));
      return true;
    }
  }

  /** Debian's Prosody 0.12, as the prosody user, from a temporary directory. */
  static final class Prosody extends ServerProcess {
    Prosody(Path root) throws Exception {
      super("prosody", root);
    }

    @Override
    void launch() throws Exception {
      Files.createDirectories(dir.resolve("data"));
      Path cfg = dir.resolve("prosody.cfg.lua");
      Files.writeString(
          cfg,
          """
          pidfile = "%1$s/prosody.pid"
          data_path = "%1$s/data"
          log = { { levels = { min = "warn" }, to = "file", filename = "%1$s/prosody.log" } }
          interfaces = { "127.0.0.1" }
          c2s_interfaces = { "127.0.0.1" }
          c2s_ports = { %2$d }
          http_interfaces = { "127.0.0.1" }
          http_ports = { %3$d }
          https_ports = { }
          s2s_ports = { }
          component_ports = { }
          network_settings = { tcp_backlog = 1024 }
          modules_enabled = { "saslauth"; "disco"; "ping"; "websocket" }
          modules_disabled = { "s2s"; "limits" }
          limits = { }
          c2s_require_encryption = false
          consider_websocket_secure = true
          VirtualHost "%4$s"
              authentication = "anonymous"
          Component "%5$s" "muc"
              restrict_room_creation = false
              muc_room_locking = false
              muc_room_default_history_length = 20
          """
              .formatted(dir, c2sPort, httpPort, ServerProcess.DOMAIN, ServerProcess.MUC));
      runOrFail(List.of("chown", "-R", "prosody:prosody", dir.toString()));
      process =
          run(
              asUser("prosody", List.of("prosody", "-F", "--config", cfg.toString())),
              dir.resolve("stdout.log"),
              Map.of());
    }

    @Override
    String version() {
      return "Prosody " + capture(List.of("dpkg-query", "-W", "-f", "${Version}", "prosody"));
    }
  }

  /** Debian's ejabberd, through ejabberdctl foreground with its own config, node and cookie. */
  static final class Ejabberd extends ServerProcess {
    Ejabberd(Path root) throws Exception {
      super("ejabberd", root);
    }

    @Override
    void launch() throws Exception {
      Files.createDirectories(dir.resolve("spool"));
      Files.createDirectories(dir.resolve("log"));
      Files.writeString(dir.resolve("inetrc"), "{lookup, [file, native]}.\n");
      Files.writeString(
          dir.resolve("ejabberd.yml"),
          """
          hosts:
            - "%1$s"
          loglevel: warning
          certfiles: []
          listen:
            - port: %2$d
              ip: "127.0.0.1"
              module: ejabberd_c2s
              backlog: 1024
              max_stanza_size: 10485760
              shaper: none
              access: all
              starttls_required: false
            - port: %3$d
              ip: "127.0.0.1"
              module: ejabberd_http
              backlog: 1024
              request_handlers:
                "%4$s": ejabberd_http_ws
          auth_method: anonymous
          anonymous_protocol: sasl_anon
          allow_multiple_connections: true
          shaper: {}
          shaper_rules: {}
          acl: {}
          access_rules:
            local:
              allow: all
            c2s:
              allow: all
          max_fsm_queue: 1000000
          modules:
            mod_disco: {}
            mod_ping: {}
            mod_muc:
              host: "%5$s"
              access: all
              access_create: all
              access_persistent: all
              max_users: 100000
              max_users_presence: 100000
              max_user_conferences: 100000
              min_message_interval: 0
              min_presence_interval: 0
              history_size: 20
              default_room_options:
                max_users: 100000
                persistent: false
                public: true
          """
              .formatted(
                  ServerProcess.DOMAIN, c2sPort, httpPort, XmppClient.WS_PATH, ServerProcess.MUC));
      Files.writeString(
          dir.resolve("ejabberdctl.cfg"),
          """
          ERL_MAX_PORTS=65536
          ERL_OPTIONS="-setcookie huddlebench%d"
          EJABBERD_BYPASS_WARNINGS=true
          """
              .formatted(c2sPort));
      runOrFail(List.of("chown", "-R", "ejabberd:ejabberd", dir.toString()));
      // As the ejabberd user, ejabberdctl runs erl itself instead of going through su.
      process =
          run(
              asUser(
                  "ejabberd",
                  List.of(
                      "ejabberdctl",
                      "--config-dir",
                      dir.toString(),
                      "--config",
                      dir.resolve("ejabberd.yml").toString(),
                      "--ctl-config",
                      dir.resolve("ejabberdctl.cfg").toString(),
                      "--logs",
                      dir.resolve("log").toString(),
                      "--spool",
                      dir.resolve("spool").toString(),
                      "--node",
                      "huddlebench" + c2sPort + "@localhost",
                      "foreground")),
              dir.resolve("stdout.log"),
              Map.of());
    }

    @Override
    String version() {
      return "ejabberd "
          + capture(List.of("dpkg-query", "-W", "-f", "${Version}", "ejabberd"))
          + ", Erlang/OTP "
          + capture(
              List.of(
                  "erl",
                  "-noshell",
                  "-eval",
                  "io:format(\"~s\",[erlang:system_info(otp_release)]),halt()."));
    }
  }
}
