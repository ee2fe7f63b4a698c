package org.huddle.launcher;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.server.auth.AccountStore;
import org.huddle.xmpp.server.config.XmppConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code huddle user add|remove|list}: accounts in the data directory, as {@code prosodyctl
 * register} and {@code deluser} manage them. Works whether or not the server is running; a running
 * server sees the change at the next login.
 */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    description = "Manages accounts (salted SCRAM keys in data_path).",
    subcommands = {UserCommand.Add.class, UserCommand.Remove.class, UserCommand.ListUsers.class})
final class UserCommand {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "The XMPP config file, for data_path and the hosts.")
  Path config;

  AccountStore store() throws Exception {
    XmppConfig cfg = XmppCommand.load(config);
    return new AccountStore(cfg.dataPath(), cfg.security().scramIterations());
  }

  static Jid account(String jid) {
    Jid j = Jid.ofOrNull(jid);
    if (j == null || j.local() == null || j.resource() != null) {
      throw new IllegalArgumentException(
          "'" + jid + "' is not an account address like focus@auth.meet.jitsi");
    }
    return j;
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Creates an account, or sets its password. The password is read from the terminal or stdin.")
  static final class Add implements Callable<Integer> {
    @ParentCommand UserCommand parent;

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "JID", description = "user@host, e.g. focus@auth.meet.jitsi")
    String jid;

    @Option(
        names = "--password",
        description = "The password (visible in the process list; prefer stdin).")
    String password;

    @Override
    public Integer call() throws Exception {
      Jid j = account(jid);
      String pw = password != null ? password : readPassword();
      parent.store().put(j.domain(), j.local(), pw);
      spec.commandLine().getOut().println("account " + j + " saved");
      return 0;
    }

    /** A password from the terminal (not echoed), or the first line of stdin. */
    static String readPassword() throws Exception {
      Console console = System.console();
      if (console != null) {
        char[] pw = console.readPassword("Password: ");
        return pw == null ? "" : new String(pw);
      }
      String line =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      return line == null ? "" : line;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Deletes an account.")
  static final class Remove implements Callable<Integer> {
    @ParentCommand UserCommand parent;

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "JID")
    String jid;

    @Override
    public Integer call() throws Exception {
      Jid j = account(jid);
      if (!parent.store().remove(j.domain(), j.local())) {
        spec.commandLine().getErr().println("no account " + j);
        return 1;
      }
      spec.commandLine().getOut().println("account " + j + " removed");
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the accounts on a host.")
  static final class ListUsers implements Callable<Integer> {
    @ParentCommand UserCommand parent;

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "HOST", description = "e.g. auth.meet.jitsi")
    String host;

    @Override
    public Integer call() throws Exception {
      for (String user : parent.store().list(host)) {
        spec.commandLine().getOut().println(user + "@" + host);
      }
      return 0;
    }
  }
}
