package org.huddle.focus.selection;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TURN server the allocation hook names for a meeting ({@code "turn"} in its answer), as XEP-0215
 * describes a service: type ({@code turn} or {@code turns}), host, port and transport.
 *
 * <p>The hook may write {@code host:port}, a {@code turn:}/{@code turns:} URI (RFC 7065, with
 * {@code ?transport=udp|tcp}), or a list of these. A bare {@code host:port} is {@code turn} over
 * both UDP and TCP, since coturn listens on both; {@code turns} is always TCP. The port defaults to
 * 3478 ({@code turn}) or 5349 ({@code turns}).
 */
public record TurnServer(String type, String host, int port, String transport) {
  /** At most this many servers are taken from one answer. */
  public static final int MAX = 8;

  private static final Pattern FORM =
      Pattern.compile(
          "(?:(turns?):)?(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253})(?::(\\d{1,5}))?"
              + "(?:\\?transport=(udp|tcp))?");

  public TurnServer {
    if (!type.equals("turn") && !type.equals("turns")) {
      throw new IllegalArgumentException("type is turn or turns: " + type);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (!transport.equals("udp") && !transport.equals("tcp")) {
      throw new IllegalArgumentException("transport is udp or tcp: " + transport);
    }
  }

  /**
   * The servers one entry names: empty when it is not one of the accepted forms (a {@code turns}
   * URI asking for UDP included).
   */
  public static List<TurnServer> parse(String entry) {
    Matcher m = FORM.matcher(entry.trim());
    if (!m.matches()) {
      return List.of();
    }
    String scheme = m.group(1);
    String host = m.group(2);
    String transport = m.group(4);
    boolean secure = "turns".equals(scheme);
    int port = m.group(3) == null ? (secure ? 5349 : 3478) : Integer.parseInt(m.group(3));
    if (port < 1 || port > 65535 || (secure && "udp".equals(transport))) {
      return List.of();
    }
    if (secure) {
      return List.of(new TurnServer("turns", host, port, "tcp"));
    }
    if (transport != null) {
      return List.of(new TurnServer("turn", host, port, transport));
    }
    if (scheme != null) {
      return List.of(new TurnServer("turn", host, port, "udp")); // RFC 7065's default
    }
    return List.of(
        new TurnServer("turn", host, port, "udp"), new TurnServer("turn", host, port, "tcp"));
  }

  /**
   * The servers of an answer's {@code turn} value (a string or a list of strings; anything else,
   * and entries that do not parse, are left out), at most {@value #MAX}, without repeats.
   *
   * @param skipped told each entry left out, for the log
   */
  public static List<TurnServer> fromJson(
      JsonNode turn, java.util.function.Consumer<String> skipped) {
    List<String> entries = new ArrayList<>();
    if (turn.isTextual()) {
      entries.add(turn.asText());
    } else if (turn.isArray()) {
      turn.forEach(
          t -> {
            if (t.isTextual()) {
              entries.add(t.asText());
            } else {
              skipped.accept(t.toString());
            }
          });
    } else if (!turn.isMissingNode() && !turn.isNull()) {
      skipped.accept(turn.toString());
    }
    List<TurnServer> out = new ArrayList<>();
    for (String e : entries) {
      List<TurnServer> parsed = parse(e);
      if (parsed.isEmpty()) {
        skipped.accept(e);
      }
      for (TurnServer t : parsed) {
        if (!out.contains(t) && out.size() < MAX) {
          out.add(t);
        }
      }
    }
    return List.copyOf(out);
  }
}
