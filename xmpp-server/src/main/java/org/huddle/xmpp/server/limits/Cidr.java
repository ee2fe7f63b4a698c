package org.huddle.xmpp.server.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An address range in CIDR notation (RFC 4632 §3.1 for IPv4, RFC 4291 §2.3 for IPv6), such as
 * {@code 10.0.0.0/8}, {@code fd00::/8} or a single address ({@code ::1}). Host bits given in the
 * prefix are ignored ({@code 127.0.0.1/8} is {@code 127.0.0.0/8}).
 *
 * <p>Addresses are only ever parsed as literals: nothing here resolves a name, so a header value
 * cannot make the server query DNS.
 */
public record Cidr(byte[] network, int prefixLength) {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  /** Parses {@code address[/prefix]}; throws IllegalArgumentException when it is not one. */
  public static Cidr parse(String text) {
    String s = text.trim();
    int slash = s.indexOf('/');
    InetAddress address =
        literal(slash < 0 ? s : s.substring(0, slash))
            .orElseThrow(
                () -> new IllegalArgumentException("not an address range: '" + text + "'"));
    byte[] bytes = address.getAddress();
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(s.substring(slash + 1).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an address range: '" + text + "'");
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("prefix out of range in '" + text + "'");
      }
    }
    return new Cidr(mask(bytes, prefix), prefix);
  }

  /** Parses every range in the list. */
  public static List<Cidr> parseAll(List<String> ranges) {
    return ranges.stream().map(Cidr::parse).toList();
  }

  /** Whether the address (a literal) falls in this range; false for anything that is not one. */
  public boolean contains(String address) {
    return literal(address).map(this::contains).orElse(false);
  }

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    return a.length == network.length && java.util.Arrays.equals(mask(a, prefixLength), network);
  }

  /** Whether any of the ranges holds the address. */
  public static boolean any(List<Cidr> ranges, String address) {
    Optional<InetAddress> a = literal(address);
    return a.isPresent() && ranges.stream().anyMatch(r -> r.contains(a.get()));
  }

  /**
   * An IP address literal, without a DNS lookup: dotted IPv4, or IPv6 with or without brackets.
   * IPv4-mapped IPv6 addresses come back as IPv4, so one client has one form.
   */
  public static Optional<InetAddress> literal(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.trim();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    if (IPV4.matcher(s).matches()) {
      String[] parts = s.split("\\.");
      byte[] b = new byte[4];
      for (int i = 0; i < 4; i++) {
        int v = Integer.parseInt(parts[i]);
        if (v > 255) {
          return Optional.empty();
        }
        b[i] = (byte) v;
      }
      try {
        return Optional.of(InetAddress.getByAddress(b));
      } catch (UnknownHostException e) {
        return Optional.empty();
      }
    }
    if (!IPV6.matcher(s).matches()) {
      return Optional.empty();
    }
    try {
      // In brackets the JDK parses an IPv6 literal and never falls back to a DNS lookup.
      return Optional.of(InetAddress.getByName("[" + s + "]"));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** The canonical text of an address literal (as {@link InetAddress#getHostAddress}), or empty. */
  public static Optional<String> canonical(String text) {
    return literal(text).map(InetAddress::getHostAddress);
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] &= (byte) (0xff << (8 - keep));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c
        && c.prefixLength == prefixLength
        && java.util.Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(network) * 31 + prefixLength;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
