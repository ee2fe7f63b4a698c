package org.huddle.auth.plugins.lua;

import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.JidFormatException;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code require "util.jid"}, the part of Prosody's library plugins use: {@code split}, {@code
 * bare}, {@code node}, {@code host}, {@code resource}, {@code join} and {@code prep}. Invalid
 * addresses give nil, as in Prosody.
 */
public final class JidLibrary {
  private JidLibrary() {}

  public static LuaValue create() {
    LuaTable t = new LuaTable();
    t.set(
        "split",
        LuaValues.function(
            a -> {
              Jid j = parse(a.arg1());
              return j == null
                  ? LuaValue.NIL
                  : LuaValue.varargsOf(
                      new LuaValue[] {str(j.local()), str(j.domain()), str(j.resource())});
            }));
    t.set("bare", part(a -> a.bare().toString()));
    t.set("node", part(Jid::local));
    t.set("host", part(Jid::domain));
    t.set("resource", part(Jid::resource));
    t.set("prep", part(Jid::toString));
    t.set(
        "join",
        LuaValues.function(
            a -> {
              try {
                return str(
                    Jid.of(a.optjstring(1, null), a.checkjstring(2), a.optjstring(3, null))
                        .toString());
              } catch (JidFormatException e) {
                return LuaValue.NIL;
              }
            }));
    return t;
  }

  private static LuaValue part(java.util.function.Function<Jid, String> f) {
    return LuaValues.function(
        (Varargs a) -> {
          Jid j = parse(a.arg1());
          return j == null ? LuaValue.NIL : str(f.apply(j));
        });
  }

  private static Jid parse(LuaValue v) {
    return v.isstring() ? Jid.ofOrNull(v.tojstring()) : null;
  }

  private static LuaValue str(String s) {
    return s == null ? LuaValue.NIL : LuaValue.valueOf(s);
  }
}
