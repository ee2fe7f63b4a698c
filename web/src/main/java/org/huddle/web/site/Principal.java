package org.huddle.web.site;

import org.huddle.records.Accounts.Account;
import org.huddle.records.Accounts.Role;

/**
 * Who calls the API: the admin token's holder, or a logged-in account.
 *
 * @param name the account's name, or {@code admin-token}; the audit's actor
 * @param email the account's e-mail, or null
 */
record Principal(String name, Role role, String email, boolean token) {
  /** Whoever holds HUDDLE_ADMIN_TOKEN. */
  static final Principal TOKEN = new Principal("admin-token", Role.ADMIN, null, true);

  static Principal of(Account a) {
    return new Principal(a.name(), a.role(), a.email(), false);
  }

  boolean admin() {
    return role == Role.ADMIN;
  }
}
