package org.huddle.records;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.huddle.common.config.EnvTable;
import org.huddle.common.config.HoconFiles;
import org.huddle.common.config.Settings;
import org.huddle.records.schedule.MailServer;
import org.huddle.records.store.Database;

/**
 * The records' settings: the defaults of {@code records-reference.conf}, then an optional HOCON
 * file ({@value #FILE_VARIABLE}), then the environment.
 *
 * @param enabled whether records are kept
 * @param target the database: PostgreSQL when configured, else the embedded H2 file
 * @param buffer the most records that wait for the database
 * @param mail the mail servers invitations go through
 * @param admin the admin account made at start when there is none
 */
public record RecordsConfig(
    boolean enabled, Database.Target target, int buffer, Mail mail, FirstAdmin admin) {
  /**
   * The admin account to create at start while the database has no account at all
   * (HUDDLE_ADMIN_USER, HUDDLE_ADMIN_PASSWORD, HUDDLE_ADMIN_EMAIL); off while the name or the
   * password is empty.
   */
  public record FirstAdmin(String user, String password, String email) {
    public boolean wanted() {
      return !user.isBlank() && !password.isEmpty();
    }

    @Override
    public String toString() {
      return "FirstAdmin[user=" + user + ", password=" + (password.isEmpty() ? "" : "***") + "]";
    }
  }

  public RecordsConfig(boolean enabled, Database.Target target, int buffer, Mail mail) {
    this(enabled, target, buffer, mail, new FirstAdmin("", "", ""));
  }

  /**
   * @param servers SMTP servers, tried in order
   * @param from the sender address
   * @param timeout how long one server may take
   */
  public record Mail(List<MailServer> servers, String from, Duration timeout) {
    public Mail {
      servers = List.copyOf(servers);
    }
  }

  /** The environment variable naming an optional config file. */
  public static final String FILE_VARIABLE = "HUDDLE_RECORDS_CONFIG";

  public RecordsConfig {
    if (buffer < 1) {
      throw new IllegalArgumentException("records.buffer (HUDDLE_RECORDS_BUFFER): at least 1");
    }
  }

  /** The reference defaults alone. */
  public static RecordsConfig defaults() {
    return fromConfig(reference());
  }

  /** Defaults, then the file named by {@value #FILE_VARIABLE}, then the environment. */
  public static RecordsConfig fromEnvironment(Settings.Env env) {
    Config file = HoconFiles.named(env, FILE_VARIABLE);
    return fromConfig(ENVIRONMENT.apply(env).withFallback(file).withFallback(reference()));
  }

  /** Builds from a HOCON string laid over the defaults (for tests and embedding). */
  public static RecordsConfig fromHocon(String hocon) {
    return fromConfig(ConfigFactory.parseString(hocon).withFallback(reference()));
  }

  /** Whether the database is PostgreSQL (else the embedded H2 file). */
  public boolean postgres() {
    return target.kind().equals("postgresql");
  }

  private static RecordsConfig fromConfig(Config root) {
    Config c = root.resolve().getConfig("records");
    int pool = c.getInt("pool-size");
    Duration timeout = c.getDuration("timeout");
    String url = c.getString("database-url").trim();
    Config pg = c.getConfig("postgres");
    Database.Target target;
    if (!url.isEmpty()) {
      target = fromUrl(url, pg, pool, timeout);
    } else if (!pg.getString("host").isBlank()) {
      target =
          new Database.Target(
              "jdbc:postgresql://"
                  + pg.getString("host").trim()
                  + ":"
                  + pg.getInt("port")
                  + "/"
                  + pg.getString("database"),
              pg.getString("user"),
              pg.getString("password"),
              pool,
              timeout);
    } else {
      Path file = Path.of(c.getString("embedded-path")).toAbsolutePath().normalize();
      target = new Database.Target("jdbc:h2:file:" + file, "", "", pool, timeout);
    }
    Config m = c.getConfig("mail");
    List<MailServer> servers = new ArrayList<>();
    for (String server : m.getStringList("servers")) {
      try {
        servers.add(MailServer.parse(server));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "records.mail.servers (HUDDLE_MAIL_SERVERS): " + e.getMessage(), e);
      }
    }
    Mail mail = new Mail(servers, m.getString("from"), m.getDuration("timeout"));
    Config a = c.getConfig("admin");
    FirstAdmin admin =
        new FirstAdmin(a.getString("user"), a.getString("password"), a.getString("email"));
    return new RecordsConfig(c.getBoolean("enabled"), target, c.getInt("buffer"), mail, admin);
  }

  /**
   * A {@code DATABASE_URL}: {@code jdbc:postgresql:…} as it is (the user and password from the
   * postgres block unless the URL names them), or {@code postgres://user:password@host:port/name}.
   */
  static Database.Target fromUrl(String url, Config pg, int pool, Duration timeout) {
    if (url.startsWith("jdbc:")) {
      return new Database.Target(
          url, pg.getString("user"), pg.getString("password"), pool, timeout);
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "records.database-url (DATABASE_URL): not a URL: '" + Database.Target.redacted(url) + "'",
          e);
    }
    if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "records.database-url (DATABASE_URL): expected postgres://user:password@host:port/name"
              + " or a jdbc:postgresql: URL");
    }
    String user = pg.getString("user");
    String password = pg.getString("password");
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
      password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
    }
    String jdbc =
        "jdbc:postgresql://"
            + uri.getHost()
            + ":"
            + (uri.getPort() < 0 ? 5432 : uri.getPort())
            + (uri.getRawPath() == null || uri.getRawPath().isEmpty()
                ? "/huddle"
                : uri.getRawPath())
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return new Database.Target(jdbc, user, password, pool, timeout);
  }

  static Config reference() {
    return HoconFiles.reference(RecordsConfig.class, "/records-reference.conf");
  }

  /** The records' environment variables (docs/settings.md lists each with its default). */
  static final EnvTable ENVIRONMENT =
      EnvTable.builder("records.")
          .bool("HUDDLE_RECORDS_ENABLED", "enabled")
          .text("DATABASE_URL", "database-url")
          .text("POSTGRES_HOST", "postgres.host")
          .integer("POSTGRES_PORT", "postgres.port")
          .text("POSTGRES_DB", "postgres.database")
          .text("POSTGRES_USER", "postgres.user")
          .text("POSTGRES_PASSWORD", "postgres.password")
          .text("HUDDLE_RECORDS_PATH", "embedded-path")
          .integer("HUDDLE_RECORDS_BUFFER", "buffer")
          .integer("HUDDLE_RECORDS_POOL_SIZE", "pool-size")
          .text("HUDDLE_RECORDS_TIMEOUT", "timeout")
          .list("HUDDLE_MAIL_SERVERS", "mail.servers")
          .text("HUDDLE_MAIL_FROM", "mail.from")
          .text("HUDDLE_MAIL_TIMEOUT", "mail.timeout")
          .text("HUDDLE_ADMIN_USER", "admin.user")
          .text("HUDDLE_ADMIN_PASSWORD", "admin.password")
          .text("HUDDLE_ADMIN_EMAIL", "admin.email")
          .build();
}
