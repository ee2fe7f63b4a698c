package org.huddle.common.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses settings values the way operators write them: durations with units ("10 seconds", "5 min",
 * "250ms"), sizes with units ("256 KiB", "10kb"), and booleans as docker-jitsi-meet's templates
 * accept them ("1", "true", "yes").
 *
 * <p>Every role builds its typed config from defaults, then a file, then the environment; this
 * class holds the parsing rules they share, so "10 seconds" means the same thing everywhere.
 */
public final class Settings {
  private static final Pattern QUANTITY =
      Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([a-zA-Z]*)\\s*");

  private Settings() {}

  /**
   * Parses a duration. A bare number is seconds, as in Prosody's options.
   *
   * @throws IllegalArgumentException naming the value, when it is not a duration
   */
  public static Duration duration(String value) {
    Matcher m = QUANTITY.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: '" + value + "' (try \"10 seconds\")");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    double millis =
        switch (unit) {
          case "ms", "millis", "millisecond", "milliseconds" -> n;
          case "", "s", "sec", "secs", "second", "seconds" -> n * 1_000;
          case "m", "min", "mins", "minute", "minutes" -> n * 60_000;
          case "h", "hour", "hours" -> n * 3_600_000;
          case "d", "day", "days" -> n * 86_400_000;
          default -> throw new IllegalArgumentException("unknown duration unit in '" + value + "'");
        };
    return Duration.ofMillis(Math.round(millis));
  }

  /**
   * Parses a size in bytes. Both decimal (kB, MB) and binary (KiB, MiB) units are accepted; "k" and
   * "kb" are read as 1024, as Prosody reads them.
   */
  public static long bytes(String value) {
    Matcher m = QUANTITY.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size: '" + value + "' (try \"256 KiB\")");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    double factor =
        switch (unit) {
          case "", "b", "byte", "bytes" -> 1;
          case "k", "kb", "kib" -> 1024;
          case "m", "mb", "mib" -> 1024 * 1024;
          case "g", "gb", "gib" -> 1024 * 1024 * 1024;
          default -> throw new IllegalArgumentException("unknown size unit in '" + value + "'");
        };
    return Math.round(n * factor);
  }

  /**
   * Parses a boolean as docker-jitsi-meet's {@code toBool} does: 1/true/yes/on are true,
   * 0/false/no/off false.
   */
  public static boolean bool(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "1", "true", "yes", "on" -> true;
      case "0", "false", "no", "off", "" -> false;
      default -> throw new IllegalArgumentException("not a boolean: '" + value + "'");
    };
  }

  /**
   * Splits a comma-separated list, trimming and dropping empty items, as docker-jitsi-meet's
   * templates do.
   */
  public static List<String> list(String value) {
    return java.util.Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /**
   * A read-only view of environment variables. Tests pass their own map; roles use {@link
   * #system()}.
   *
   * @param vars the variables
   */
  public record Env(Map<String, String> vars) {
    public static Env system() {
      return new Env(System.getenv());
    }

    public static Env of(Map<String, String> vars) {
      return new Env(Map.copyOf(vars));
    }

    /** The variable's value, or empty when it is unset or blank. */
    public Optional<String> get(String name) {
      String v = vars.get(name);
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** The variable parsed, with the variable's name added to any parse error. */
    public <T> Optional<T> get(String name, Function<String, T> parser) {
      return get(name)
          .map(
              v -> {
                try {
                  return parser.apply(v);
                } catch (RuntimeException e) {
                  throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
                }
              });
    }
  }
}
