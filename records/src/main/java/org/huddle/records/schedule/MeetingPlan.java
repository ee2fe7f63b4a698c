package org.huddle.records.schedule;

import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an organizer asks for, checked: a room name as Huddle's links take it, a title, a span that
 * ends after it begins and lasts at most a day, the organizer's address and at most 200 invitees,
 * each a plausible e-mail address. A bad field throws {@link IllegalArgumentException} naming it.
 */
public record MeetingPlan(
    String room,
    String title,
    Instant beginsAt,
    Instant endsAt,
    String organizer,
    List<String> invitees) {
  /**
   * Room names as the web app takes them: letters of any script, digits and combining marks, then
   * also '.', '-' and '_' (web/frontend/app/js/room-name.js); lower case and composed (NFC).
   */
  private static final Pattern ROOM =
      Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}\\p{M}._-]{0,79}");

  /** A practical address check: one @, no spaces or angle brackets, a dot in the domain. */
  private static final Pattern EMAIL =
      Pattern.compile("[^@\\s<>\"(),;:]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

  static final int MAX_INVITEES = 200;
  static final Duration MAX_LENGTH = Duration.ofHours(24);

  public MeetingPlan {
    room =
        room == null
            ? ""
            : Normalizer.normalize(room.trim(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    if (!ROOM.matcher(room).matches()) {
      throw new IllegalArgumentException(
          "room: letters (any script), digits, '.', '-' and '_', starting with a letter or digit,"
              + " at most 80");
    }
    title = title == null ? "" : title.strip();
    if (title.isEmpty() || title.length() > 500 || title.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException("title: 1 to 500 characters on one line");
    }
    if (beginsAt == null || endsAt == null) {
      throw new IllegalArgumentException("begin and end: both are needed");
    }
    if (!endsAt.isAfter(beginsAt)) {
      throw new IllegalArgumentException("end: must be after begin");
    }
    if (Duration.between(beginsAt, endsAt).compareTo(MAX_LENGTH) > 0) {
      throw new IllegalArgumentException("end: a meeting lasts at most 24 hours");
    }
    organizer = email("organizer", organizer);
    Set<String> unique = new LinkedHashSet<>();
    for (String i : invitees == null ? List.<String>of() : invitees) {
      unique.add(email("invitees", i));
    }
    if (unique.size() > MAX_INVITEES) {
      throw new IllegalArgumentException("invitees: at most " + MAX_INVITEES);
    }
    invitees = List.copyOf(new ArrayList<>(unique));
  }

  /**
   * {@code value} trimmed, when it is a plain e-mail address (no display name, no header
   * injection); else an IllegalArgumentException naming {@code field}.
   */
  public static String email(String field, String value) {
    String v = value == null ? "" : value.trim();
    if (v.length() > 320 || !EMAIL.matcher(v).matches()) {
      throw new IllegalArgumentException(
          field
              + ": not an e-mail address: '"
              + (v.length() > 60 ? v.substring(0, 60) + "…" : v)
              + "'");
    }
    return v;
  }
}
