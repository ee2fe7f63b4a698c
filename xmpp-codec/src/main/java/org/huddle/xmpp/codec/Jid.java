package org.huddle.xmpp.codec;

import gnu.inet.encoding.Stringprep;
import gnu.inet.encoding.StringprepException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An XMPP address, {@code [local@]domain[/resource]}, normalized as Prosody normalizes it (RFC 6122
 * stringprep: nodeprep, nameprep, resourceprep; each part at most 1023 bytes).
 *
 * <p>Most JIDs on the wire are plain ASCII, which is checked and case-folded here without calling
 * into stringprep; anything else goes through libidn.
 */
public final class Jid {
  private static final int MAX_PART_BYTES = 1023;

  private final String local;
  private final String domain;
  private final String resource;
  private final String full;

  private Jid(String local, String domain, String resource) {
    this.local = local;
    this.domain = domain;
    this.resource = resource;
    StringBuilder sb =
        new StringBuilder(
            (local == null ? 0 : local.length() + 1)
                + domain.length()
                + (resource == null ? 0 : resource.length() + 1));
    if (local != null) {
      sb.append(local).append('@');
    }
    sb.append(domain);
    if (resource != null) {
      sb.append('/').append(resource);
    }
    this.full = sb.toString();
  }

  /**
   * Parses and normalizes an address.
   *
   * @throws JidFormatException when the address is not a valid JID
   */
  public static Jid of(String s) throws JidFormatException {
    if (s == null || s.isEmpty()) {
      throw new JidFormatException("empty address");
    }
    // RFC 7622 §3.1: the resource starts at the first '/', the local part ends at the first '@'
    // before it.
    int slash = s.indexOf('/');
    String bare = slash < 0 ? s : s.substring(0, slash);
    String resource = slash < 0 ? null : s.substring(slash + 1);
    int at = bare.indexOf('@');
    String local = at < 0 ? null : bare.substring(0, at);
    String domain = at < 0 ? bare : bare.substring(at + 1);
    return of(local, domain, resource);
  }

  /** Parses an address, or returns null when it is not valid. */
  public static Jid ofOrNull(String s) {
    try {
      return s == null ? null : of(s);
    } catch (JidFormatException e) {
      return null;
    }
  }

  /** Builds an address from its parts, normalizing each; null local part or resource means none. */
  public static Jid of(String local, String domain, String resource) throws JidFormatException {
    String l = local == null ? null : nodeprep(local);
    String d = nameprep(domain);
    String r = resource == null ? null : resourceprep(resource);
    return new Jid(l, d, r);
  }

  /** An address from parts already normalized (as taken from another {@link Jid}). */
  private static Jid trusted(String local, String domain, String resource) {
    return new Jid(local, domain, resource);
  }

  public String local() {
    return local;
  }

  public String domain() {
    return domain;
  }

  public String resource() {
    return resource;
  }

  public boolean isBare() {
    return resource == null;
  }

  /** Whether this is a domain alone, with no local part and no resource. */
  public boolean isDomain() {
    return local == null && resource == null;
  }

  /** The address without its resource. */
  public Jid bare() {
    return resource == null ? this : trusted(local, domain, null);
  }

  /** The domain alone. */
  public Jid domainJid() {
    return isDomain() ? this : trusted(null, domain, null);
  }

  /**
   * This address with another resource.
   *
   * @throws JidFormatException when the resource is not valid
   */
  public Jid withResource(String resource) throws JidFormatException {
    return trusted(local, domain, resourceprep(resource));
  }

  /** This address with another local part and no resource. */
  public Jid withLocal(String local) throws JidFormatException {
    return trusted(nodeprep(local), domain, null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Jid j && j.full.equals(full);
  }

  @Override
  public int hashCode() {
    return full.hashCode();
  }

  @Override
  public String toString() {
    return full;
  }

  // --- normalization
  // --------------------------------------------------------------------------------------------

  private static String nodeprep(String s) throws JidFormatException {
    String out;
    if (isAscii(s)) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        // RFC 6122 Appendix A.5: these ASCII characters are prohibited in a local part, as are
        // controls and space.
        if (c <= 0x20 || c == 0x7f || "\"&'/:<>@".indexOf(c) >= 0) {
          throw new JidFormatException("character not allowed in a local part: " + describe(c));
        }
      }
      out = s.toLowerCase(Locale.ROOT);
    } else {
      try {
        out = Stringprep.nodeprep(s);
      } catch (StringprepException e) {
        throw new JidFormatException("invalid local part: " + e.getMessage());
      }
    }
    return checkLength("local part", out);
  }

  private static String nameprep(String s) throws JidFormatException {
    if (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1); // RFC 7622 §3.2: a trailing dot is removed.
    }
    String out;
    if (isAscii(s)) {
      if (s.startsWith("[") && s.endsWith("]")) {
        return checkLength("domain", s); // an IPv6 literal
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        boolean ok = c == '.' || c == '-' || c == '_' || Character.isLetterOrDigit(c);
        if (!ok) {
          throw new JidFormatException("character not allowed in a domain: " + describe(c));
        }
      }
      out = s.toLowerCase(Locale.ROOT);
    } else {
      try {
        out = Stringprep.nameprep(s);
      } catch (StringprepException e) {
        throw new JidFormatException("invalid domain: " + e.getMessage());
      }
    }
    if (out.isEmpty() || out.startsWith(".") || out.contains("..")) {
      throw new JidFormatException("invalid domain: '" + s + "'");
    }
    return checkLength("domain", out);
  }

  private static String resourceprep(String s) throws JidFormatException {
    String out;
    if (isAscii(s)) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c == 0x7f) {
          throw new JidFormatException("control character in a resource");
        }
      }
      out = s;
    } else {
      try {
        out = Stringprep.resourceprep(s);
      } catch (StringprepException e) {
        throw new JidFormatException("invalid resource: " + e.getMessage());
      }
    }
    return checkLength("resource", out);
  }

  private static String checkLength(String part, String s) throws JidFormatException {
    if (s.isEmpty()) {
      throw new JidFormatException("empty " + part);
    }
    if (s.length() > MAX_PART_BYTES / 3
        && s.getBytes(StandardCharsets.UTF_8).length > MAX_PART_BYTES) {
      throw new JidFormatException(part + " longer than " + MAX_PART_BYTES + " bytes");
    }
    return s;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static String describe(char c) {
    return c < 0x21 || c == 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'";
  }
}
