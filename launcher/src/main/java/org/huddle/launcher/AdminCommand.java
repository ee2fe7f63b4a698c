package org.huddle.launcher;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.huddle.common.config.Settings;
import org.huddle.records.Accounts;
import org.huddle.records.AuditAction;
import org.huddle.records.RecordEvent.Audit;
import org.huddle.records.Records;
import org.huddle.records.RecordsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code huddle admin add|remove|list}: the accounts of the admin and organizer pages, in the
 * records database that {@code huddle all} (the embedded one under HUDDLE_DATA_PATH) or the web
 * role (PostgreSQL) uses. Each change is an audit entry.
 */
@Command(
    name = "admin",
    mixinStandardHelpOptions = true,
    description =
        "Manages the accounts of /admin.html and /organizer.html (in the records database).",
    subcommands = {AdminCommand.Add.class, AdminCommand.Remove.class, AdminCommand.ListAll.class})
final class AdminCommand {
  /** The environment the records are found by; tests replace it. */
  static Map<String, String> environment = System.getenv();

  static Records open() {
    RecordsConfig c =
        RecordsConfig.fromEnvironment(Settings.Env.of(AllCommand.embedded(environment)));
    if (!c.enabled()) {
      throw new IllegalStateException("records are off (HUDDLE_RECORDS_ENABLED=false)");
    }
    return Records.open(c);
  }

  static void audit(Records records, String account, String detail) {
    records.writeNow(
        java.util.List.of(
            Audit.of(
                Instant.now(),
                null,
                AuditAction.ACCOUNT_CHANGED,
                "huddle admin (" + System.getProperty("user.name", "?") + ")",
                account,
                detail)));
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Creates an account, or sets its password, role and e-mail.",
        "The password comes from HUDDLE_ADMIN_PASSWORD, else the terminal or stdin (one line)."
      })
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The login name (a-z, 0-9, . _ @ -).")
    String name;

    @Option(names = "--organizer", description = "Schedules meetings only (default: admin).")
    boolean organizer;

    @Option(names = "--email", description = "The account's e-mail: its meetings' organizer.")
    String email;

    @Override
    public Integer call() throws Exception {
      String password = environment.get("HUDDLE_ADMIN_PASSWORD");
      if (password == null || password.isEmpty()) {
        password = UserCommand.Add.readPassword();
      }
      Accounts.Role role = organizer ? Accounts.Role.ORGANIZER : Accounts.Role.ADMIN;
      try (Records records = open()) {
        boolean created = records.accounts().put(name, password, role, email);
        String n = Accounts.checkedName(name);
        audit(records, n, (created ? "created, " : "changed, ") + role.value());
        spec.commandLine()
            .getOut()
            .println((created ? "account " : "account changed: ") + n + " (" + role.value() + ")");
        return 0;
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return 2;
      }
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Deletes an account.")
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      try (Records records = open()) {
        if (!records.accounts().remove(name)) {
          spec.commandLine().getErr().println("no account " + name);
          return 1;
        }
        audit(records, Accounts.checkedName(name), "removed");
        spec.commandLine().getOut().println("account " + name + " removed");
        return 0;
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println(e.getMessage());
        return 2;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the accounts.")
  static final class ListAll implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (Records records = open()) {
        for (Accounts.Account a : records.accounts().list()) {
          spec.commandLine()
              .getOut()
              .println(
                  a.name() + " " + a.role().value() + (a.email() == null ? "" : " " + a.email()));
        }
      }
      return 0;
    }
  }
}
