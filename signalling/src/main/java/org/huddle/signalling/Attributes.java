package org.huddle.signalling;

import org.huddle.xmpp.codec.Element;

/** Reading typed attribute values; a value that does not parse is a {@code bad-request}. */
public final class Attributes {
  private Attributes() {}

  /** An integer attribute, or {@code fallback} when absent. */
  public static int integer(Element e, String name, int fallback) throws SignallingException {
    Integer v = optionalInteger(e, name);
    return v == null ? fallback : v;
  }

  /** An integer attribute, or null when absent. */
  public static Integer optionalInteger(Element e, String name) throws SignallingException {
    String v = e.attr(name);
    if (v == null) {
      return null;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException ex) {
      throw notANumber(e, name, v);
    }
  }

  /** A long attribute, or 0 when absent. */
  public static long longValue(Element e, String name) throws SignallingException {
    String v = e.attr(name);
    try {
      return v == null ? 0 : Long.parseLong(v.trim());
    } catch (NumberFormatException ex) {
      throw notANumber(e, name, v);
    }
  }

  /** The {@code ssrc} attribute: present, and an unsigned 32-bit number. */
  public static long ssrc(Element e) throws SignallingException {
    String v = e.attr("ssrc");
    long ssrc;
    try {
      ssrc = Long.parseLong(v == null ? "" : v.trim());
    } catch (NumberFormatException ex) {
      throw SignallingException.badRequest("<" + e.name() + "> has no valid ssrc: " + v);
    }
    if (ssrc < 0 || ssrc > 0xffffffffL) {
      throw SignallingException.badRequest("ssrc out of range: " + v);
    }
    return ssrc;
  }

  /** A boolean attribute as Jitsi writes them: {@code true} (any case) or {@code 1}. */
  public static boolean flag(Element e, String name) {
    String v = e.attr(name);
    return "true".equalsIgnoreCase(v) || "1".equals(v);
  }

  private static SignallingException notANumber(Element e, String name, String value) {
    return SignallingException.badRequest(
        "<" + e.name() + "> " + name + " is not a number: " + value);
  }
}
