package org.huddle.auth.plugins.lua;

import java.util.Locale;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.MucEvents.ConfigFormEvent;
import org.huddle.xmpp.server.api.MucEvents.ConfigSubmitEvent;
import org.huddle.xmpp.server.api.MucEvents.Decision;
import org.huddle.xmpp.server.api.MucEvents.DiscoInfoEvent;
import org.huddle.xmpp.server.api.MucEvents.OccupantEvent;
import org.huddle.xmpp.server.api.MucEvents.RoomEvent;
import org.huddle.xmpp.server.api.SessionEvent;
import org.huddle.xmpp.server.api.StanzaEvent;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The table a Lua hook receives for a server event, with the fields Prosody's events carry ({@code
 * event.room}, {@code event.occupant}, {@code event.stanza}, {@code event.origin}) and {@code
 * event:deny(condition, text)}, which refuses the action with that stanza error (its condition
 * named as on the wire: {@code "not-authorized"}) and returns true so a hook can end with {@code
 * return event:deny(...)}.
 */
final class EventView {
  private EventView() {}

  static LuaTable of(Object event) {
    LuaTable t = new LuaTable();
    switch (event) {
      case OccupantEvent e -> {
        t.set("room", RoomView.of(e.room()));
        t.set("occupant", RoomView.occupant(e.occupant()));
        t.set("stanza", StanzaView.of(e.stanza()));
        t.set("origin", SessionView.of(e.origin()));
        decision(t, e);
      }
      case RoomEvent e -> {
        t.set("room", RoomView.of(e.room()));
        t.set("stanza", StanzaView.of(e.stanza()));
        t.set("origin", SessionView.of(e.origin()));
        decision(t, e);
      }
      case ConfigSubmitEvent e -> configSubmit(t, e);
      case ConfigFormEvent e -> {
        t.set("room", RoomView.of(e.room()));
        t.set(
            "add_field",
            LuaValues.method(
                a -> {
                  String value = a.isnil(4) ? "" : a.checkjstring(4);
                  e.field(a.checkjstring(1), a.checkjstring(2), a.optjstring(3, ""), value);
                  return LuaValue.TRUE;
                }));
      }
      case DiscoInfoEvent e -> {
        t.set("room", RoomView.of(e.room()));
        t.set(
            "add_feature",
            LuaValues.method(a -> LuaValue.valueOf(e.features().add(a.checkjstring(1)))));
        t.set(
            "set_form_field",
            LuaValues.method(
                a -> {
                  e.formFields().put(a.checkjstring(1), a.checkjstring(2));
                  return LuaValue.TRUE;
                }));
      }
      case StanzaEvent e -> {
        t.set("stanza", StanzaView.of(e.stanza()));
        t.set("origin", SessionView.of(e.origin()));
        t.set("from", e.from().toString());
        t.set("to", e.to().toString());
        t.set(
            "deny",
            LuaValues.method(
                a -> {
                  e.error(condition(a.arg1()), a.optjstring(2, null));
                  return LuaValue.TRUE;
                }));
      }
      case SessionEvent e -> {
        t.set("origin", SessionView.of(e.session()));
        t.set("session", SessionView.of(e.session()));
      }
      default -> {
        // Events without a Lua shape still run the hook; it just sees an empty table.
      }
    }
    return t;
  }

  private static void configSubmit(LuaTable t, ConfigSubmitEvent e) {
    t.set("room", RoomView.of(e.room()));
    t.set("field", LuaValues.method(a -> str(e.value(a.checkjstring(1)))));
    LuaTable config = new LuaTable();
    config.set("get_password", LuaValues.method(a -> str(e.config().password())));
    config.set(
        "set_password",
        LuaValues.method(
            a -> {
              e.config(e.config().withPassword(a.isnil(1) ? null : a.checkjstring(1)));
              return LuaValue.TRUE;
            }));
    config.set(
        "get_members_only", LuaValues.method(a -> LuaValue.valueOf(e.config().membersOnly())));
    config.set(
        "set_members_only",
        LuaValues.method(
            a -> {
              e.config(e.config().withMembersOnly(a.arg1().toboolean()));
              return LuaValue.TRUE;
            }));
    config.set("get_persistent", LuaValues.method(a -> LuaValue.valueOf(e.config().persistent())));
    t.set("config", config);
    decision(t, e);
  }

  private static void decision(LuaTable t, Decision d) {
    t.set(
        "deny",
        LuaValues.method(
            (Varargs a) -> {
              d.deny(condition(a.arg1()), a.optjstring(2, null));
              return LuaValue.TRUE;
            }));
  }

  /** A stanza error condition named as on the wire ({@code "not-allowed"}). */
  static Condition condition(LuaValue name) {
    String n = name.isnil() ? "not-allowed" : name.checkjstring();
    try {
      return Condition.valueOf(n.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new LuaError("unknown stanza error condition '" + n + "'");
    }
  }

  /** Whether the event is one a hook can refuse. */
  static boolean deniable(Object event) {
    return event instanceof MucEvents.Decision || event instanceof StanzaEvent;
  }

  private static LuaValue str(String s) {
    return s == null ? LuaValue.NIL : LuaValue.valueOf(s);
  }
}
