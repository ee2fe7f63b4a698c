package org.huddle.xmpp.codec;

/**
 * Bounds on what one stream may make the parser hold, and how much parsing it may ask for.
 *
 * @param maxStanzaBytes the largest stanza (or stream header) in bytes, as Prosody's {@code
 *     c2s_stanza_size_limit}
 * @param maxDepth the deepest nesting inside one stanza, the stanza itself being depth 1
 * @param maxAttributes the most attributes and namespace declarations together on one element
 * @param maxStanzaNamespaces the most namespace declarations in one stanza, all its elements
 *     together
 * @param maxStreamNames the most distinct element, attribute and declaration names in one stream
 *     (until it restarts), see {@link NameCount}
 * @param budget the parse work a connection may ask for per second; the transport charges it
 */
public record ParserLimits(
    int maxStanzaBytes,
    int maxDepth,
    int maxAttributes,
    int maxStanzaNamespaces,
    int maxStreamNames,
    ParseBudget.Limits budget) {
  /**
   * 256 KiB stanzas, as Prosody's default; 32 levels, far more than Jingle's deepest (about 7); 64
   * attributes and declarations on an element (Jitsi's busiest carry about 10); 4,096 declarations
   * in a stanza. Jitsi presence carries about a dozen, but Jicofo's Jingle repeats two or three on
   * every source of every participant (about 18 per participant), so a session-initiate that just
   * fits in 256 KiB holds about 2,000. 4,096 distinct names in a stream, about ten times what
   * Jitsi's clients, focus and bridge use. The {@link ParseBudget.Limits#DEFAULT default budget}.
   */
  public static final ParserLimits DEFAULT =
      new ParserLimits(256 * 1024, 32, 64, 4096, 4096, ParseBudget.Limits.DEFAULT);

  public ParserLimits {
    if (maxStanzaBytes < 1024
        || maxDepth < 4
        || maxAttributes < 8
        || maxStanzaNamespaces < 8
        || maxStreamNames < 64) {
      throw new IllegalArgumentException(
          "parser limits too small to speak XMPP: "
              + maxStanzaBytes
              + " bytes, depth "
              + maxDepth
              + ", "
              + maxAttributes
              + " attributes, "
              + maxStanzaNamespaces
              + " namespace declarations per stanza, "
              + maxStreamNames
              + " names per stream");
    }
  }
}
