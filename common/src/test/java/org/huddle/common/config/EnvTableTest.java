package org.huddle.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.huddle.common.config.Settings.Env;
import org.junit.jupiter.api.Test;

class EnvTableTest {
  static final EnvTable TABLE =
      EnvTable.builder("role.")
          .text("ROLE_HOST", "xmpp.host", "component.host")
          .integer("ROLE_PORT", "xmpp.port")
          .bool("ROLE_TCP_DISABLED", "ice.tcp-disabled")
          .value("ROLE_REST", Settings::bool, on -> on ? "0.0.0.0" : null, "http.host")
          .list("PUBLIC_ROOMS", "rooms")
          .list("ROLE_PUBLIC_ROOMS", "rooms")
          .rule(
              List.of("ROLE_A", "ROLE_B"),
              List.of("joined"),
              (env, keys) -> {
                if (env.get("ROLE_A").isPresent() || env.get("ROLE_B").isPresent()) {
                  keys.put("joined", env.get("ROLE_A").orElse("a") + env.get("ROLE_B").orElse("b"));
                }
              })
          .build();

  static Config apply(Map<String, String> vars) {
    return TABLE.apply(Env.of(vars));
  }

  @Test
  void setsOnlyTheKeysOfVariablesThatAreSet() {
    Config c = apply(Map.of("ROLE_HOST", "xmpp.example", "ROLE_PORT", "5269", "UNRELATED", "x"));
    assertThat(c.getString("role.xmpp.host")).isEqualTo("xmpp.example");
    assertThat(c.getString("role.component.host")).isEqualTo("xmpp.example");
    assertThat(c.getInt("role.xmpp.port")).isEqualTo(5269);
    assertThat(c.root().keySet()).containsExactly("role");
    assertThat(c.getConfig("role").entrySet()).hasSize(3);
    assertThat(apply(Map.of()).isEmpty()).isTrue();
  }

  @Test
  void aLaterRowWinsAndAConversionToNullSetsNothing() {
    assertThat(apply(Map.of("PUBLIC_ROOMS", "a, b")).getStringList("role.rooms"))
        .containsExactly("a", "b");
    assertThat(
            apply(Map.of("PUBLIC_ROOMS", "a", "ROLE_PUBLIC_ROOMS", "c"))
                .getStringList("role.rooms"))
        .containsExactly("c");
    assertThat(apply(Map.of("ROLE_REST", "true")).getString("role.http.host")).isEqualTo("0.0.0.0");
    assertThat(apply(Map.of("ROLE_REST", "false")).hasPath("role.http.host")).isFalse();
    assertThat(apply(Map.of("ROLE_TCP_DISABLED", "yes")).getBoolean("role.ice.tcp-disabled"))
        .isTrue();
  }

  @Test
  void aRuleReadsSeveralVariables() {
    assertThat(apply(Map.of("ROLE_B", "x")).getString("role.joined")).isEqualTo("ax");
    assertThat(apply(Map.of()).hasPath("role.joined")).isFalse();
  }

  @Test
  void aBadValueIsNamedWithItsVariable() {
    assertThatThrownBy(() -> apply(Map.of("ROLE_PORT", "eighty")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ROLE_PORT: ");
    assertThatThrownBy(() -> apply(Map.of("ROLE_TCP_DISABLED", "maybe")))
        .hasMessageContaining("ROLE_TCP_DISABLED");
  }

  @Test
  void listsEveryVariableOnceInOrderAndRendersThemWithTheirDefaults() {
    assertThat(TABLE.variables())
        .containsExactly(
            "ROLE_HOST",
            "ROLE_PORT",
            "ROLE_TCP_DISABLED",
            "ROLE_REST",
            "PUBLIC_ROOMS",
            "ROLE_PUBLIC_ROOMS",
            "ROLE_A",
            "ROLE_B");
    Config reference =
        ConfigFactory.parseString(
            "role { xmpp { host = localhost, port = 5222 }, rooms = [\"standup\"], joined = \"\" }");
    String md = TABLE.markdown(reference);
    assertThat(md)
        .startsWith("| variable | sets | default |\n|---|---|---|\n")
        .contains("| `ROLE_HOST` | `role.xmpp.host`, `role.component.host` | `localhost`, none |\n")
        .contains("| `ROLE_PORT` | `role.xmpp.port` | `5222` |\n")
        .contains("| `PUBLIC_ROOMS` | `role.rooms` | `[standup]` |\n")
        .contains("| `ROLE_B` | `role.joined` | empty |\n")
        .contains("| `ROLE_REST` | `role.http.host` | none |\n");
    assertThat(md.lines().count()).isEqualTo(2 + 8);
  }

  @Test
  void theSettingsDocumentIsEditedBySection() {
    String doc = "# S\n<!-- begin role -->\nold\n<!-- end role -->\ntail\n";
    assertThat(SettingsDoc.section(doc, "role")).isEqualTo("old\n");
    assertThat(SettingsDoc.replace(doc, "role", "new\n"))
        .isEqualTo("# S\n<!-- begin role -->\nnew\n<!-- end role -->\ntail\n");
    assertThatThrownBy(() -> SettingsDoc.section(doc, "other"))
        .hasMessageContaining("no section 'other'");
  }

  @Test
  void aRoleWhoseTableDiffersFromTheDocumentFailsNamingTheLine() {
    // common has no section in docs/settings.md: the check names the missing section.
    assertThatThrownBy(() -> SettingsDoc.verify("common", TABLE, ConfigFactory.empty()))
        .hasMessageContaining("no section 'common'");
  }
}
