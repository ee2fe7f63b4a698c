package org.huddle.lua;

import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
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

/**
 * One Lua state for untrusted scripts (a room plugin, the focus's bridge strategy): its own globals
 * with the safe part of the standard library, and a budget for every call into it. Huddle's one
 * LuaJ sandbox: each host adds its own API to {@link #globals()} and nothing else.
 *
 * <p>What a script gets: the base functions without {@code load}, {@code loadstring}, {@code
 * dofile}, {@code loadfile} and {@code collectgarbage}; {@code string} (without {@code dump}),
 * {@code table}, {@code math} and {@code bit32}. No {@code io}, {@code os}, {@code debug}, {@code
 * coroutine} (LuaJ runs each coroutine on a Java thread), {@code package} or {@code print}; a host
 * may add {@code require} (the room plugins' finds files in the plugin folders only) or a {@code
 * print} to its log.
 *
 * <p>The budget: LuaJ's count hook (installed from Java through {@code debug.sethook}, which the
 * plugin itself never sees) runs every {@value #HOOK_EVERY} instructions. It stops a call that has
 * run more than its instructions, or whose thread has allocated more than its bytes since the call
 * began (HotSpot's per-thread allocation counter). It stops it by throwing {@link BudgetExceeded},
 * an {@link Error}, which Lua's {@code pcall} does not catch (LuaJ's {@code pcall} catches {@link
 * LuaError} and exceptions only), and {@code xpcall} is replaced so that its message handler also
 * runs where the budget can reach it. {@code string.rep} checks its result size before it
 * allocates.
 *
 * <p>A LuaJ state must not be entered by two threads at once (its call stack is per state), so
 * every call holds this sandbox's lock. Room hooks already run under the room's lock; a plugin
 * never gets at another room, so the lock order is always room, then plugin.
 */
public final class Sandbox {
  /** Instructions between two budget checks. */
  public static final int HOOK_EVERY = 4;

  private static final com.sun.management.ThreadMXBean THREADS = threads();

  private final Globals globals;
  private final SandboxLimits limits;
  private final ReentrantLock lock = new ReentrantLock();
  private int depth;
  private long ticks;
  private long tickLimit;
  private long allocatedAtStart;
  private long allocationLimit;

  public Sandbox(SandboxLimits limits) {
    this.limits = limits;
    this.globals = new Globals();
    globals.load(new BaseLib());
    globals.load(new PackageLib()); // the libraries below register in package.loaded
    globals.load(new Bit32Lib());
    globals.load(new TableLib());
    globals.load(new StringLib());
    globals.load(new JseMathLib());
    LoadState.install(globals);
    LuaC.install(globals);
    globals.load(new DebugLib());
    LuaValue sethook = globals.get("debug").get("sethook");
    for (String name :
        List.of(
            "debug",
            "package",
            "require",
            "load",
            "loadstring",
            "dofile",
            "loadfile",
            "collectgarbage",
            "module",
            "print")) {
      globals.set(name, LuaValue.NIL);
    }
    LuaTable string = globals.get("string").checktable();
    string.set("dump", LuaValue.NIL);
    string.set("rep", new GuardedRep(string.get("rep"), limits.maxStringBytes()));
    globals.set("xpcall", new Xpcall());
    guardStringMethods(string);
    sethook.invoke(
        LuaValue.varargsOf(
            new LuaValue[] {new BudgetHook(), LuaValue.valueOf(""), LuaValue.valueOf(HOOK_EVERY)}));
  }

  /** The script's globals, for the host to add its API to. */
  public Globals globals() {
    return globals;
  }

  /**
   * Compiles a chunk (text only, never precompiled bytecode).
   *
   * @throws LuaError with {@code name:line:} in the message, on a syntax error
   */
  public LuaValue compile(String text, String name) {
    return globals.load(new StringReader(text), "@" + name);
  }

  /**
   * Runs {@code body} inside the budget. Nested runs (a plugin calling back into itself) share the
   * outermost run's budget.
   *
   * @param scale how many times the normal budget this run gets (loading a file may build tables)
   */
  public <T> T run(int scale, Supplier<T> body) {
    lock.lock();
    try {
      if (depth++ == 0) {
        ticks = 0;
        tickLimit = Math.max(1, limits.instructions() * scale / HOOK_EVERY);
        allocatedAtStart = allocated();
        allocationLimit = limits.allocationBytes() * scale;
      }
      return body.get();
    } finally {
      depth--;
      lock.unlock();
    }
  }

  /** Calls a Lua function inside the budget. */
  public Varargs call(LuaValue function, Varargs args) {
    return run(1, () -> function.invoke(args));
  }

