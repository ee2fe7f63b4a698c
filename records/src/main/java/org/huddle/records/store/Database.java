package org.huddle.records.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * One database: a HikariCP pool, the schema migrated by Flyway ({@code db/migration}, forward
 * only), and JDBI over it. Opening never fails because the database is away: the pool starts empty,
 * and {@link #migrate} is called (and retried) by whoever writes first.
 */
public final class Database implements AutoCloseable {
  /** Where a database is and how to reach it. */
  public record Target(
      String jdbcUrl, String user, String password, int poolSize, Duration timeout) {
    public Target {
      if (!jdbcUrl.startsWith("jdbc:postgresql:") && !jdbcUrl.startsWith("jdbc:h2:")) {
        throw new IllegalArgumentException(
            "records: a PostgreSQL or H2 JDBC URL is needed, not '" + redacted(jdbcUrl) + "'");
      }
      if (poolSize < 1) {
        throw new IllegalArgumentException("records: the pool needs at least one connection");
      }
    }

    /** {@code postgresql} or {@code h2}. */
    public String kind() {
      return jdbcUrl.startsWith("jdbc:h2:") ? "h2" : "postgresql";
    }

    /** The URL without anything after {@code ?} or {@code ;}, which may carry a password. */
    public static String redacted(String url) {
      int cut = url.length();
      for (char c : new char[] {'?', ';'}) {
        int i = url.indexOf(c);
        if (i >= 0 && i < cut) {
          cut = i;
        }
      }
      return url.substring(0, cut);
    }
  }

  private final Target target;
  private final HikariDataSource pool;
  private final Jdbi jdbi;
  private volatile boolean migrated;

  private Database(Target target, HikariDataSource pool) {
    this.target = target;
    this.pool = pool;
    this.jdbi = Jdbi.create(pool);
  }

  /** Opens the pool; connects lazily. */
  public static Database open(Target target) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(target.jdbcUrl());
    if (target.user() != null && !target.user().isEmpty()) {
      c.setUsername(target.user());
    }
    if (target.password() != null && !target.password().isEmpty()) {
      c.setPassword(target.password());
    }
    c.setMaximumPoolSize(target.poolSize());
    c.setMinimumIdle(0);
    c.setPoolName("huddle-records");
    // -1: start even when the database cannot be reached yet; each borrow then waits `timeout`.
    c.setInitializationFailTimeout(-1);
    c.setConnectionTimeout(Math.max(250, target.timeout().toMillis()));
    c.setValidationTimeout(Math.max(250, Math.min(target.timeout().toMillis(), 5_000)));
    return new Database(target, new HikariDataSource(c));
  }

  public Target target() {
    return target;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** Whether the schema is up to date (after a successful {@link #migrate}). */
  public boolean migrated() {
    return migrated;
  }

  /**
   * Brings the schema up to date; does nothing once it has succeeded.
   *
   * @throws org.flywaydb.core.api.FlywayException when the database cannot be reached or a
   *     migration fails
   */
  public synchronized void migrate() {
    if (migrated) {
      return;
    }
    Flyway.configure()
        .dataSource(pool)
        .locations("classpath:db/migration")
        .connectRetries(0)
        .load()
        .migrate();
    migrated = true;
  }

  /** Whether a connection can be had and answers, within the target's timeout. */
  public boolean reachable() {
    try (Connection c = pool.getConnection()) {
      return c.isValid((int) Math.max(1, target.timeout().toSeconds()));
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
