package org.huddle.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The pages that may embed the meeting app in a frame (the IFrame API, docs/web.md "Embedding: the
 * IFrame API"): the CSP {@code frame-ancestors} sources of the app's pages, and the same list in
 * config.js, where the app takes commands by postMessage only from these origins.
 *
 * <p>Each entry is {@code 'self'}, {@code 'none'} (alone), or an origin: {@code scheme://host} with
 * an optional port, the host optionally starting with {@code *.} (any subdomain). Nothing else is
 * taken: a path, a quote or a semicolon would change what the header says.
 */
public final class FrameAncestors {
  /** {@code scheme://host[:port]}, the host a DNS name, an IPv4 address or {@code *.name}. */
  private static final Pattern ORIGIN =
      Pattern.compile(
          "https?://(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"
              + "(:(\\*|[0-9]{1,5}))?");

  private FrameAncestors() {}

  /**
   * Checks and normalizes the list: origins lower-cased, without a trailing slash; {@code 'self'}
   * and {@code 'none'} may be written without quotes.
   *
   * @param name the setting's name, for the error message
   * @throws IllegalArgumentException naming the entry that is not a source
   */
  public static List<String> parse(String name, List<String> entries) {
    List<String> out = new ArrayList<>();
    for (String raw : entries) {
      String e = raw.trim().toLowerCase(Locale.ROOT);
      if (e.endsWith("/")) {
        e = e.substring(0, e.length() - 1);
      }
      if (e.equals("self") || e.equals("'self'")) {
        e = "'self'";
      } else if (e.equals("none") || e.equals("'none'")) {
        e = "'none'";
      } else if (!ORIGIN.matcher(e).matches()) {
        throw new IllegalArgumentException(
            name
                + ": '"
                + raw
                + "' is not an embedding origin; write 'self', 'none' or an origin such as"
                + " https://intranet.example.com or https://*.example.com (scheme, host, optional"
                + " port, nothing else)");
      }
      if (!out.contains(e)) {
        out.add(e);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          name + ": name at least one embedding origin, or 'none' to forbid embedding");
    }
    if (out.contains("'none'") && out.size() > 1) {
      throw new IllegalArgumentException(name + ": 'none' cannot be combined with other origins");
    }
    return List.copyOf(out);
  }

  /** The CSP directive for these sources, e.g. {@code frame-ancestors 'self' https://a.example}. */
  public static String directive(List<String> sources) {
    return "frame-ancestors " + String.join(" ", sources);
  }
}
