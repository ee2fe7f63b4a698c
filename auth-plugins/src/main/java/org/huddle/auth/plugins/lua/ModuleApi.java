package org.huddle.auth.plugins.lua;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.huddle.common.config.Settings;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.server.api.Host;
import org.huddle.xmpp.server.api.Options;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.slf4j.Logger;

/**
 * The {@code module} object a plugin sees, after Prosody's module API: {@code module.host}, {@code
 * module.name}, {@code module:hook(event, fn[, phase or priority])}, {@code module:get_option(name,
 * default)} and its typed variants ({@code _string}, {@code _number}, {@code _integer}, {@code
 * _boolean}, {@code _array}, {@code _set}, {@code _period} in seconds), {@code module:log(level,
 * format, ...)}, {@code module:is_admin(jid)}, {@code module:require(name)}, and the shared-state
 * objects {@code module:open_store(name)} and {@code module:open_counter(name, period)}. Also the
 * globals {@code require} (plugin folders and the built-in {@code util.jid} and {@code huddle.jwt})
 * and {@code print} (to the log).
 */
final class ModuleApi {
  private ModuleApi() {}

  static void install(
      PluginVersion version,
      PluginServices services,
      Host host,
      String name,
      Options options,
      Logger log) {
    Globals g = version.sandbox().globals();
    LuaTable module = new LuaTable();
    module.set("host", host.name());
    module.set("name", name);
    module.set(
        "hook",
        LuaValues.method(
            a -> {
              var type = EventNames.resolve(host, a.checkjstring(1));
              version.addHook(
                  new PluginVersion.HookKey(type, EventNames.phase(a.arg(3))), a.checkfunction(2));
              return LuaValue.NONE;
            }));
    module.set("get_option", LuaValues.method(a -> option(options, a, Kind.ANY)));
    module.set("get_option_string", LuaValues.method(a -> option(options, a, Kind.STRING)));
    module.set("get_option_number", LuaValues.method(a -> option(options, a, Kind.NUMBER)));
    module.set("get_option_integer", LuaValues.method(a -> option(options, a, Kind.INTEGER)));
    module.set("get_option_boolean", LuaValues.method(a -> option(options, a, Kind.BOOLEAN)));
    module.set("get_option_array", LuaValues.method(a -> option(options, a, Kind.ARRAY)));
    module.set(
        "get_option_set", LuaValues.method(a -> set(strings(option(options, a, Kind.ARRAY)))));
    module.set("get_option_period", LuaValues.method(a -> option(options, a, Kind.PERIOD)));
    module.set(
        "log",
        LuaValues.method(
            a -> {
              log(log, host, a.optjstring(1, "info"), format(a.subargs(2)));
              return LuaValue.NONE;
            }));
    module.set(
        "is_admin",
        LuaValues.method(
            a -> LuaValue.valueOf(services.isAdmin(Jid.ofOrNull(a.optjstring(1, ""))))));
    module.set(
        "require",
        LuaValues.method(a -> Requires.library(version, services, a.checkjstring(1), true)));
    module.set(
        "open_store",
        LuaValues.method(a -> SharedObjects.store(services, host, a.checkjstring(1))));
    module.set(
        "open_counter",
        LuaValues.method(
            a ->
                SharedObjects.counter(
                    services, host, a.checkjstring(1), seconds(a.arg(2), "1 minute"))));
    g.set("module", module);
    var context = new PluginServices.PluginContext(host, name, options);
    g.set(
        "require",
        LuaValues.function(a -> Requires.require(version, services, context, a.checkjstring(1))));
    g.set(
        "print",
        LuaValues.function(
            a -> {
              StringBuilder sb = new StringBuilder();
              for (int i = 1; i <= a.narg(); i++) {
                sb.append(i > 1 ? "\t" : "").append(a.arg(i).tojstring());
              }
              log(log, host, "info", sb.toString());
              return LuaValue.NONE;
            }));
  }

  private enum Kind {
    ANY,
    STRING,
    NUMBER,
    INTEGER,
    BOOLEAN,
    ARRAY,
    PERIOD
  }

