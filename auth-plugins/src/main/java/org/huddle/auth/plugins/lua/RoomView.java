package org.huddle.auth.plugins.lua;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.Locale;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.server.api.Affiliation;
import org.huddle.xmpp.server.api.Occupant;
import org.huddle.xmpp.server.api.Room;
import org.huddle.xmpp.server.api.RoomConfig;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A room as Prosody's MUC rooms look to modules: {@code room.jid}, {@code room:get_name()}, {@code
 * room:get_password()}, {@code room:set_password(pw)}, {@code room:check_password(pw)} (constant
 * time), {@code room:get_members_only()}, {@code room:get_persistent()}, {@code
 * room:set_locked(bool)}, {@code room:get_affiliation(jid)}, {@code room:set_affiliation([actor,]
 * jid, affiliation)}, {@code room:each_occupant()}, {@code room:has_occupant()}, and {@code
 * room:get_data(key)}/{@code room:set_data(key, value)} for plain values that plugins share about
 * the room.
 *
 * <p>Every method goes through {@link Room}, whose methods take the room's lock; hooks already hold
 * it, so this adds no new lock order.
 */
final class RoomView {
  /** Plugin values live in {@link Room#data()} under this prefix, apart from Java's own keys. */
  static final String DATA_PREFIX = "lua:";

  private RoomView() {}

  static LuaValue of(Room room) {
    if (room == null) {
      return LuaValue.NIL;
    }
    LuaTable t = new LuaTable();
    t.set("jid", room.jid().toString());
    t.set("get_name", LuaValues.method(a -> str(room.config().name())));
    t.set("get_password", LuaValues.method(a -> str(room.config().password())));
    t.set(
        "set_password",
        LuaValues.method(
            a -> {
              RoomConfig c = room.config();
              room.config(c.withPassword(a.isnil(1) ? null : a.checkjstring(1)));
              return LuaValue.TRUE;
            }));
    t.set(
        "check_password",
        LuaValues.method(a -> LuaValue.valueOf(matches(room.config().password(), a.arg1()))));
    t.set("get_members_only", LuaValues.method(a -> LuaValue.valueOf(room.config().membersOnly())));
    t.set("get_persistent", LuaValues.method(a -> LuaValue.valueOf(room.config().persistent())));
    t.set("is_locked", LuaValues.method(a -> LuaValue.valueOf(room.config().locked())));
    t.set(
        "set_locked",
        LuaValues.method(
            a -> {
              room.config(room.config().withLocked(a.arg1().toboolean()));
              return LuaValue.TRUE;
            }));
    t.set(
        "get_affiliation",
        LuaValues.method(
            a -> {
              Affiliation aff = room.affiliation(jid(a.arg1()));
              return aff == Affiliation.NONE ? LuaValue.NIL : LuaValue.valueOf(aff.value());
            }));
    t.set("set_affiliation", LuaValues.method(a -> setAffiliation(room, a)));
    t.set(
        "each_occupant",
        LuaValues.method(
            a -> {
              Iterator<? extends Occupant> it = room.occupants().iterator();
              return LuaValues.function(x -> it.hasNext() ? occupant(it.next()) : LuaValue.NIL);
            }));
    t.set("has_occupant", LuaValues.method(a -> LuaValue.valueOf(room.size() > 0)));
    t.set(
        "get_data",
        LuaValues.method(a -> LuaValues.of(room.data().get(DATA_PREFIX + a.checkjstring(1)))));
    t.set(
        "set_data",
        LuaValues.method(
            a -> {
              String key = DATA_PREFIX + a.checkjstring(1);
              LuaValue v = a.arg(2);
              if (v.isnil()) {
                room.data().remove(key);
              } else if (v.isstring() || v.isboolean() || v.isnumber()) {
                room.data().put(key, LuaValues.toJava(v));
              } else {
                throw new LuaError("room data holds strings, numbers and booleans");
              }
              return LuaValue.TRUE;
            }));
    return t;
  }

  /** An occupant as Prosody's MUC shows it: nick is the occupant JID; jid the real full JID. */
  static LuaValue occupant(Occupant o) {
    if (o == null) {
      return LuaValue.NIL;
    }
    LuaTable t = new LuaTable();
    t.set("nick", o.occupantJid().toString());
    t.set("jid", o.realJid().toString());
    t.set("bare_jid", o.realJid().bare().toString());
    t.set("role", o.role().value());
    t.set("affiliation", o.affiliation().value());
    return t;
  }

  /**
   * Prosody's {@code room:set_affiliation(actor, jid, affiliation, reason)}; the actor is optional.
   */
  private static Varargs setAffiliation(Room room, Varargs a) {
    Varargs args = a.arg1().isboolean() || a.narg() >= 3 ? a.subargs(2) : a;
    Jid who = jid(args.arg1());
    String name = args.isnil(2) ? "none" : args.checkjstring(2).toLowerCase(Locale.ROOT);
    Affiliation aff = Affiliation.of(name);
    if (aff == null) {
      throw new LuaError("unknown affiliation '" + name + "'");
    }
    room.affiliation(who, aff);
    return LuaValue.TRUE;
  }

  static Jid jid(LuaValue v) {
    Jid j = Jid.ofOrNull(v.checkjstring());
    if (j == null) {
      throw new LuaError("not a JID: " + v.tojstring());
    }
    return j;
  }

  /** Compares in time that does not depend on where the strings differ. */
  private static boolean matches(String password, LuaValue given) {
    if (password == null || !given.isstring()) {
      return false;
    }
    return MessageDigest.isEqual(
        password.getBytes(StandardCharsets.UTF_8),
        given.tojstring().getBytes(StandardCharsets.UTF_8));
  }

  private static LuaValue str(String s) {
    return s == null ? LuaValue.NIL : LuaValue.valueOf(s);
  }
}
