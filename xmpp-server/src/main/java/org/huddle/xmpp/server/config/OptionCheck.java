package org.huddle.xmpp.server.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.huddle.xmpp.server.api.LuaConfigReader;
import org.huddle.xmpp.server.api.OptionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a config's options against the ones Huddle reads, the way an unknown Lua event name fails
 * a plugin: a value of the wrong type, or a name a letter or two away from a known option, stops
 * the server at start-up with the file, the option and what was expected. A name Huddle has no use
 * for is logged once and ignored, so a Jitsi config loads unchanged. The rule is in
 * docs/xmpp-server.md, "Options".
 */
public final class OptionCheck {
  private static final Logger LOG = LoggerFactory.getLogger(OptionCheck.class);

  private OptionCheck() {}

  /**
   * Checks the types of the declared options among {@code values}.
   *
   * @param origin where the values come from: the file's name, or "the environment"
   * @param section the section they sit in ({@code VirtualHost "x"}), or null for global ones
   * @throws IllegalArgumentException naming the origin, the option and the type expected
   */
  static void types(
      String origin, String section, Map<String, Object> values, Map<String, OptionSpec> specs) {
    values.forEach(
        (name, value) -> {
          OptionSpec spec = specs.get(name);
          if (spec != null && !spec.type().accepts(value)) {
            throw new IllegalArgumentException(
                origin
                    + ": option "
                    + name
                    + in(section)
                    + " must be "
                    + spec.type().expected()
                    + ", not "
                    + show(value));
          }
        });
  }

  /**
   * At start: checks the extensions' options' types, then every name the config file uses. A name
   * read neither by the server nor by an extension, and not among {@link ServerOptions#IGNORED},
   * fails when it is close to a known name, and is otherwise logged once at WARN.
   *
   * @throws IllegalArgumentException for a value of the wrong type or a misspelt name
   */
  public static void check(XmppConfig config, Collection<OptionSpec> extensionOptions) {
    Map<String, OptionSpec> extension = new LinkedHashMap<>();
    extensionOptions.forEach(s -> extension.put(s.name(), s));
    XmppConfig.File file = config.file();
    types(file.name(), null, file.global(), extension);
    for (LuaConfigReader.Section s : file.sections()) {
      types(file.name(), section(s), s.options(), extension);
    }

    Set<String> known = new LinkedHashSet<>(ServerOptions.READ.keySet());
    known.addAll(extension.keySet());
    Set<String> warned = new LinkedHashSet<>();
    names(file.name(), null, file.global().keySet(), known, warned);
    for (LuaConfigReader.Section s : file.sections()) {
      names(file.name(), section(s), s.options().keySet(), known, warned);
    }
  }

  private static void names(
      String origin, String section, Set<String> names, Set<String> known, Set<String> warned) {
    for (String name : names) {
      if (known.contains(name)) {
        continue;
      }
      if (ServerOptions.IGNORED.contains(name)) {
        LOG.debug(
            "{}: option {}{} is a Prosody/Jitsi option Huddle ignores", origin, name, in(section));
        continue;
      }
      String near = nearest(name, known);
      if (near != null) {
        throw new IllegalArgumentException(
            origin + ": unknown option " + name + in(section) + "; did you mean " + near + "?");
      }
      if (warned.add(name)) {
        LOG.warn(
            "{}: option {}{} is not one Huddle reads (nor a Lua plugin's it knows of); ignored",
            origin,
            name,
            in(section));
      }
    }
  }

  /**
   * The known name closest to {@code name}, if it is close enough to be a misspelling: at most one
   * edit for names under 8 characters, two for longer ones, and none below 4.
   */
  static String nearest(String name, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int allowed = k.length() < 4 ? 0 : k.length() < 8 ? 1 : 2;
      int d = distance(name, k);
      if (d <= allowed && d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }

  /**
   * The edit distance counting an insertion, a deletion, a substitution or a swap of neighbours as
   * one (optimal string alignment).
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  static String section(LuaConfigReader.Section s) {
    return switch (s.kind()) {
      case VIRTUAL_HOST -> "VirtualHost \"" + s.name() + "\"";
      case COMPONENT -> "Component \"" + s.name() + "\"";
    };
  }

  private static String in(String section) {
    return section == null ? "" : " (" + section + ")";
  }

  private static String show(Object value) {
    return value instanceof String s
        ? "\"" + s + "\""
        : value instanceof List<?>
            ? "a list"
            : value instanceof Map<?, ?> ? "a table" : String.valueOf(value);
  }
}