  /** Where the running Lua code is: {@code file:line}, or null outside Lua. */
  public String location() {
    if (globals.debuglib == null) {
      return null;
    }
    String trace = globals.debuglib.traceback(1);
    for (String line : trace.split("\n")) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("stack traceback") && !l.startsWith("[Java]")) {
        int in = l.indexOf(": in ");
        String at = in > 0 ? l.substring(0, in) : l;
        return at.endsWith(":") ? at.substring(0, at.length() - 1) : at;
      }
    }
    return null;
  }

  /**
   * A Lua error as one line, {@code file:line: message}. (LuaJ writes runtime errors as {@code
   * @file:line message} and syntax errors as {@code file:line: message}.)
   */
  public static String describe(LuaError e) {
    String m = e.getMessage();
    if (m == null) {
      return "error";
    }
    int nl = m.indexOf('\n');
    String line = nl < 0 ? m : m.substring(0, nl);
    if (line.startsWith("@")) {
      line = line.substring(1);
    }
    java.util.regex.Matcher at = FILE_LINE.matcher(line);
    return at.matches() ? at.group(1) + ": " + at.group(2) : line;
  }

  private static final java.util.regex.Pattern FILE_LINE =
      java.util.regex.Pattern.compile("([^\\s:]+:\\d+) (.*)");

  private static long allocated() {
    if (THREADS == null) {
      return -1;
    }
    try {
      return THREADS.getCurrentThreadAllocatedBytes();
    } catch (UnsupportedOperationException e) {
      return -1;
    }
  }

  private static com.sun.management.ThreadMXBean threads() {
    try {
      if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
          && t.isThreadAllocatedMemorySupported()) {
        t.setThreadAllocatedMemoryEnabled(true);
        return t;
      }
    } catch (RuntimeException | LinkageError e) {
      // Not HotSpot: the memory budget then rests on the string guard alone.
    }
    return null;
  }

  /**
   * Strings share one metatable across every LuaJ state in the process ({@code s:rep(n)} goes
   * through it), so it must hold the guarded functions, in a table no plugin can reach or change (a
   * plugin's own {@code string} global is its own to spoil).
   */
  private static void guardStringMethods(LuaTable string) {
    LuaTable methods = new LuaTable();
    for (LuaValue k = string.next(LuaValue.NIL).arg1(); !k.isnil(); k = string.next(k).arg1()) {
      methods.rawset(k, string.rawget(k));
    }
    synchronized (LuaString.class) {
      LuaTable readOnly = new LuaTable();
      LuaTable meta = new LuaTable();
      meta.set(LuaValue.INDEX, methods);
      meta.set(
          LuaValue.NEWINDEX,
          new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue t, LuaValue k) {
              throw new LuaError("string methods are read-only");
            }
          });
      readOnly.setmetatable(meta);
      LuaTable stringMeta = new LuaTable();
      stringMeta.set(LuaValue.INDEX, readOnly);
      stringMeta.set(LuaValue.METATABLE, LuaValue.FALSE);
      LuaString.s_metatable = stringMeta;
    }
  }

  /**
   * Thrown by the budget hook; an Error, so that {@code pcall} cannot swallow it. The message
   * starts with the file and line that was running.
   */
  public static final class BudgetExceeded extends Error {
    BudgetExceeded(String where, String what) {
      super((where == null ? "?" : where) + ": " + what, null, false, false);
    }
  }

  private final class BudgetHook extends TwoArgFunction {
    @Override
    public LuaValue call(LuaValue event, LuaValue line) {
      if (++ticks > tickLimit) {
        throw new BudgetExceeded(location(), "instruction budget exceeded");
      }
      if (allocatedAtStart >= 0) {
        long now = allocated();
        if (now >= 0 && now - allocatedAtStart > allocationLimit) {
          throw new BudgetExceeded(location(), "memory budget exceeded");
        }
      }
      return NONE;
    }
  }

  /** {@code string.rep} that refuses to build a string longer than the limit. */
  private static final class GuardedRep extends VarArgFunction {
    private final LuaValue rep;
    private final long max;

    GuardedRep(LuaValue rep, long max) {
      this.rep = rep;
      this.max = max;
    }

    @Override
    public Varargs invoke(Varargs args) {
      long len = args.checkstring(1).length();
      long n = args.checklong(2);
      long sep = args.isnoneornil(3) ? 0 : args.checkstring(3).length();
      if (n > 0 && (len + sep) * (double) n > max) {
        throw new LuaError("string.rep would build more than " + max + " bytes");
      }
      return rep.invoke(args);
    }
  }

  /**
   * {@code xpcall(f, handler, ...)}, with the handler called after the error has unwound rather
   * than inside LuaJ's error hook (which swallows every Throwable, the budget's included).
   */
  private static final class Xpcall extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      LuaValue f = args.checkvalue(1);
      LuaValue handler = args.checkfunction(2);
      try {
        return varargsOf(TRUE, f.invoke(args.subargs(3)));
      } catch (LuaError e) {
        LuaValue m = e.getMessageObject();
        return varargsOf(FALSE, handler.call(m != null ? m : NIL));
      }
    }
  }
}
