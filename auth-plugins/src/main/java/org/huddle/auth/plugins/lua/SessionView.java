package org.huddle.auth.plugins.lua;

import java.util.Map;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.server.api.Origin;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.ThreeArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * The session a stanza came from, with Prosody's session field names: {@code full_jid}, {@code
 * username}, {@code host}, {@code resource}, {@code ip}, {@code type} ({@code c2s}, {@code
 * websocket}, {@code bosh}, {@code component}), and {@code anonymous}. Any other field is a session
 * attribute: what authentication left there ({@code auth_token}, {@code jitsi_meet_room}, {@code
 * jitsi_meet_context_user}, ... as Prosody's token authentication names them) or what a plugin
 * stored; plugins may store plain values (strings, numbers, booleans, tables of them).
 */
final class SessionView {
  private SessionView() {}

  static LuaValue of(Origin origin) {
    if (origin == null) {
      return LuaValue.NIL;
    }
    LuaTable t = new LuaTable();
    LuaTable meta = new LuaTable();
    meta.set(
        LuaValue.INDEX,
        new TwoArgFunction() {
          @Override
          public LuaValue call(LuaValue self, LuaValue key) {
            return field(origin, key.tojstring());
          }
        });
    meta.set(
        LuaValue.NEWINDEX,
        new ThreeArgFunction() {
          @Override
          public LuaValue call(LuaValue self, LuaValue key, LuaValue value) {
            String k = key.checkjstring();
            if (fixed(k)) {
              throw new LuaError("session field '" + k + "' is read-only");
            }
            Map<String, Object> attributes = origin.attributes();
            Object v = LuaValues.toJava(value);
            if (v == null) {
              attributes.remove(k);
            } else {
              attributes.put(k, v);
            }
            return NONE;
          }
        });
    t.setmetatable(meta);
    return t;
  }

  private static boolean fixed(String key) {
    return switch (key) {
      case "full_jid", "username", "host", "resource", "ip", "type", "anonymous" -> true;
      default -> false;
    };
  }

  private static LuaValue field(Origin origin, String key) {
    Jid jid = origin.jid();
    return switch (key) {
      case "full_jid" -> jid == null ? LuaValue.NIL : LuaValue.valueOf(jid.toString());
      case "username" ->
          jid == null || jid.local() == null ? LuaValue.NIL : LuaValue.valueOf(jid.local());
      case "host" -> LuaValue.valueOf(origin.host().name());
      case "resource" ->
          jid == null || jid.resource() == null ? LuaValue.NIL : LuaValue.valueOf(jid.resource());
      case "ip" -> LuaValue.valueOf(origin.remoteAddress());
      case "type" -> LuaValue.valueOf(origin.transport());
      case "anonymous" -> LuaValue.valueOf(origin.anonymous());
      default -> LuaValues.of(origin.attributes().get(key));
    };
  }
}
