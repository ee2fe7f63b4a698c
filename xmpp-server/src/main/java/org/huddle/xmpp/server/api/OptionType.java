package org.huddle.xmpp.server.api;

import java.util.List;
import java.util.Map;

/**
 * The kinds of value an option holds, as Prosody's {@code module:get_option_string}, {@code
 * _boolean}, {@code _integer}, {@code _period} and so on read them. A value is accepted exactly
 * when the matching {@link Options} getter reads it, so an option that passed the check at start-up
 * cannot fail where it is used.
 */
public enum OptionType {
  STRING("a string"),
  BOOLEAN("a boolean (true or false)"),
  INTEGER("a whole number"),
  PERIOD("a period: seconds, or a string with a unit (\"5 minutes\")"),
  SIZE("a size: bytes, or a string with a unit (\"256 KiB\")"),
  RATE("a rate: bytes per second, or a string ending in /s (\"8 MiB/s\")"),
  LIST("a list ({ \"a\"; \"b\" }) or a single value"),
  TABLE("a table ({ key = value })"),
  TABLES("a list of tables ({ { key = value }; ... })"),
  /** A value whose reader checks it itself ({@code restrict_room_creation}: true, "admin", ...). */
  ANY("any value");

  private final String expected;

  OptionType(String expected) {
    this.expected = expected;
  }

  /** What a value of this type looks like, for error messages: "a whole number". */
  public String expected() {
    return expected;
  }

  /** Whether a config value (as {@link LuaConfigReader} or the environment gives it) fits. */
  public boolean accepts(Object value) {
    if (value == null) {
      return true;
    }
    Options one = new Options(Map.of("v", value), null);
    try {
      return switch (this) {
        case STRING -> value instanceof String || value instanceof Number;
        case BOOLEAN -> {
          one.bool("v", false);
          yield true;
        }
        case INTEGER ->
            value instanceof Number n ? n.doubleValue() == Math.rint(n.doubleValue()) : parses(one);
        case PERIOD -> one.duration("v", null) != null;
        case SIZE -> one.bytes("v", null) >= 0;
        case RATE -> one.rate("v", null) >= 0;
        case LIST ->
            value instanceof List<?> l
                ? l.stream().noneMatch(x -> x instanceof List<?> || x instanceof Map<?, ?>)
                : value instanceof String || value instanceof Number;
        case TABLE -> value instanceof Map<?, ?> || value instanceof List<?> l && l.isEmpty();
        case TABLES ->
            value instanceof List<?> l && l.stream().allMatch(x -> x instanceof Map<?, ?>);
        case ANY -> true;
      };
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean parses(Options one) {
    one.number("v", 0);
    return true;
  }
}
