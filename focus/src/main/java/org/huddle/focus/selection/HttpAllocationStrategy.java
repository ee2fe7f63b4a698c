package org.huddle.focus.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.huddle.focus.bridge.Bridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks an HTTP allocation service, with the query TxThinking's allocateserver answers: {@code GET
 * <url>?Kind=SFUTURN&Email=<organizer>&BeginAt=<s>&EndAt=<s>}, plus {@code Room}. A scheduled
 * meeting gives its organizer and its span in Unix seconds; an instant one the owner's e-mail from
 * presence and {@code BeginAt=0&EndAt=0}. The JSON answer {@code {"sfu": "..."}} names the bridge
 * by its brewery nickname (a {@code host:port} is matched by its host) or by its brewery JID. Its
 * {@code "turn"} names the meeting's TURN servers ({@link TurnServer}), which the focus has the
 * XMPP server hand to the meeting's participants instead of its default ones.
 *
 * <p>As with allocateserver, a non-200 answer means "no server for this meeting yet": the
 * conference waits, and asks again when a bridge joins. So does a name that is not in the brewery,
 * since a service that starts bridges on demand names one before it has joined. A service that
 * cannot be reached or answers nonsense does not stop meetings: the least loaded bridge is used.
 */
public final class HttpAllocationStrategy implements BridgeStrategy {
  private static final Logger LOG = LoggerFactory.getLogger(HttpAllocationStrategy.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final Duration timeout;
  private final HttpClient client;

  public HttpAllocationStrategy(String url, Duration timeout) {
    this.url = url;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public Optional<Bridge> select(List<Bridge> candidates, SelectionRequest request)
      throws NoBridge {
    return choose(candidates, request).bridge();
  }

  @Override
  public Answer choose(List<Bridge> candidates, SelectionRequest request) throws NoBridge {
    String query =
        "Kind=SFUTURN&Email="
            + enc(request.email())
            + "&BeginAt="
            + request.beginAt()
            + "&EndAt="
            + request.endAt()
            + "&Room="
            + enc(request.room());
    URI uri = URI.create(url + (url.contains("?") ? "&" : "?") + query);
    HttpResponse<String> response;
    try {
      response =
          client.send(
              HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      LOG.warn(
          "allocation service {} failed ({}); using the least loaded bridge", url, e.toString());
      return NONE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return NONE;
    }
    if (response.statusCode() != 200) {
      throw new NoBridge(
          "the allocation service has no videobridge for this meeting yet (HTTP "
              + response.statusCode()
              + ")");
    }
    String named;
    List<TurnServer> turn;
    try {
      JsonNode body = JSON.readTree(response.body());
      named = body.path("sfu").asText("");
      turn =
          TurnServer.fromJson(
              body.path("turn"),
              skipped ->
                  LOG.warn(
                      "allocation service named a turn server Huddle cannot read, left out: {}",
                      skipped));
    } catch (IOException e) {
      LOG.warn("allocation service answered no JSON; using the least loaded bridge");
      return NONE;
    }
    if (named.isBlank()) {
      LOG.warn("allocation service named no sfu; using the least loaded bridge");
      return new Answer(Optional.empty(), turn);
    }
    Optional<Bridge> b = match(candidates, named);
    if (b.isEmpty()) {
      throw new NoBridge("the allocation service chose videobridge '" + named + "', not ready yet");
    }
    return new Answer(b, turn);
  }

  private static final Answer NONE = new Answer(Optional.empty(), List.of());

  /** The candidate the name means: brewery JID, nickname, or nickname without a port. */
  static Optional<Bridge> match(List<Bridge> candidates, String named) {
    String n = named.trim();
    int colon = n.lastIndexOf(':');
    String host = n.contains("/") || colon < 0 ? n : n.substring(0, colon);
    for (Bridge b : candidates) {
      if (b.jid().equalsIgnoreCase(n) || b.nick().equals(n) || b.nick().equalsIgnoreCase(host)) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }
}
