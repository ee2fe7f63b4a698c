package org.huddle.xmpp.codec;

import java.util.HashSet;

/**
 * The distinct names (of elements, attributes and namespace declarations, with their prefixes) one
 * stream has used, up to {@link ParserLimits#maxStreamNames()}.
 *
 * <p>Why: Aalto keeps every name it meets in a symbol table for as long as the reader lives, and
 * the table has at most 255 collision buckets, so lookups slow down as it fills. A stanza of 250 KB
 * made of 30,000 made-up element names costs 0.15–0.9 s to parse where the same stanza with one
 * name repeated costs 30 ms, and a stream that keeps inventing names makes every later stanza
 * slower too. Jitsi's clients, the focus and the bridge use a few hundred names in a whole session.
 */
final class NameCount {
  private final int max;
  private final HashSet<String> seen = new HashSet<>();

  NameCount(int max) {
    this.max = max;
  }

  /** Forgets the names, as a new reader (with a new symbol table) starts. */
  void clear() {
    seen.clear();
  }

  /** An element or attribute name; the prefix may be null or empty. */
  void name(String prefix, String local) throws StreamError {
    count(prefix == null || prefix.isEmpty() ? local : prefix + ':' + local);
  }

  /** The attribute name of a namespace declaration for {@code prefix} (empty: the default). */
  void declaration(String prefix) throws StreamError {
    count(prefix == null || prefix.isEmpty() ? "xmlns" : "xmlns:" + prefix);
  }

  private void count(String key) throws StreamError {
    if (seen.add(key) && seen.size() > max) {
      throw new StreamError(
          StreamError.Condition.POLICY_VIOLATION,
          "more than " + max + " distinct element and attribute names in one stream");
    }
  }
}
