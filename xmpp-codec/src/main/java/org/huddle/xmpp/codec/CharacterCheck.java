package org.huddle.xmpp.codec;

/**
 * Strict UTF-8 decoding and the XML 1.0 {@code Char} production, byte by byte, ahead of the XML
 * parser.
 *
 * <p>Aalto decodes UTF-8 leniently: it reads the overlong {@code C0 BC} as {@code <} and accepts
 * sequences above U+10FFFF, and it reports a forbidden character in text only when the text is
 * read, as an unchecked exception. This check refuses, in the order the bytes arrive:
 *
 * <ul>
 *   <li>byte sequences that are not well-formed UTF-8 (<a
 *       href="https://www.rfc-editor.org/rfc/rfc3629#section-3">RFC 3629 §3</a>, the Unicode
 *       Standard's Table 3-7): overlong forms ({@code C0}, {@code C1}, {@code E0 80..9F}, {@code F0
 *       80..8F}), surrogates encoded in UTF-8 ({@code ED A0..BF}), code points above U+10FFFF
 *       ({@code F4 90..}, {@code F5..FF}), continuation bytes without a lead byte, and sequences
 *       cut short by a byte that does not continue them. <a
 *       href="https://www.w3.org/TR/xml/#charencoding">XML 1.0 §4.3.3</a> makes each of these a
 *       fatal error;
 *   <li>characters outside <a href="https://www.w3.org/TR/xml/#charsets">XML 1.0 §2.2</a>'s {@code
 *       Char}: C0 controls other than tab, line feed and carriage return (NUL included), and U+FFFE
 *       and U+FFFF. Lone surrogates cannot get past the first rule.
 * </ul>
 *
 * Either is {@code not-well-formed} (<a
 * href="https://www.rfc-editor.org/rfc/rfc6120#section-4.9.3.13">RFC 6120 §4.9.3.13</a>). Character
 * references such as {@code &#0;} are left to the parser, which refuses them too.
 *
 * <p>A sequence may be split across calls; the state carries over.
 */
final class CharacterCheck {
  private int needed;
  private int codePoint;
  private int lower = 0x80;
  private int upper = 0xBF;
  private String outOfBounds;
  private String problem;

  /** Forgets any sequence in progress, as at the start of a new stream. */
  void reset() {
    needed = 0;
    problem = null;
  }

  /**
   * Checks {@code len} bytes from {@code off}.
   *
   * @return the index of the first byte that makes the input invalid, or -1 when all are fine so
   *     far
   */
  int scan(byte[] data, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      int b = data[i] & 0xFF;
      if (needed == 0) {
        if (b >= 0x20 && b < 0x80) {
          continue;
        }
        if (!lead(b)) {
          return i;
        }
      } else if (!continuation(b)) {
        return i;
      }
    }
    return -1;
  }

  /** What was wrong with the byte {@link #scan} returned. */
  String problem() {
    return problem;
  }

  private boolean lead(int b) {
    lower = 0x80;
    upper = 0xBF;
    if (b < 0x20) {
      return b == '\t' || b == '\n' || b == '\r' || fail(controlCharacter(b));
    }
    if (b < 0xC0) {
      return fail(String.format("invalid UTF-8: continuation byte 0x%02X without a lead byte", b));
    }
    if (b < 0xC2) {
      return fail("invalid UTF-8: overlong encoding");
    }
    if (b < 0xE0) {
      return start(1, b & 0x1F);
    }
    if (b < 0xF0) {
      if (b == 0xE0) {
        lower = 0xA0;
        outOfBounds = "invalid UTF-8: overlong encoding";
      } else if (b == 0xED) {
        upper = 0x9F;
        outOfBounds = "invalid UTF-8: a surrogate (U+D800..U+DFFF) encoded as UTF-8";
      }
      return start(2, b & 0x0F);
    }
    if (b < 0xF5) {
      if (b == 0xF0) {
        lower = 0x90;
        outOfBounds = "invalid UTF-8: overlong encoding";
      } else if (b == 0xF4) {
        upper = 0x8F;
        outOfBounds = "invalid UTF-8: a code point above U+10FFFF";
      }
      return start(3, b & 0x07);
    }
    return fail(String.format("invalid UTF-8: byte 0x%02X (a code point above U+10FFFF)", b));
  }

  private boolean start(int more, int bits) {
    needed = more;
    codePoint = bits;
    return true;
  }

  private boolean continuation(int b) {
    if ((b & 0xC0) != 0x80) {
      needed = 0;
      return fail("invalid UTF-8: a multi-byte sequence cut short");
    }
    if (b < lower || b > upper) {
      needed = 0;
      return fail(outOfBounds);
    }
    lower = 0x80;
    upper = 0xBF;
    codePoint = (codePoint << 6) | (b & 0x3F);
    if (--needed == 0 && (codePoint == 0xFFFE || codePoint == 0xFFFF)) {
      return fail(String.format("character U+%04X is not allowed in XML", codePoint));
    }
    return true;
  }

  private static String controlCharacter(int b) {
    return String.format("character U+%04X (a control character) is not allowed in XML", b);
  }

  private boolean fail(String why) {
    problem = why;
    return false;
  }
}
