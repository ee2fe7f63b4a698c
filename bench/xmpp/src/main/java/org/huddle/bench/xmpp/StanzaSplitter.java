package org.huddle.bench.xmpp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts an XMPP byte stream into top-level elements without parsing XML: it tracks tags, quoted
 * attribute values and depth, which is all a client of a well-behaved server needs. The stream
 * header ({@code <stream:stream ...>}) and its end tag come out as elements of their own; so do RFC
 * 7395 framing elements ({@code <open/>}, {@code <close/>}), which are self-closing. XML
 * declarations and comments between stanzas are dropped. Not thread-safe: one per connection.
 */
final class StanzaSplitter {
  private static final byte[] STREAM_OPEN = "<stream:stream".getBytes(StandardCharsets.US_ASCII);

  private byte[] buf = new byte[8192];
  private int len;
  private int pos;
  private int depth;
  private boolean inTag;
  private byte quote;
  private int tagStart;
  private int stanzaStart;

  /** Adds bytes and hands every element they complete to {@code out}, in order. */
  void feed(byte[] b, int off, int n, Consumer<String> out) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
    System.arraycopy(b, off, buf, len, n);
    len += n;
    while (pos < len) {
      byte c = buf[pos];
      if (!inTag) {
        if (c == '<') {
          inTag = true;
          tagStart = pos;
          quote = 0;
          if (depth == 0) {
            stanzaStart = pos;
          }
        }
        pos++;
        continue;
      }
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
        pos++;
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
        pos++;
        continue;
      }
      if (c != '>') {
        pos++;
        continue;
      }
      inTag = false;
      pos++;
      byte second = buf[tagStart + 1];
      if (second == '?' || second == '!') {
        continue;
      }
      if (second == '/') {
        if (depth == 0) {
          out.accept(text(tagStart, pos));
        } else if (--depth == 0) {
          out.accept(text(stanzaStart, pos));
        }
      } else if (buf[pos - 2] == '/') {
        if (depth == 0) {
          out.accept(text(tagStart, pos));
        }
      } else if (depth == 0 && isStreamOpen(tagStart)) {
        out.accept(text(tagStart, pos));
      } else {
        depth++;
      }
    }
    int keep = depth > 0 ? stanzaStart : inTag ? tagStart : pos;
    if (keep > 0) {
      System.arraycopy(buf, keep, buf, 0, len - keep);
      len -= keep;
      pos -= keep;
      tagStart -= keep;
      stanzaStart -= keep;
    }
  }

  private boolean isStreamOpen(int at) {
    if (at + STREAM_OPEN.length > len) {
      return false;
    }
    for (int i = 0; i < STREAM_OPEN.length; i++) {
      if (buf[at + i] != STREAM_OPEN[i]) {
        return false;
      }
    }
    return true;
  }

  private String text(int from, int to) {
    return new String(buf, from, to - from, StandardCharsets.UTF_8);
  }
}
