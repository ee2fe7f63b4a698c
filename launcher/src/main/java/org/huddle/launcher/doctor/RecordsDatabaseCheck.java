package org.huddle.launcher.doctor;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.huddle.records.RecordsConfig;
import org.huddle.records.store.Database;

/**
 * The records database answers, when the records are kept in PostgreSQL (docs/records.md): a login
 * with the roles' own settings and one query. The roles start without it and buffer their records
 * (a bounded buffer, then dropped), so a database that is away shows up here rather than at start.
 * The embedded database needs no check.
 */
final class RecordsDatabaseCheck {
  private RecordsDatabaseCheck() {}

  static void run(RecordsConfig records, Duration timeout, List<Check> out) {
    if (!records.enabled() || !records.postgres()) {
      return;
    }
    Database.Target t = records.target();
    String where = "records database " + Database.Target.redacted(t.jdbcUrl());
    Properties login = new Properties();
    login.setProperty("user", t.user());
    login.setProperty("password", t.password());
    String seconds = Long.toString(Math.max(1, timeout.toSeconds()));
    login.setProperty("connectTimeout", seconds);
    login.setProperty("loginTimeout", seconds);
    login.setProperty("socketTimeout", seconds);
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), login);
        Statement s = c.createStatement()) {
      s.execute("select 1");
      out.add(Check.ok(where + " answers (user " + t.user() + ")"));
    } catch (SQLException e) {
      out.add(
          Check.fail(
              where + " does not answer: " + e.getMessage(),
              "start it (./deploy.sh start postgres), or check POSTGRES_HOST, POSTGRES_PORT,"
                  + " POSTGRES_USER and POSTGRES_PASSWORD (or DATABASE_URL); until it answers the"
                  + " roles keep records in a bounded buffer, then drop them"));
    }
  }
}
