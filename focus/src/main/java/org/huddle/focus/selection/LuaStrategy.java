package org.huddle.focus.selection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.huddle.focus.bridge.Bridge;
import org.huddle.lua.Sandbox;
import org.huddle.lua.SandboxLimits;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A strategy written in Lua. The file defines {@code select_bridge(bridges, request)} (Lua's own
 * {@code select} is left alone), where {@code bridges} is an array (least loaded first) of tables
 * {@code {id, jid, region, stress, load, conferences, endpoints, version}} and {@code request} is
 * {@code {room, region, email, participants}}. It returns a bridge's {@code id}, {@code nil} for
 * the least loaded, or {@code false, "reason"} to leave the conference waiting for another bridge.
 *
 * <p>The script runs in Huddle's one Lua sandbox ({@link Sandbox}, as the room plugins do): the
 * safe part of the standard library, no Java, and an instruction and allocation budget for each
 * call that Lua's {@code pcall} cannot catch. Besides that, the strategy gets {@code print}, to the
 * focus's log. An error, an overrun or an unknown id means the least loaded.
 */
public final class LuaStrategy implements BridgeStrategy {
  private static final Logger LOG = LoggerFactory.getLogger(LuaStrategy.class);

  /** Per call: bytes allocated, and the longest string {@code string.rep} builds. */
  static final long MEMORY_BUDGET = 16L << 20;

  static final long MAX_STRING = 1 << 20;

  private final Sandbox sandbox;
  private final LuaValue selectFunction;

  /**
   * Loads and runs the script's main chunk (inside the budget, {@link SandboxLimits#LOAD_SCALE}
   * times over).
   *
   * @throws IllegalArgumentException naming the file, when it cannot be read, does not compile, or
   *     defines no {@code select_bridge} function
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
    sandbox = new Sandbox(new SandboxLimits(instructionBudget, MEMORY_BUDGET, MAX_STRING));
    sandbox.globals().set("print", new Print(name));
    try {
      LuaValue chunk = sandbox.compile(source, name);
      sandbox.run(SandboxLimits.LOAD_SCALE, () -> chunk.call());
    } catch (LuaError | Sandbox.BudgetExceeded e) {
      throw new IllegalArgumentException("Lua strategy " + name + ": " + e.getMessage(), e);
    }
    selectFunction = sandbox.globals().get("select_bridge");
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
      answer = sandbox.call(selectFunction, LuaValue.varargsOf(list, r));
    } catch (LuaError | Sandbox.BudgetExceeded e) {
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
