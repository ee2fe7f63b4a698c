package org.huddle.xmpp.server.api;

import java.util.Locale;

/** XEP-0045 §5.1: an occupant's role, which lasts as long as its visit. */
public enum Role {
  NONE,
  VISITOR,
  PARTICIPANT,
  MODERATOR;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named on the wire, or null. */
  public static Role of(String value) {
    for (Role r : values()) {
      if (r.value().equals(value)) {
        return r;
      }
    }
    return null;
  }
}
