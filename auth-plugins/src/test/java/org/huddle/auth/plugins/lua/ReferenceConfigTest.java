package org.huddle.auth.plugins.lua;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.huddle.auth.plugins.PluginOptions;
import org.huddle.auth.plugins.PluginSettings;
import org.huddle.lua.Sandbox;
import org.huddle.lua.SandboxLimits;
import org.huddle.xmpp.server.api.LuaConfigReader;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The commented reference file says what the code does: every default the Java code and the shipped
 * plugins use, and every environment variable beside its option.
 */
class ReferenceConfigTest {
  static final String FILE = "huddle-plugins.reference.cfg.lua";
  static final List<String> SHIPPED =
      List.of(
          "public_rooms", "private_rooms", "other_rooms", "token_verification", "wait_for_host");

  static String text(String resource) throws IOException {
    try (InputStream in =
        ReferenceConfigTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Runs a shipped plugin with a stand-in module that records each option and its default. */
  static Map<String, Object> optionsReadBy(String plugin) throws IOException {
    Map<String, Object> seen = new LinkedHashMap<>();
    Sandbox sb = new Sandbox(new SandboxLimits(100_000, 8 << 20, 1 << 20));
    LuaTable module = new LuaTable();
    for (String getter :
        List.of(
            "get_option",
            "get_option_string",
            "get_option_number",
            "get_option_integer",
            "get_option_boolean",
            "get_option_array",
            "get_option_period")) {
      module.set(
          getter,
          LuaValues.method(
              a -> {
                seen.put(a.checkjstring(1), LuaValues.toJava(a.arg(2)));
                return a.arg(2);
              }));
    }
    module.set(
        "get_option_set",
        LuaValues.method(
            a -> {
              seen.put(a.checkjstring(1), LuaValues.toJava(a.arg(2)));
              return ModuleApi.set(java.util.Set.of());
            }));
    LuaValue nothing = LuaValues.function(a -> LuaValue.NONE);
    LuaTable stub = new LuaTable();
    stub.set("get", LuaValues.function(a -> LuaValue.NIL));
    module.set("hook", nothing);
    module.set("log", nothing);
    module.set("open_store", LuaValues.function(a -> stub));
    module.set("open_counter", LuaValues.function(a -> stub));
    sb.globals().set("module", module);
    sb.globals()
        .set(
            "require",
            LuaValues.function(
                a -> a.checkjstring(1).equals("util.jid") ? JidLibrary.create() : new LuaTable()));
    LuaValue chunk = sb.compile(text("plugins/" + plugin + ".lua"), plugin + ".lua");
    sb.run(1, () -> chunk.call());
    return seen;
  }

  static Object normal(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof Map<?, ?> m && m.isEmpty()) {
      return List.of();
    }
    return v;
  }

  @Test
  void holdsEveryDefaultOfTheCodeAndTheShippedPlugins() throws IOException {
    Map<String, Object> expected = new LinkedHashMap<>(PluginSettings.DEFAULTS);
    for (String plugin : SHIPPED) {
      expected.putAll(optionsReadBy(plugin));
    }
    String text = text(FILE);
    Map<String, Object> reference = LuaConfigReader.read(text, FILE).global();
    expected.forEach(
        (name, value) -> {
          if (value == null) {
            assertThat(reference).as(name + " has no default").doesNotContainKey(name);
            assertThat(text).as(name + " is documented").contains("-- " + name + " = ");
          } else {
            assertThat(normal(reference.get(name))).as(name).isEqualTo(normal(value));
          }
        });
    assertThat(expected.keySet())
        .as("no stale options in the file")
        .containsAll(reference.keySet());
  }

  @Test
  void theRoomPolicyFileMaySetEveryOptionTheRoomPluginsReadAndNoOther() throws IOException {
    java.util.Set<String> read = new java.util.HashSet<>();
    for (String plugin : SHIPPED) {
      read.addAll(optionsReadBy(plugin).keySet());
    }
    // ENABLE_GUESTS must agree with the focus, which does not read the file: not a live knob.
    read.remove("allow_guests");
    assertThat(PluginSettings.roomPolicyOptions()).containsExactlyInAnyOrderElementsOf(read);
  }

  /**
   * The server checks the declared options' types at start and takes names near them for typos, so
   * the list must be exactly what the file documents, and each documented value must fit.
   */
  @Test
  void declaresEveryDocumentedOptionWithATypeItsValueFits() throws IOException {
    String text = text(FILE);
    java.util.Set<String> documented = new java.util.TreeSet<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^(?:-- )?([a-z_]+) = ").matcher(text);
    while (m.find()) {
      documented.add(m.group(1));
    }
    Map<String, org.huddle.xmpp.server.api.OptionSpec> declared = new LinkedHashMap<>();
    PluginOptions.DECLARED.forEach(o -> declared.put(o.name(), o));
    assertThat(declared.keySet()).containsExactlyInAnyOrderElementsOf(documented);
    for (String plugin : SHIPPED) {
      assertThat(declared.keySet()).as(plugin).containsAll(optionsReadBy(plugin).keySet());
    }
    assertThat(declared.keySet()).containsAll(PluginSettings.variables().values());
    LuaConfigReader.read(text, FILE)
        .global()
        .forEach(
            (name, value) ->
                assertThat(declared.get(name).type().accepts(value))
                    .as(name + " = " + value + " is " + declared.get(name).type().expected())
                    .isTrue());
  }

  @Test
  void namesEachEnvironmentVariableBesideItsOption() throws IOException {
    List<String> lines = text(FILE).lines().toList();
    PluginSettings.variables()
        .forEach(
            (variable, option) ->
                assertThat(lines)
                    .as(variable + " beside " + option)
                    .anyMatch(l -> l.contains(option + " = ") && l.contains(variable)));
  }
}