  private static LuaValue option(Options options, Varargs a, Kind kind) {
    String name = a.checkjstring(1);
    Object raw = options.raw(name);
    LuaValue value = raw == null ? a.arg(2) : LuaValues.of(raw);
    if (value.isnil()) {
      return LuaValue.NIL;
    }
    try {
      return switch (kind) {
        case ANY -> value;
        case STRING -> {
          if (value.istable()) {
            throw new IllegalArgumentException("expected a string, not a list");
          }
          yield LuaValue.valueOf(value.tojstring());
        }
        case NUMBER -> LuaValue.valueOf(number(value));
        case INTEGER -> {
          double d = number(value);
          if (d != Math.rint(d)) {
            throw new IllegalArgumentException("expected a whole number, not " + d);
          }
          yield LuaValue.valueOf(d);
        }
        case BOOLEAN ->
            LuaValue.valueOf(
                value.isboolean() ? value.toboolean() : Settings.bool(value.tojstring()));
        case ARRAY -> {
          if (value.istable()) {
            yield value;
          }
          LuaTable t = new LuaTable();
          for (String item : Settings.list(value.tojstring())) {
            t.set(t.length() + 1, LuaValue.valueOf(item));
          }
          yield t;
        }
        case PERIOD -> LuaValue.valueOf(seconds(value, null));
      };
    } catch (IllegalArgumentException e) {
      throw new LuaError("option " + name + ": " + e.getMessage());
    }
  }

  private static double number(LuaValue v) {
    if (v.isnumber()) {
      return v.todouble();
    }
    try {
      return Double.parseDouble(v.tojstring().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a number, not '" + v.tojstring() + "'");
    }
  }

  /** A period in seconds: a number of seconds, or text with a unit ("5 minutes"). */
  static double seconds(LuaValue v, String fallback) {
    if (v.isnil()) {
      if (fallback == null) {
        throw new LuaError("a period is required");
      }
      return Settings.duration(fallback).toMillis() / 1000.0;
    }
    if (v.isnumber()) {
      return v.todouble();
    }
    try {
      Duration d = Settings.duration(v.tojstring());
      return d.toMillis() / 1000.0;
    } catch (IllegalArgumentException e) {
      throw new LuaError(e.getMessage());
    }
  }

  private static Set<String> strings(LuaValue list) {
    Set<String> out = new LinkedHashSet<>();
    if (list.istable()) {
      for (int i = 1; i <= list.length(); i++) {
        out.add(list.get(i).tojstring());
      }
    }
    return out;
  }

  /** Prosody's {@code util.set} in miniature: {@code contains}, {@code items}, {@code empty}. */
  static LuaValue set(Set<String> items) {
    LuaTable t = new LuaTable();
    t.set(
        "contains", LuaValues.method(a -> LuaValue.valueOf(items.contains(a.arg1().tojstring()))));
    t.set("empty", LuaValues.method(a -> LuaValue.valueOf(items.isEmpty())));
    t.set(
        "items",
        LuaValues.method(
            a -> {
              var it = items.iterator();
              return LuaValues.function(
                  x -> it.hasNext() ? LuaValue.valueOf(it.next()) : LuaValue.NIL);
            }));
    return t;
  }

  /** Prosody's log formatting: each {@code %s} (or other directive) takes the next argument. */
  static String format(Varargs a) {
    String fmt = a.arg1().isnil() ? "" : a.arg1().tojstring();
    if (a.narg() <= 1) {
      return fmt;
    }
    StringBuilder sb = new StringBuilder();
    int next = 2;
    for (int i = 0; i < fmt.length(); i++) {
      char c = fmt.charAt(i);
      if (c != '%' || i + 1 >= fmt.length()) {
        sb.append(c);
        continue;
      }
      char d = fmt.charAt(++i);
      if (d == '%') {
        sb.append('%');
        continue;
      }
      while (i + 1 < fmt.length() && !Character.isLetter(d)) {
        d = fmt.charAt(++i); // skip flags and widths: %5s, %-3d
      }
      sb.append(a.arg(next++).tojstring());
    }
    return sb.toString();
  }

  private static void log(Logger log, Host host, String level, String message) {
    String text = "[" + host.name() + "] " + message;
    switch (level.toLowerCase(Locale.ROOT)) {
      case "debug" -> log.debug("{}", text);
      case "warn", "warning" -> log.warn("{}", text);
      case "error" -> log.error("{}", text);
      default -> log.info("{}", text);
    }
  }
}
