package org.huddle.xmpp.codec;

/**
 * Bounds on what one stream may make the parser hold.
 *
 * @param maxStanzaBytes the largest stanza (or stream header) in bytes, as Prosody's {@code
 *     c2s_stanza_size_limit}
 * @param maxDepth the deepest nesting inside one stanza, the stanza itself being depth 1
 * @param maxAttributes the most attributes one element may carry
 */
public record ParserLimits(int maxStanzaBytes, int maxDepth, int maxAttributes) {
  /** 256 KiB stanzas, as Prosody's default; 32 levels, far more than Jingle's deepest (about 7). */
  public static final ParserLimits DEFAULT = new ParserLimits(256 * 1024, 32, 64);

  public ParserLimits {
    if (maxStanzaBytes < 1024 || maxDepth < 4 || maxAttributes < 8) {
      throw new IllegalArgumentException(
          "parser limits too small to speak XMPP: "
              + maxStanzaBytes
              + " bytes, depth "
              + maxDepth
              + ", "
              + maxAttributes
              + " attributes");
    }
  }
}
