package org.huddle.focus.selection;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.huddle.focus.bridge.Bridge;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.Bit32Lib;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseMathLib;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A strategy written in Lua. The file defines {@code select_bridge(bridges, request)} (Lua's own
 * {@code select} is left alone), where {@code bridges} is an array (least loaded first) of tables
 * {@code {id, jid, region, stress, load, conferences, endpoints, version}} and {@code request} is
 * {@code {room, region, email, participants}}. It returns a bridge's {@code id}, {@code nil} for
 * the least loaded, or {@code false, "reason"} to leave the conference waiting for another bridge.
 *
 * <p>The script runs in a sandbox: the base library without {@code load}, {@code dofile} and the
 * like, {@code string} (without {@code dump}), {@code table}, {@code math} and {@code bit32}; no
 * {@code io}, {@code os}, {@code debug}, {@code package} or {@code coroutine}, and no Java. Each
 * call has an instruction budget, enforced by a count hook that throws an {@link Error}, which
 * Lua's {@code pcall} cannot catch. An error, an overrun or an unknown id means the least loaded.
 */
public final class LuaStrategy implements BridgeStrategy {
  private static final Logger LOG = LoggerFactory.getLogger(LuaStrategy.class);
  private static final int HOOK_EVERY = 10;
  private static final long MAX_STRING = 1 << 20;

  private final Globals globals = new Globals();
  private final LuaValue selectFunction;
  private final long budgetTicks;
  private final ReentrantLock lock = new ReentrantLock();
  private long ticks;

  /** Thrown by the count hook; an Error so that a script's pcall cannot swallow it. */
  static final class BudgetExceeded extends Error {
    BudgetExceeded() {
      super("instruction budget exceeded", null, false, false);
    }
  }

  /**
   * Loads and runs the script's main chunk (inside the budget, ten times over).
   *
   * @throws IllegalArgumentException naming the file, when it cannot be read, does not compile, or
   *     defines no {@code select} function
   */
  public static LuaStrategy load(Path file, long instructionBudget) {
    try {
      return new LuaStrategy(
          Files.readString(file), file.getFileName().toString(), instructionBudget);
    } catch (IOException e) {
      throw new IllegalArgumentException("Lua strategy: cannot read " + file + ": " + e, e);
    }
  }

  LuaStrategy(String source, String name, long instructionBudget) {
    this.budgetTicks = Math.max(1, instructionBudget / HOOK_EVERY);
    globals.load(new BaseLib());
    globals.load(new PackageLib());
    globals.load(new Bit32Lib());
    globals.load(new TableLib());
    globals.load(new StringLib());
    globals.load(new JseMathLib());
    LoadState.install(globals);
    LuaC.install(globals);
    globals.load(new DebugLib());
    LuaValue sethook = globals.get("debug").get("sethook");
    for (String unsafe :
        List.of(
            "debug",
            "package",
            "require",
            "load",
            "loadstring",
            "dofile",
            "loadfile",
            "collectgarbage",
            "module")) {
      globals.set(unsafe, LuaValue.NIL);
    }
    LuaValue string = globals.get("string");
    string.set("dump", LuaValue.NIL);
    string.set("rep", new GuardedRep(string.get("rep")));
    globals.set("print", new Print(name));
    sethook.invoke(
        LuaValue.varargsOf(
            new LuaValue[] {new CountHook(), LuaValue.valueOf(""), LuaValue.valueOf(HOOK_EVERY)}));
    try {
      LuaValue chunk = globals.load(new StringReader(source), "@" + name);
      run(10, () -> chunk.call());
    } catch (LuaError | BudgetExceeded e) {
      throw new IllegalArgumentException("Lua strategy " + name + ": " + e.getMessage(), e);
    }
    selectFunction = globals.get("select_bridge");
    if (!selectFunction.isfunction()) {
      throw new IllegalArgumentException(
          "Lua strategy " + name + " defines no function select_bridge(bridges, request)");
    }
  }

  @Override
  public Optional<Bridge> select(List<Bridge> candidates, SelectionRequest request)
      throws NoBridge {
    LuaTable list = new LuaTable();
    for (int i = 0; i < candidates.size(); i++) {
      Bridge b = candidates.get(i);
      LuaTable t = new LuaTable();
      t.set("id", b.nick());
      t.set("jid", b.jid());
      t.set("region", b.region());
      t.set("stress", b.stress());
      t.set("load", b.load());
      t.set("conferences", b.conferences());
      t.set("endpoints", b.endpoints());
      t.set("version", b.version());
      list.set(i + 1, t);
    }
    LuaTable r = new LuaTable();
    r.set("room", request.room());
    r.set("region", request.region());
    r.set("email", request.email());
    r.set("participants", request.participants());
    Varargs answer;
    try {
      answer = run(1, () -> selectFunction.invoke(list, r));
    } catch (LuaError | BudgetExceeded e) {
      LOG.warn(
          "Lua strategy failed for {} ({}); using the least loaded bridge",
          request.room(),
          e.getMessage());
      return Optional.empty();
    }
    LuaValue first = answer.arg1();
    if (first.isboolean() && !first.toboolean()) {
      throw new NoBridge(
          answer.arg(2).isstring()
              ? answer.arg(2).tojstring()
              : "the Lua strategy chose no bridge");
    }
    if (first.isnil()) {
      return Optional.empty();
    }
    String id = first.tojstring();
    for (Bridge b : candidates) {
      if (b.nick().equals(id) || b.jid().equalsIgnoreCase(id)) {
        return Optional.of(b);
      }
    }
    LOG.warn(
        "Lua strategy chose '{}', which is not a candidate; using the least loaded bridge", id);
    return Optional.empty();
  }

  private <T> T run(int scale, java.util.function.Supplier<T> body) {
    lock.lock();
    try {
      ticks = -budgetTicks * (scale - 1);
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  private final class CountHook extends TwoArgFunction {
    @Override
    public LuaValue call(LuaValue event, LuaValue line) {
      if (++ticks > budgetTicks) {
        throw new BudgetExceeded();
      }
      return NIL;
    }
  }

  /**
   * {@code string.rep} that refuses results over {@value #MAX_STRING} bytes before building them.
   */
  private static final class GuardedRep extends VarArgFunction {
    private final LuaValue rep;

    GuardedRep(LuaValue rep) {
      this.rep = rep;
    }

    @Override
    public Varargs invoke(Varargs args) {
      long size = (long) args.checkjstring(1).length() * Math.max(0, args.checkint(2));
      if (size > MAX_STRING) {
        throw new LuaError("string.rep: result over " + MAX_STRING + " bytes");
      }
      return rep.invoke(args);
    }
  }

  private static final class Print extends VarArgFunction {
    private final String name;

    Print(String name) {
      this.name = name;
    }

    @Override
    public Varargs invoke(Varargs args) {
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i <= args.narg(); i++) {
        sb.append(i > 1 ? "\t" : "").append(args.arg(i).tojstring());
      }
      LOG.info("[{}] {}", name, sb);
      return NONE;
    }
  }
}
