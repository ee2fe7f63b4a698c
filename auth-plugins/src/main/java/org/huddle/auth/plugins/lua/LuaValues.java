package org.huddle.auth.plugins.lua;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/** Plain data between Java and Lua: strings, numbers, booleans, lists and maps. */
final class LuaValues {
  private static final int MAX_DEPTH = 16;

  private LuaValues() {}

  /** A Java value as Lua sees it; maps and lists become fresh tables. */
  static LuaValue of(Object v) {
    return of(v, 0);
  }

  private static LuaValue of(Object v, int depth) {
    if (depth > MAX_DEPTH) {
      throw new LuaError("value nested too deeply");
    }
    if (v == null) {
      return LuaValue.NIL;
    }
    if (v instanceof LuaValue l) {
      return l;
    }
    if (v instanceof String s) {
      return LuaValue.valueOf(s);
    }
    if (v instanceof Boolean b) {
      return LuaValue.valueOf(b);
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return LuaValue.valueOf(((Number) v).intValue());
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE
          ? LuaValue.valueOf((int) d)
          : LuaValue.valueOf(d);
    }
    if (v instanceof Map<?, ?> m) {
      LuaTable t = new LuaTable();
      m.forEach((k, val) -> t.set(of(k, depth + 1), of(val, depth + 1)));
      return t;
    }
    if (v instanceof Iterable<?> list) {
      LuaTable t = new LuaTable();
      int i = 1;
      for (Object item : list) {
        t.set(i++, of(item, depth + 1));
      }
      return t;
    }
    return LuaValue.valueOf(v.toString());
  }

  /**
   * A Lua value as plain Java data: nil is null, integral numbers are Longs, tables with keys 1..n
   * are Lists and other tables Maps with string keys. Functions and userdata are refused.
   */
  static Object toJava(LuaValue v) {
    return toJava(v, 0);
  }

  private static Object toJava(LuaValue v, int depth) {
    if (depth > MAX_DEPTH) {
      throw new LuaError("value nested too deeply");
    }
    switch (v.type()) {
      case LuaValue.TNIL:
        return null;
      case LuaValue.TBOOLEAN:
        return v.toboolean();
      case LuaValue.TNUMBER:
        double d = v.todouble();
        return d == Math.rint(d) && Math.abs(d) < 9.0e15 ? (Object) (long) d : (Object) d;
      case LuaValue.TSTRING:
        return v.tojstring();
      case LuaValue.TTABLE:
        LuaTable t = (LuaTable) v;
        int n = t.length();
        int keys = 0;
        for (LuaValue k = t.next(LuaValue.NIL).arg1(); !k.isnil(); k = t.next(k).arg1()) {
          keys++;
        }
        if (n > 0 && keys == n) {
          List<Object> list = new ArrayList<>(n);
          for (int i = 1; i <= n; i++) {
            list.add(toJava(t.get(i), depth + 1));
          }
          return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
          map.put(e.arg1().tojstring(), toJava(e.arg(2), depth + 1));
        }
        return map;
      default:
        throw new LuaError("cannot keep a " + v.typename() + " outside Lua");
    }
  }

  /** A Lua function from a Java lambda taking the call's arguments. */
  static LuaValue function(java.util.function.Function<Varargs, Varargs> body) {
    return new VarArgFunction() {
      @Override
      public Varargs invoke(Varargs args) {
        return body.apply(args);
      }
    };
  }

  /**
   * A method for {@code obj:name(...)} calls: the first argument is the object itself and is
   * dropped.
   */
  static LuaValue method(java.util.function.Function<Varargs, Varargs> body) {
    return function(args -> body.apply(args.subargs(2)));
  }

  /** Lua's "nil, reason" failure result. */
  static Varargs failure(String reason) {
    return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(reason));
  }
}
