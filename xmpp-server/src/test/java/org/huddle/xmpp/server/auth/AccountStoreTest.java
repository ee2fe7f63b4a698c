package org.huddle.xmpp.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountStoreTest {
  @TempDir Path data;

  @Test
  void storesSaltedKeysAndNeverThePassword() throws Exception {
    new AccountStore(data, 4096).put("auth.meet.jitsi", "focus", "s3cret-Password");
    Path file = data.resolve("auth%2emeet%2ejitsi/accounts/focus.properties");
    assertThat(file).exists();
    String stored = Files.readString(file);
    assertThat(stored)
        .doesNotContain("s3cret-Password")
        .contains("sha256.stored_key")
        .contains("sha1.server_key");
  }

  @Test
  void survivesARestart() throws Exception {
    new AccountStore(data, 4096).put("auth.meet.jitsi", "jvb", "pw1");
    AccountStore reopened = new AccountStore(data, 4096);
    assertThat(reopened.credentials("auth.meet.jitsi", "jvb")).get().matches(c -> c.matches("pw1"));
    assertThat(reopened.credentials("auth.meet.jitsi", "jvb"))
        .get()
        .matches(c -> !c.matches("pw2"));
  }

  @Test
  void listsAndRemovesAccountsPerHost() throws Exception {
    AccountStore store = new AccountStore(data, 4096);
    store.put("auth.meet.jitsi", "b.user", "x");
    store.put("auth.meet.jitsi", "Alice", "x");
    store.put("other.host", "carol", "x");
    assertThat(store.list("auth.meet.jitsi")).containsExactly("alice", "b.user");
    assertThat(store.remove("auth.meet.jitsi", "alice")).isTrue();
    assertThat(store.remove("auth.meet.jitsi", "alice")).isFalse();
    assertThat(store.list("auth.meet.jitsi")).containsExactly("b.user");
  }

  @Test
  void ensureLeavesAnUnchangedAccountAloneAndUpdatesAChangedOne() throws Exception {
    AccountStore store = new AccountStore(data, 4096);
    Path file = data.resolve("h/accounts/u.properties");
    assertThat(store.ensure("h", "u", "pw")).as("created").isTrue();
    String first = java.nio.file.Files.readString(file);
    assertThat(store.ensure("h", "u", "pw")).as("same password: not rewritten").isFalse();
    assertThat(java.nio.file.Files.readString(file)).isEqualTo(first);
    assertThat(store.ensure("h", "u", "new")).as("changed password").isTrue();
    assertThat(java.nio.file.Files.readString(file)).isNotEqualTo(first);
    assertThat(new AccountStore(data, 8192).ensure("h", "u", "new"))
        .as("a new iteration count rehashes")
        .isTrue();
    assertThat(
            ScramHash.SHA1
                .keys("new", store.credentials("h", "u").orElseThrow().salt(), 8192)
                .storedKey())
        .isEqualTo(
            store.credentials("h", "u").orElseThrow().keys().get(ScramHash.SHA1).storedKey());
  }

  @Test
  void changesAPasswordInPlace() throws Exception {
    AccountStore store = new AccountStore(data, 4096);
    store.put("h", "u", "old");
    store.put("h", "u", "new");
    assertThat(store.credentials("h", "u"))
        .get()
        .matches(c -> c.matches("new") && !c.matches("old"));
  }

  @Test
  void refusesInvalidNamesAndEmptyPasswords() {
    AccountStore store = new AccountStore(data, 4096);
    assertThatThrownBy(() -> store.put("h", "a b", "x"))
        .hasMessageContaining("not a valid user name");
    assertThatThrownBy(() -> store.put("h", "u", "")).hasMessageContaining("empty");
    assertThat(store.exists("h", "a/b")).isFalse();
  }
}
