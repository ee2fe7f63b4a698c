package org.huddle.xmpp.server.api;

import java.util.Locale;

/** XEP-0045 §5.2: a user's long-lived standing in a room. Declared from lowest to highest rank. */
public enum Affiliation {
  OUTCAST,
  NONE,
  MEMBER,
  ADMIN,
  OWNER;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The affiliation named on the wire, or null. */
  public static Affiliation of(String value) {
    for (Affiliation a : values()) {
      if (a.value().equals(value)) {
        return a;
      }
    }
    return null;
  }

  /** The role an occupant with this affiliation gets on joining (XEP-0045 §5.1.2). */
  public Role defaultRole(boolean moderated) {
    return switch (this) {
      case OWNER, ADMIN -> Role.MODERATOR;
      case MEMBER -> Role.PARTICIPANT;
      case NONE -> moderated ? Role.VISITOR : Role.PARTICIPANT;
      case OUTCAST -> Role.NONE;
    };
  }
}
