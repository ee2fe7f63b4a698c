package org.huddle.xmpp.codec;

/**
 * Counts, ahead of the XML parser, the attributes and namespace declarations of each start tag, and
 * the parse work the input asks for.
 *
 * <p>Why ahead: Aalto checks each namespace declaration against the others on the same element, so
 * one start tag with n declarations costs it n² steps before it reports the element at all. 11,000
 * declarations fit in a 256 KiB stanza and cost about half a second. Counting here stops the stream
 * at the first declaration or attribute past {@link ParserLimits#maxAttributes()}, before the
 * parser has seen it.
 *
 * <p>It is a lexer for start tags only: it tells markup from text, skips comments, CDATA sections,
 * processing instructions and declarations, and counts the quoted values of each start tag:
 * attributes and namespace declarations alike, as both count toward the same limit. On well-formed
 * XML without a DTD (which XMPP refuses) its counts are exact; on anything else the parser it runs
 * ahead of reports an error at or before the point where the counts could drift.
 */
final class StartTagCounter {
  /** Work units per element, on top of its bytes. */
  static final int ELEMENT_WEIGHT = 64;

  /** Work units per attribute or namespace declaration, on top of its bytes. */
  static final int ATTRIBUTE_WEIGHT = 128;

  private enum State {
    TEXT,
    LT,
    START_NAME,
    IN_TAG,
    ATTR_NAME,
    AFTER_NAME,
    AFTER_EQ,
    VALUE,
    END_TAG,
    BANG,
    COMMENT,
    CDATA,
    PI,
    DECLARATION
  }

  private final int maxAttributes;
  private State state = State.TEXT;
  private int attributes;
  private byte quote;
  private int run;
  private long work;

  StartTagCounter(int maxAttributes) {
    this.maxAttributes = maxAttributes;
  }

  /** Starts over, as at the start of a new stream; the work done so far is kept. */
  void reset() {
    state = State.TEXT;
    attributes = 0;
  }

  /** The parse work of everything scanned so far: one unit a byte plus the weights above. */
  long work() {
    return work;
  }

  /**
   * Scans {@code len} bytes from {@code off}.
   *
   * @return the index of the quote that opens the value of the attribute or declaration past the
   *     limit, or -1
   */
  int scan(byte[] data, int off, int len) {
    work += len;
    for (int i = off, end = off + len; i < end; i++) {
      byte b = data[i];
      switch (state) {
        case TEXT -> {
          if (b == '<') {
            state = State.LT;
          }
        }
        case LT -> {
          if (b == '/') {
            state = State.END_TAG;
          } else if (b == '!') {
            state = State.BANG;
          } else if (b == '?') {
            state = State.PI;
            run = 0;
          } else {
            state = State.START_NAME;
            attributes = 0;
            work += ELEMENT_WEIGHT;
          }
        }
        case START_NAME -> {
          if (isSpace(b) || b == '/') {
            state = State.IN_TAG;
          } else if (b == '>') {
            state = State.TEXT;
          }
        }
        case IN_TAG -> inTag(b);
        case ATTR_NAME -> {
          if (isSpace(b)) {
            state = State.AFTER_NAME;
          } else if (b == '=') {
            state = State.AFTER_EQ;
          } else if (b == '>' || b == '/') {
            inTag(b);
          }
        }
        case AFTER_NAME -> {
          if (b == '=') {
            state = State.AFTER_EQ;
          } else if (!isSpace(b)) {
            inTag(b);
          }
        }
        case AFTER_EQ -> {
          if (b == '\'' || b == '"') {
            quote = b;
            state = State.VALUE;
            work += ATTRIBUTE_WEIGHT;
            if (++attributes > maxAttributes) {
              return i;
            }
          } else if (!isSpace(b)) {
            inTag(b);
          }
        }
        case VALUE -> {
          if (b == quote) {
            state = State.IN_TAG;
          }
        }
        case END_TAG -> {
          if (b == '>') {
            state = State.TEXT;
          }
        }
        case BANG -> {
          state = b == '-' ? State.COMMENT : b == '[' ? State.CDATA : State.DECLARATION;
          run = 0;
        }
        case COMMENT -> run = skipUntil(b, (byte) '-', run, 2);
        case CDATA -> run = skipUntil(b, (byte) ']', run, 2);
        case PI -> run = skipUntil(b, (byte) '?', run, 1);
        case DECLARATION -> {
          if (b == '[') {
            run++;
          } else if (b == ']') {
            run--;
          } else if (b == '>' && run <= 0) {
            state = State.TEXT;
          }
        }
      }
    }
    return -1;
  }

  /** Between attributes: the end of the tag, or the start of an attribute's name. */
  private void inTag(byte b) {
    if (b == '>') {
      state = State.TEXT;
    } else if (b == '/' || isSpace(b)) {
      state = State.IN_TAG;
    } else if (b == '\'' || b == '"') {
      // A value without a name is malformed; the parser says so. Skip it without counting.
      quote = b;
      state = State.VALUE;
    } else {
      state = State.ATTR_NAME;
    }
  }

  /**
   * Inside a comment, CDATA section or processing instruction: waits for {@code count} of {@code
   * mark} in a row followed by {@code >}.
   */
  private int skipUntil(byte b, byte mark, int seen, int count) {
    if (b == mark) {
      return seen + 1;
    }
    if (b == '>' && seen >= count) {
      state = State.TEXT;
    }
    return 0;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\t' || b == '\r';
  }
}
