package org.huddle.auth.plugins.token;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code require "huddle.jwt"}: the Java token checks, callable from Lua. {@code jwt.verify(token,
 * host)} checks a token again as the login on {@code host} did (signature, {@code exp}, {@code
 * nbf}, issuer, audience) and returns its claims as a table, or {@code nil, reason}. Room plugins
 * call it at join time, so a token that expired after login no longer opens rooms.
 *
 * <p>The verifiers are those of the hosts with {@code authentication = "token"}, registered when
 * the server builds their providers.
 */
public final class JwtLibrary {
  private final Map<String, JwtVerifier> verifiers = new ConcurrentHashMap<>();

  /** Makes a host's verifier available to {@code jwt.verify}. */
  public void register(String host, JwtVerifier verifier) {
    verifiers.put(host, verifier);
  }

  public LuaValue create() {
    LuaTable t = new LuaTable();
    t.set(
        "verify",
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs a) {
            String token = a.checkjstring(1);
            String host = a.checkjstring(2);
            JwtVerifier v = verifiers.get(host);
            if (v == null) {
              return varargsOf(NIL, valueOf("no token authentication on " + host));
            }
            try {
              return toLua(v.verify(token));
            } catch (TokenException e) {
              return varargsOf(NIL, valueOf(e.getMessage()));
            }
          }
        });
    return t;
  }

  private static LuaValue toLua(Object o) {
    if (o instanceof Map<?, ?> m) {
      LuaTable t = new LuaTable();
      m.forEach((k, v) -> t.set(String.valueOf(k), toLua(v)));
      return t;
    }
    if (o instanceof Iterable<?> list) {
      LuaTable t = new LuaTable();
      int i = 1;
      for (Object item : list) {
        t.set(i++, toLua(item));
      }
      return t;
    }
    if (o instanceof Boolean b) {
      return LuaValue.valueOf(b);
    }
    if (o instanceof Number n) {
      return LuaValue.valueOf(n.doubleValue());
    }
    return o == null ? LuaValue.NIL : LuaValue.valueOf(o.toString());
  }
}
