package org.huddle.xmpp.server.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * Reads a Prosody-style config file with LuaJ: global options, then {@code VirtualHost "name"} and
 * {@code Component "name" "module"} sections whose following assignments belong to them.
 *
 * <p>The file runs in a sandbox with the base, string, table and math libraries only: no {@code
 * io}, no {@code os}, no loading of other files. It is the operator's own file, but a config is
 * data and has no business doing I/O.
 */
public final class LuaConfigReader {
  /** What a config file declares. */
  public record Parsed(Map<String, Object> global, List<Section> sections) {}

  /** Which statement opened a section. */
  public enum SectionKind {
    VIRTUAL_HOST,
    COMPONENT
  }

  /** One VirtualHost or Component section, in file order. */
  public record Section(
      String name, SectionKind kind, String module, Map<String, Object> options) {}

  private LuaConfigReader() {}

  public static Parsed read(Path file) throws IOException {
    return read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses config text.
   *
   * @throws IllegalArgumentException with the file name and line when the file is not valid
   */
  public static Parsed read(String text, String name) {
    Map<String, Object> global = new LinkedHashMap<>();
    List<Section> sections = new ArrayList<>();
    Map<String, Object>[] current = new Map[] {global};

    Globals g = new Globals();
    g.load(new JseBaseLib());
    g.load(new PackageLib()); // the libraries below register in package.loaded; removed again after
    g.load(new StringLib());
    g.load(new TableLib());
    g.load(new JseMathLib());
    LoadState.install(g);
    LuaC.install(g);
    for (String unsafe :
        List.of("dofile", "loadfile", "load", "require", "collectgarbage", "module", "package")) {
      g.set(unsafe, LuaValue.NIL);
    }

    g.set(
        "VirtualHost",
        new OneArgFunction() {
          @Override
          public LuaValue call(LuaValue arg) {
            Section s =
                new Section(
                    arg.checkjstring(), SectionKind.VIRTUAL_HOST, null, new LinkedHashMap<>());
            sections.add(s);
            current[0] = s.options();
            return LuaValue.NIL;
          }
        });
    g.set(
        "Component",
        new OneArgFunction() {
          @Override
          public LuaValue call(LuaValue arg) {
            String host = arg.checkjstring();
            Section s = new Section(host, SectionKind.COMPONENT, null, new LinkedHashMap<>());
            sections.add(s);
            current[0] = s.options();
            int index = sections.size() - 1;
            // Component "x" "muc": the section's value is called with the module name.
            return new OneArgFunction() {
              @Override
              public LuaValue call(LuaValue module) {
                Section old = sections.get(index);
                sections.set(
                    index,
                    new Section(old.name(), old.kind(), module.checkjstring(), old.options()));
                return LuaValue.NIL;
              }
            };
          }
        });
    g.set(
        "Include",
        new OneArgFunction() {
          @Override
          public LuaValue call(LuaValue arg) {
            throw new LuaError("Include is not supported; put everything in one file");
          }
        });

    // Global assignments in the file become options of the current section; reads see them too.
    LuaTable meta = new LuaTable();
    meta.set(
        LuaValue.NEWINDEX,
        new VarArgFunction() {
          @Override
          public Varargs invoke(Varargs args) {
            current[0].put(args.checkjstring(2), toJava(args.arg(3)));
            return LuaValue.NONE;
          }
        });
    meta.set(
        LuaValue.INDEX,
        new TwoArgFunction() {
          @Override
          public LuaValue call(LuaValue table, LuaValue key) {
            Object v = current[0].get(key.tojstring());
            if (v == null) {
              v = global.get(key.tojstring());
            }
            return v == null ? LuaValue.NIL : toLua(v);
          }
        });
    LuaTable env = new LuaTable();
    for (LuaValue k = g.next(LuaValue.NIL).arg1(); !k.isnil(); k = g.next(k).arg1()) {
      env.rawset(k, g.rawget(k));
    }
    env.setmetatable(meta);

    try {
      g.load(text, "@" + name, env).call();
    } catch (LuaError e) {
      throw new IllegalArgumentException("config " + e.getMessage(), e);
    }
    return new Parsed(global, sections);
  }

  static Object toJava(LuaValue v) {
    if (v.isnil()) {
      return null;
    }
    if (v.isboolean()) {
      return v.toboolean();
    }
    if (v.type() == LuaValue.TNUMBER) {
      double d = v.todouble();
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
    }
    if (v.isstring()) {
      return v.tojstring();
    }
    if (v.istable()) {
      LuaTable t = v.checktable();
      int n = t.length();
      boolean array = n > 0;
      int keys = 0;
      for (LuaValue k = t.next(LuaValue.NIL).arg1(); !k.isnil(); k = t.next(k).arg1()) {
        keys++;
      }
      if (array && keys == n) {
        List<Object> list = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          list.add(toJava(t.get(i)));
        }
        return list;
      }
      if (keys == 0) {
        return List.of();
      }
      Map<String, Object> map = new LinkedHashMap<>();
      for (Varargs kv = t.next(LuaValue.NIL); !kv.arg1().isnil(); kv = t.next(kv.arg1())) {
        map.put(kv.arg1().tojstring(), toJava(kv.arg(2)));
      }
      return map;
    }
    throw new LuaError("a config value cannot be a " + v.typename());
  }

  static LuaValue toLua(Object v) {
    if (v instanceof Boolean b) {
      return LuaValue.valueOf(b);
    }
    if (v instanceof Long l) {
      return LuaValue.valueOf(l.doubleValue());
    }
    if (v instanceof Number n) {
      return LuaValue.valueOf(n.doubleValue());
    }
    if (v instanceof List<?> l) {
      LuaTable t = new LuaTable();
      for (int i = 0; i < l.size(); i++) {
        t.set(i + 1, toLua(l.get(i)));
      }
      return t;
    }
    if (v instanceof Map<?, ?> m) {
      LuaTable t = new LuaTable();
      m.forEach((k, val) -> t.set(k.toString(), toLua(val)));
      return t;
    }
    return LuaValue.valueOf(v.toString());
  }
}
