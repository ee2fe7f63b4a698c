package org.huddle.focus.source;

import java.util.Locale;

/** The two media a source carries. */
public enum MediaType {
  AUDIO,
  VIDEO;

  /** The wire name, {@code audio} or {@code video}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code audio} or {@code video}; null for anything else. */
  public static MediaType parse(String s) {
    if ("audio".equals(s)) {
      return AUDIO;
    }
    if ("video".equals(s)) {
      return VIDEO;
    }
    return null;
  }
}
