package org.huddle.xmpp.server.api;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.huddle.common.config.Settings;

/**
 * Options as a Prosody config file holds them: names to values (strings, numbers, booleans, lists,
 * tables). A host's options fall back to the global ones, as Prosody's {@code module:get_option}
 * does.
 *
 * <p>Typed getters read units where they are used ({@code duration("c2s_timeout", "90 seconds")}),
 * so the unit sits next to the default.
 */
public final class Options {
  private final Map<String, Object> values;
  private final Options parent;

  public Options(Map<String, Object> values, Options parent) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.parent = parent;
  }

  public static Options empty() {
    return new Options(Map.of(), null);
  }

  /** The raw value: this level's, else the parent's, else null. */
  public Object raw(String name) {
    Object v = values.get(name);
    if (v == null && parent != null) {
      return parent.raw(name);
    }
    return v;
  }

  /** Only this level's own values, without the parent's. */
  public Map<String, Object> own() {
    return values;
  }

  public Options parent() {
    return parent;
  }

  /** These options with some values replaced. */
  public Options with(Map<String, Object> changes) {
    Map<String, Object> m = new LinkedHashMap<>(values);
    m.putAll(changes);
    return new Options(m, parent);
  }

  /** These options under another parent. */
  public Options withParent(Options newParent) {
    return new Options(values, newParent);
  }

  public String string(String name, String fallback) {
    Object v = raw(name);
    return v == null ? fallback : v.toString();
  }

  public boolean bool(String name, boolean fallback) {
    Object v = raw(name);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    return wrap(name, () -> Settings.bool(v.toString()));
  }

  public long number(String name, long fallback) {
    Object v = raw(name);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    return wrap(name, () -> Long.parseLong(v.toString().trim()));
  }

  /** A duration; numbers are seconds, strings may carry units ("5 minutes"). */
  public Duration duration(String name, String fallback) {
    Object v = raw(name);
    String s = v == null ? fallback : v.toString();
    if (v instanceof Number n) {
      return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
    }
    return wrap(name, () -> Settings.duration(s));
  }

  /** A size in bytes; numbers are bytes, strings may carry units ("256 KiB"). */
  public long bytes(String name, String fallback) {
    Object v = raw(name);
    if (v instanceof Number n) {
      return n.longValue();
    }
    String s = v == null ? fallback : v.toString();
    return wrap(name, () -> Settings.bytes(s));
  }

  /**
   * A quantity per second as Prosody writes rates ({@code "10kb/s"}, {@code "8 MiB/s"}), in the
   * units of {@link #bytes}; a number is per second.
   */
  public long rate(String name, String fallback) {
    Object v = raw(name);
    if (v instanceof Number n) {
      return n.longValue();
    }
    String s = (v == null ? fallback : v.toString()).trim();
    return wrap(
        name,
        () -> {
          if (!s.endsWith("/s")) {
            throw new IllegalArgumentException("not a rate: '" + s + "' (try \"8 MiB/s\")");
          }
          return Settings.bytes(s.substring(0, s.length() - 2).trim());
        });
  }

  /** A list of strings; a single string is a list of one. */
  public List<String> list(String name) {
    Object v = raw(name);
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> l) {
      return l.stream().map(Object::toString).toList();
    }
    return List.of(v.toString());
  }

  /** A table option (such as {@code ssl = { key = ..., certificate = ... }}). */
  @SuppressWarnings("unchecked")
  public Map<String, Object> table(String name) {
    Object v = raw(name);
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static <T> T wrap(String name, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("option " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
