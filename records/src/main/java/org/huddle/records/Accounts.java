package org.huddle.records;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.huddle.records.schedule.MeetingPlan;
import org.huddle.records.store.Database;

/**
 * The admin and organizer accounts of the web pages (docs/records.md, "Accounts"), kept in the
 * records database with Argon2id password hashes. Names are bound parameters only, like every value
 * that reaches SQL here.
 */
public final class Accounts {
  /** What an account may do. */
  public enum Role {
    /** Records, audit, every scheduled meeting, accounts. */
    ADMIN,
    /** Its own scheduled meetings only. */
    ORGANIZER;

    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code value} ({@code admin}, {@code organizer}). */
    public static Role of(String value) {
      for (Role r : values()) {
        if (r.value().equals(value)) {
          return r;
        }
      }
      throw new IllegalArgumentException("role: admin or organizer, not '" + value + "'");
    }
  }

  /** An account as the pages see it (never its hash). */
  public record Account(String name, Role role, String email) {}

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");
  static final int MIN_PASSWORD = 10;
  static final int MAX_PASSWORD = 1024;

  /**
   * Checked against when a name is unknown, so that a miss costs what a hit costs; made on first
   * use (a holder class), not when the records open.
   */
  private static final class Dummy {
    static final String HASH = PasswordHash.hash("no account has this password");
  }

  private final Database db;

  Accounts(Database db) {
    this.db = db;
  }

  /** The name lower-cased, if it is one an account can have; else an IllegalArgumentException. */
  public static String checkedName(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    if (!NAME.matcher(n).matches()) {
      throw new IllegalArgumentException(
          "name: 1 to 64 of a-z, 0-9, '.', '_', '@', '-', starting with a letter or digit");
    }
    return n;
  }

  /** Whether {@code password} is one an account may have; else an IllegalArgumentException. */
  public static String checkedPassword(String password) {
    if (password == null
        || password.length() < MIN_PASSWORD
        || password.length() > MAX_PASSWORD
        || password.isBlank()) {
      throw new IllegalArgumentException(
          "password: " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
    }
    return password;
  }

  /**
   * Creates an account, or sets the password, role and e-mail of an existing one.
   *
   * @param email the account's e-mail (an organizer's meetings are sent from it), or null
   * @return true when the account is new
   */
  public boolean put(String name, String password, Role role, String email) {
    String n = checkedName(name);
    String hash = PasswordHash.hash(checkedPassword(password));
    String mail = email == null || email.isBlank() ? null : MeetingPlan.email("email", email);
    Map<String, Object> values = new HashMap<>();
    values.put("name", n);
    values.put("hash", hash);
    values.put("role", role.value());
    values.put("email", mail);
    values.put("now", Timestamp.from(Instant.now()));
    db.migrate();
    return db.jdbi()
        .inTransaction(
            h -> {
              int changed =
                  h.createUpdate(
                          "UPDATE account SET password_hash = :hash, role = :role, email = :email,"
                              + " updated_at = :now WHERE name = :name")
                      .bindMap(values)
                      .execute();
              if (changed > 0) {
                return false;
              }
              h.createUpdate(
                      "INSERT INTO account (name, password_hash, role, email, created_at,"
                          + " updated_at) VALUES (:name, :hash, :role, :email, :now, :now)")
                  .bindMap(values)
                  .execute();
              return true;
            });
  }

  /** Removes an account; false when there was none. */
  public boolean remove(String name) {
    String n = checkedName(name);
    db.migrate();
    return db.jdbi()
            .withHandle(
                h ->
                    h.createUpdate("DELETE FROM account WHERE name = :name")
                        .bind("name", n)
                        .execute())
        > 0;
  }

  /** Every account, by name. */
  public List<Account> list() {
    db.migrate();
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT name, role, email FROM account ORDER BY name")
                    .map(Accounts::account)
                    .list());
  }

  /** The account of this name, if there is one. */
  public Optional<Account> find(String name) {
    String n = checkedName(name);
    db.migrate();
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT name, role, email FROM account WHERE name = :n")
                    .bind("n", n)
                    .map(Accounts::account)
                    .findOne());
  }

  /** An account from a row of {@code name, role, email}. */
  private static Account account(
      java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws java.sql.SQLException {
    return new Account(rs.getString(1), Role.of(rs.getString(2)), rs.getString(3));
  }

  /** How many accounts there are. */
  public long count() {
    db.migrate();
    return db.jdbi()
        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM account").mapTo(Long.class).one());
  }

  /**
   * The account when {@code password} is its password. An unknown name costs a hash all the same,
   * so the answer's time does not tell which names exist.
   */
  public Optional<Account> verify(String name, String password) {
    String n;
    try {
      n = checkedName(name);
    } catch (IllegalArgumentException e) {
      PasswordHash.matches(password == null ? "" : password, Dummy.HASH);
      return Optional.empty();
    }
    if (password == null || password.length() > MAX_PASSWORD) {
      return Optional.empty();
    }
    db.migrate();
    record Row(Account account, String hash) {}
    Optional<Row> row =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT name, role, email, password_hash FROM account WHERE name = :n")
                        .bind("n", n)
                        .map(
                            (rs, ctx) ->
                                new Row(
                                    new Account(
                                        rs.getString(1), Role.of(rs.getString(2)), rs.getString(3)),
                                    rs.getString(4)))
                        .findOne());
    boolean ok = PasswordHash.matches(password, row.map(Row::hash).orElse(Dummy.HASH));
    return ok && row.isPresent() ? Optional.of(row.get().account()) : Optional.empty();
  }
}
