package org.huddle.records.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.huddle.records.RecordsConfig;
import org.huddle.records.store.Database;

/**
 * A database of its own for one test: a fresh PostgreSQL database on the machine's server
 * (127.0.0.1:5432, user postgres; dropped afterwards), or a fresh embedded H2 file in a temporary
 * folder. A missing PostgreSQL server fails the test and says so.
 */
public final class TestDatabase implements AutoCloseable {
  /** The machine's PostgreSQL server (TESTING.md): override with HUDDLE_TEST_POSTGRES_URL. */
  public static final String POSTGRES_SERVER =
      System.getenv().getOrDefault("HUDDLE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/");

  public static final String POSTGRES_USER =
      System.getenv().getOrDefault("HUDDLE_TEST_POSTGRES_USER", "postgres");

  /** The two kinds every storage test runs against. */
  public enum Kind {
    POSTGRESQL,
    H2
  }

  private final Kind kind;
  private final String name;
  private final Path folder;
  private final RecordsConfig config;

  private TestDatabase(Kind kind, String name, Path folder, RecordsConfig config) {
    this.kind = kind;
    this.name = name;
    this.folder = folder;
    this.config = config;
  }

  /** Creates the database. */
  public static TestDatabase create(Kind kind) throws Exception {
    String name = "huddle_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    if (kind == Kind.H2) {
      Path folder = Files.createTempDirectory("huddle-records-");
      RecordsConfig c =
          RecordsConfig.fromHocon(
              "records.embedded-path = \""
                  + folder.resolve(name).toString().replace("\\", "/")
                  + "\"\nrecords.timeout = 2 seconds");
      return new TestDatabase(kind, name, folder, c);
    }
    try (Connection admin = admin()) {
      try (Statement s = admin.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      }
    }
    RecordsConfig c =
        RecordsConfig.fromHocon(
            "records.database-url = \""
                + POSTGRES_SERVER
                + name
                + "\"\nrecords.postgres.user = \""
                + POSTGRES_USER
                + "\"\nrecords.timeout = 2 seconds");
    return new TestDatabase(kind, name, null, c);
  }

  private static Connection admin() throws SQLException {
    try {
      return DriverManager.getConnection(POSTGRES_SERVER + "postgres", POSTGRES_USER, "");
    } catch (SQLException e) {
      throw new SQLException(
          "these tests need PostgreSQL on "
              + POSTGRES_SERVER
              + " (user "
              + POSTGRES_USER
              + ", trust auth; TESTING.md), and it cannot be reached: "
              + e.getMessage(),
          e);
    }
  }

  public Kind kind() {
    return kind;
  }

  public RecordsConfig config() {
    return config;
  }

  /** A config with another buffer size. */
  public RecordsConfig config(int buffer) {
    return new RecordsConfig(true, config.target(), buffer, config.mail());
  }

  /** A direct connection, for the test's own checks. */
  public Connection connect() throws SQLException {
    Database.Target t = config.target();
    return DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
  }

  /**
   * PostgreSQL only: stops new connections to this database and ends the open ones (an outage as
   * the clients see it); {@link #recover} undoes it.
   */
  public void cutOff() throws SQLException {
    requirePostgres();
    try (Connection admin = admin();
        Statement s = admin.createStatement()) {
      s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
      s.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
              + name
              + "' AND pid <> pg_backend_pid()");
    }
  }

  /** Lets connections in again after {@link #cutOff}. */
  public void recover() throws SQLException {
    requirePostgres();
    try (Connection admin = admin();
        Statement s = admin.createStatement()) {
      s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
    }
  }

  private void requirePostgres() {
    if (kind != Kind.POSTGRESQL) {
      throw new IllegalStateException("an outage is made on PostgreSQL only");
    }
  }

  @Override
  public void close() throws java.io.IOException, SQLException {
    if (kind == Kind.H2) {
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
      return;
    }
    try (Connection admin = admin();
        Statement s = admin.createStatement()) {
      s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /** How long tests wait for the writer at most. */
  public static final Duration PATIENCE = Duration.ofSeconds(30);
}
