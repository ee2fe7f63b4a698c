package org.huddle.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.ResultSet;
import java.sql.Statement;
import org.huddle.records.Accounts.Account;
import org.huddle.records.Accounts.Role;
import org.huddle.records.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Accounts in PostgreSQL and in H2: Argon2id hashes, roles, e-mails, bad input refused. */
class AccountsTest {
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void anAccountLogsInWithItsPasswordOnlyAndKeepsOnlyAHash(TestDatabase.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        Records records = Records.open(db.config())) {
      Accounts accounts = records.accounts();
      assertThat(accounts.count()).isZero();
      assertThat(accounts.put("Olga", "correct horse battery", Role.ORGANIZER, "olga@example.org"))
          .isTrue();
      assertThat(accounts.put("admin", "another long secret", Role.ADMIN, null)).isTrue();
      assertThat(accounts.verify("olga", "correct horse battery"))
          .contains(new Account("olga", Role.ORGANIZER, "olga@example.org"));
      assertThat(accounts.verify("olga", "correct horse batterY")).isEmpty();
      assertThat(accounts.verify("nobody", "correct horse battery")).isEmpty();
      assertThat(accounts.verify("' OR '1'='1", "' OR '1'='1")).isEmpty();
      assertThat(accounts.list()).extracting(Account::name).containsExactly("admin", "olga");
      try (var c = db.connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT password_hash FROM account WHERE name = 'olga'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1))
            .startsWith("$argon2id$v=19$m=19456,t=2,p=1$")
            .doesNotContain("horse");
      }
      // Setting again changes the password and the role; the old password stops working.
      assertThat(accounts.put("olga", "a brand new secret", Role.ADMIN, "olga@example.org"))
          .isFalse();
      assertThat(accounts.verify("olga", "correct horse battery")).isEmpty();
      assertThat(accounts.verify("olga", "a brand new secret").map(Account::role))
          .contains(Role.ADMIN);
      assertThat(accounts.remove("olga")).isTrue();
      assertThat(accounts.remove("olga")).isFalse();
      assertThat(accounts.verify("olga", "a brand new secret")).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void badNamesPasswordsAndAddressesAreRefusedWithAReason(TestDatabase.Kind kind) throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        Records records = Records.open(db.config())) {
      Accounts accounts = records.accounts();
      assertThatThrownBy(
              () -> accounts.put("x'; DROP TABLE account; --", "long enough pw", Role.ADMIN, null))
          .hasMessageStartingWith("name:");
      assertThatThrownBy(() -> accounts.put("ok", "short", Role.ADMIN, null))
          .hasMessageStartingWith("password:");
      assertThatThrownBy(
              () -> accounts.put("ok", "long enough pw", Role.ADMIN, "a@x.org\r\nBcc: b@y.org"))
          .hasMessageStartingWith("email:");
      assertThatThrownBy(() -> Role.of("root")).hasMessageStartingWith("role:");
      assertThat(accounts.count()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void theFirstAdminIsMadeAtStartOnlyWhileThereIsNoAccount(TestDatabase.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(kind)) {
      RecordsConfig c = db.config();
      RecordsConfig withAdmin =
          new RecordsConfig(
              c.enabled(),
              c.target(),
              c.buffer(),
              c.mail(),
              new RecordsConfig.FirstAdmin("Root", "first admin password", "root@example.org"));
      assertThat(withAdmin.toString()).doesNotContain("first admin password");
      try (Records records = Records.open(withAdmin)) {
        org.awaitility.Awaitility.await()
            .atMost(TestDatabase.PATIENCE)
            .until(() -> records.accounts().verify("root", "first admin password").isPresent());
        assertThat(records.accounts().list())
            .containsExactly(new Account("root", Role.ADMIN, "root@example.org"));
        records.accounts().put("root", "changed since then", Role.ADMIN, null);
      }
      // A restart with the same settings leaves the changed account alone.
      try (Records records = Records.open(db.config())) {
        assertThat(records.firstAdmin(withAdmin.admin())).isFalse();
        assertThat(records.accounts().verify("root", "changed since then")).isPresent();
      }
    }
  }
}
