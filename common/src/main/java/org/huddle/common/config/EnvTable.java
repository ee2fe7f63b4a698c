package org.huddle.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.huddle.common.config.Settings.Env;

/**
 * A role's environment variables as one declarative table: each row names a variable (with
 * docker-jitsi-meet's name where it has one), how its value is parsed, and the config keys it sets.
 * The table turns an environment into a config layer that goes over the file and the reference
 * defaults, and it lists its variables, so a test can check that each one is documented.
 *
 * <p>Rows apply in order, so a later row wins where two set one key: list a fallback (docker-jitsi-
 * meet's {@code PUBLIC_ROOMS}) before the variable that overrides it ({@code HUDDLE_PUBLIC_ROOMS}).
 * A parse error names the variable. Anything a row cannot say (one variable setting keys only under
 * a condition, two variables making one value) is a {@linkplain Builder#rule rule}, which still
 * lists the variables it reads.
 */
public final class EnvTable {
  private final String prefix;
  private final List<Row> rows;

  private EnvTable(String prefix, List<Row> rows) {
    this.prefix = prefix;
    this.rows = List.copyOf(rows);
  }

  /**
   * Starts a table whose keys are written under {@code prefix} (such as {@code "videobridge."}).
   */
  public static Builder builder(String prefix) {
    return new Builder(prefix);
  }

  /** The config layer the environment gives: only the keys its set variables name. */
  public Config apply(Env env) {
    Map<String, Object> out = new HashMap<>();
    for (Row row : rows) {
      row.apply(env, new Keys(prefix, out));
    }
    return ConfigFactory.parseMap(out, "environment");
  }

  /** Every variable the table reads, in the table's order. */
  public Set<String> variables() {
    Set<String> names = new LinkedHashSet<>();
    for (Row row : rows) {
      names.addAll(row.variables());
    }
    return names;
  }

  /**
   * The table as Markdown, for the settings reference in {@code docs/}: one line per variable, with
   * the keys it sets and each key's default from {@code reference} (the role's reference config),
   * in the table's order.
   */
  public String markdown(Config reference) {
    StringBuilder out = new StringBuilder("| variable | sets | default |\n|---|---|---|\n");
    Set<String> seen = new LinkedHashSet<>();
    for (Row row : rows) {
      for (String variable : row.variables()) {
        if (!seen.add(variable)) {
          continue;
        }
        List<String> keys = new ArrayList<>();
        List<String> defaults = new ArrayList<>();
        for (Row r : rows) {
          if (r.variables().contains(variable)) {
            for (String key : r.keys()) {
              keys.add("`" + prefix + key + "`");
              defaults.add(defaultOf(reference, prefix + key));
            }
          }
        }
        out.append("| `")
            .append(variable)
            .append("` | ")
            .append(String.join(", ", keys))
            .append(" | ")
            .append(String.join(", ", defaults))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  /** A key's default as the table shows it: none, empty, or its value as HOCON writes it. */
  private static String defaultOf(Config reference, String path) {
    if (!reference.hasPathOrNull(path) || reference.getIsNull(path)) {
      return "none";
    }
    ConfigValue v = reference.getValue(path);
    String text =
        v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped() : v.render(RENDER);
    return text.isEmpty() ? "empty" : "`" + text + "`";
  }

  private static final ConfigRenderOptions RENDER = ConfigRenderOptions.concise().setJson(false);

  /** The keys a rule writes, relative to the table's prefix. */
  public static final class Keys {
    private final String prefix;
    private final Map<String, Object> out;

    Keys(String prefix, Map<String, Object> out) {
      this.prefix = prefix;
      this.out = out;
    }

    /** Sets a key (relative to the prefix). */
    public void put(String key, Object value) {
      out.put(prefix + key, value);
    }
  }

  private interface Row {
    void apply(Env env, Keys keys);

    List<String> variables();

    List<String> keys();
  }

  private record Simple<T>(
      String name, Function<String, T> parser, Function<? super T, ?> convert, List<String> keys)
      implements Row {
    @Override
    public void apply(Env env, Keys out) {
      env.get(name, parser)
          .map(convert)
          .ifPresent(
              v -> {
                for (String key : keys) {
                  out.put(key, v);
                }
              });
    }

    @Override
    public List<String> variables() {
      return List.of(name);
    }
  }

  private record Rule(List<String> variables, List<String> keys, BiConsumer<Env, Keys> rule)
      implements Row {
    @Override
    public void apply(Env env, Keys out) {
      rule.accept(env, out);
    }
  }

  /** Builds a table, row by row. */
  public static final class Builder {
    private final String prefix;
    private final List<Row> rows = new ArrayList<>();

    private Builder(String prefix) {
      this.prefix = prefix;
    }

    /** A variable whose value, as it is written, sets these keys. */
    public Builder text(String name, String... keys) {
      return value(name, Function.identity(), keys);
    }

    /** A variable whose value, parsed, sets these keys. */
    public <T> Builder value(String name, Function<String, T> parser, String... keys) {
      return value(name, parser, Function.identity(), keys);
    }

    /**
     * A variable whose value, parsed and converted, sets these keys; a conversion that gives null
     * sets nothing.
     */
    public <T> Builder value(
        String name, Function<String, T> parser, Function<? super T, ?> convert, String... keys) {
      if (keys.length == 0) {
        throw new IllegalArgumentException(name + " sets no key");
      }
      rows.add(new Simple<>(name, parser, convert, List.of(keys)));
      return this;
    }

    /** A whole number. */
    public Builder integer(String name, String... keys) {
      return value(name, Integer::parseInt, keys);
    }

    /** A boolean as docker-jitsi-meet writes it ({@link Settings#bool}). */
    public Builder bool(String name, String... keys) {
      return value(name, Settings::bool, keys);
    }

    /** A comma-separated list ({@link Settings#list}). */
    public Builder list(String name, String... keys) {
      return value(name, Settings::list, keys);
    }

    /** What a row cannot say, reading these variables and setting (some of) these keys. */
    public Builder rule(List<String> variables, List<String> keys, BiConsumer<Env, Keys> rule) {
      rows.add(new Rule(List.copyOf(variables), List.copyOf(keys), rule));
      return this;
    }

    public EnvTable build() {
      return new EnvTable(prefix, rows);
    }
  }
}
