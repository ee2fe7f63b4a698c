package org.huddle.auth.plugins;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huddle.common.config.Settings;
import org.huddle.xmpp.server.api.LuaConfigReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's room-policy file ({@code room_policy_file}): a Prosody-style file holding only the
 * options the room plugins read. Its values win over the main config and the environment for those
 * options, and it is read again when it changes, so a new public room or a changed fixed password
 * takes effect without a restart.
 *
 * <p>It is polled rather than watched: the file usually sits in a bind-mounted folder, where an
 * editor's replace-by-rename or a change made on the Docker host is not always reported to a watch
 * inside the container. A change is applied once two reads in a row agree, so a file caught halfway
 * through a write is not taken for the new policy. A file that does not parse, or sets an option
 * that is not a room-policy option or a value of the wrong kind, is logged (file, line, reason) and
 * the last good policy stays in force. At start, such a file stops the server: running with a
 * policy other than the one written (a named private room without its fixed password, open to
 * whoever comes first) would be worse than not running.
 */
final class RoomPolicyFile implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RoomPolicyFile.class);
  static final long POLL_MILLIS = 1_000;
  private static final long MAX_BYTES = 1 << 20;

  /** Stands for an unreadable file among the texts read (no text file starts with NUL). */
  private static final String UNREADABLE = "\0unreadable: ";

  private static final Set<String> LISTS = Set.of("public_rooms", "token_verification_allowlist");
  private static final Set<String> STRINGS =
      Set.of("private_room_prefix", "private_room_default_password", "other_rooms_access");
  private static final Set<String> PERIODS =
      Set.of("private_room_failure_window", "private_room_password_ttl");

  /** The options the shipped room plugins read: the only ones the file may set. */
  static final Set<String> OPTIONS =
      Set.of(
          "public_rooms",
          "private_room_prefix",
          "private_room_passwords",
          "private_room_default_password",
          "private_room_max_failures",
          "private_room_failure_window",
          "private_room_password_ttl",
          "other_rooms_access",
          "token_verification_allowlist");

  private final Path file;
  private volatile Map<String, Object> options;
  private String seen;
  private String pending;
  private ScheduledFuture<?> task;

  private RoomPolicyFile(Path file, Map<String, Object> options, String seen) {
    this.file = file;
    this.options = options;
    this.seen = seen;
  }

  /**
   * Reads the file for the first time. A missing file is no policy (it is picked up when it
   * appears).
   *
   * @throws IllegalArgumentException naming the file and line, when the file is not valid
   */
  static RoomPolicyFile open(Path file) throws IOException {
    String text = read(file);
    if (text == null) {
      LOG.warn(
          "room policy file {} does not exist; the main config's room policy applies until it"
              + " appears",
          file);
      return new RoomPolicyFile(file, Map.of(), null);
    }
    Map<String, Object> options = parse(text, file.toString());
    LOG.info("room policy file {} loaded: {}", file, describe(options));
    return new RoomPolicyFile(file, options, text);
  }

  /** The options the file sets (the last good version). */
  Map<String, Object> options() {
    return options;
  }

  /** Starts checking the file; {@code onChange} runs (on {@code blocking}) after a new policy. */
  synchronized void watch(ScheduledExecutorService timer, Executor blocking, Runnable onChange) {
    task =
        timer.scheduleWithFixedDelay(
            () -> blocking.execute(() -> check(onChange)),
            POLL_MILLIS,
            POLL_MILLIS,
            TimeUnit.MILLISECONDS);
  }

  private synchronized void check(Runnable onChange) {
    String now;
    try {
      now = read(file);
    } catch (IOException e) {
      now = UNREADABLE + e.getMessage();
    }
    if (Objects.equals(now, seen)) {
      pending = null;
      return;
    }
    if (!Objects.equals(now, pending)) {
      pending = now; // a write may be under way; act when the next read agrees
      return;
    }
    pending = null;
    seen = now;
    if (now == null) {
      LOG.warn("room policy file {} is gone; the last good policy stays in force", file);
      return;
    }
    try {
      if (now.startsWith(UNREADABLE)) {
        throw new IllegalArgumentException(
            file + ": cannot be read: " + now.substring(UNREADABLE.length()));
      }
      options = parse(now, file.toString());
    } catch (IllegalArgumentException e) {
      LOG.error(
          "room policy file {} is not valid: {}; the last good policy stays in force",
          file,
          e.getMessage());
      return;
    }
    LOG.info("room policy file {} changed: {}", file, describe(options));
    try {
      onChange.run();
    } catch (RuntimeException e) {
      LOG.warn("applying the changed room policy failed", e);
    }
  }

  private static String read(Path file) throws IOException {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new IOException("larger than " + MAX_BYTES + " bytes");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * Parses and checks a policy file's text.
   *
   * @throws IllegalArgumentException "name:line: reason"
   */
  static Map<String, Object> parse(String text, String name) {
    LuaConfigReader.Parsed parsed;
    try {
      parsed = LuaConfigReader.read(text, name);
    } catch (IllegalArgumentException e) {
      // "config <name>:<line>: <reason> near '<token>'": the token may be part of a password.
      String m = e.getMessage().replaceFirst("^config ", "");
      throw new IllegalArgumentException(m.replaceAll("\\s+near '.*$", ""), e);
    }
    if (!parsed.sections().isEmpty()) {
      throw new IllegalArgumentException(
          name
              + ":"
              + line(text, "(?:VirtualHost|Component)\\b")
              + ": VirtualHost and Component sections belong in the main config, not here");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    parsed
        .global()
        .forEach(
            (option, value) -> {
              String where = name + ":" + line(text, Pattern.quote(option) + "\\s*=") + ": ";
              if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException(
                    where + option + " is not a room-policy option; allowed: " + OPTIONS);
              }
              try {
                out.put(option, checked(option, value));
              } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + option + ": " + e.getMessage(), e);
              }
            });
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The value if it is of the option's kind; the message never holds a password. */
  private static Object checked(String option, Object value) {
    if (LISTS.contains(option)) {
      if (value instanceof String s) {
        return Settings.list(s);
      }
      if (value instanceof List<?> l && l.stream().allMatch(String.class::isInstance)) {
        return l;
      }
      throw new IllegalArgumentException("expected a list of names: { \"a\", \"b\" }");
    }
    if (option.equals("private_room_passwords")) {
      if (value instanceof List<?> l && l.isEmpty()) {
        return Map.of();
      }
      if (value instanceof Map<?, ?> m && m.values().stream().allMatch(String.class::isInstance)) {
        return value;
      }
      throw new IllegalArgumentException(
          "expected passwords as text by room name: { [\"private-board\"] = \"...\" }");
    }
    if (option.equals("private_room_max_failures")) {
      if (value instanceof Long n && n >= 0) {
        return value;
      }
      throw new IllegalArgumentException("expected a whole number");
    }
    if (PERIODS.contains(option)) {
      if (!(value instanceof Number)) {
        Settings.duration(String.valueOf(value));
      }
      return value;
    }
    if (STRINGS.contains(option) && value instanceof String s) {
      if (option.equals("other_rooms_access") && !s.equals("open") && !s.equals("authenticated")) {
        throw new IllegalArgumentException(
            "expected \"open\" or \"authenticated\", not \"" + s + "\"");
      }
      return value;
    }
    throw new IllegalArgumentException("expected text in quotes");
  }

  /** The line of the first match, or "?" (the reader keeps no line numbers for values). */
  private static String line(String text, String regex) {
    Matcher m = Pattern.compile("(?m)^[ \\t]*" + regex).matcher(text);
    if (!m.find()) {
      return "?";
    }
    return String.valueOf(text.substring(0, m.start()).split("\n", -1).length);
  }

  /** What the policy sets, without passwords. */
  private static String describe(Map<String, Object> options) {
    if (options.isEmpty()) {
      return "no room-policy options (the main config's apply)";
    }
    Map<String, Object> shown = new LinkedHashMap<>(options);
    if (shown.get("private_room_passwords") instanceof Map<?, ?> m) {
      shown.put("private_room_passwords", "fixed passwords for " + m.keySet());
    }
    if (shown.containsKey("private_room_default_password")) {
      shown.put("private_room_default_password", "(set)");
    }
    return shown.toString();
  }

  @Override
  public synchronized void close() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
