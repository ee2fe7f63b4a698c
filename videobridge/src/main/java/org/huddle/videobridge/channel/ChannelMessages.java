package org.huddle.videobridge.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.huddle.videobridge.endpoint.ReceiverConstraints;

/**
 * The JSON of the bridge channel (docs/wire.md#bridge-channel): each message an object whose {@code
 * colibriClass} names it. Writers for what the bridge sends, readers for what it takes.
 */
public final class ChannelMessages {
  static final ObjectMapper JSON = new ObjectMapper();

  public static final String SERVER_HELLO = "ServerHello";
  public static final String CLIENT_HELLO = "ClientHello";
  public static final String ENDPOINT_MESSAGE = "EndpointMessage";
  public static final String ENDPOINT_STATS = "EndpointStats";
  public static final String LAST_N_CHANGED = "LastNChangedEvent";
  public static final String RECEIVER_VIDEO_CONSTRAINTS = "ReceiverVideoConstraints";
  public static final String RECEIVER_AUDIO_SUBSCRIPTION = "ReceiverAudioSubscription";
  public static final String SOURCE_VIDEO_TYPE = "SourceVideoTypeMessage";
  public static final String DOMINANT_SPEAKER = "DominantSpeakerEndpointChangeEvent";
  public static final String FORWARDED_SOURCES = "ForwardedSources";
  public static final String CONNECTIVITY = "EndpointConnectivityStatusChangeEvent";
  public static final String CONNECTION_STATS = "ConnectionStats";
  public static final String SENDER_SOURCE_CONSTRAINTS = "SenderSourceConstraints";

  private ChannelMessages() {}

  static ObjectNode message(String colibriClass) {
    ObjectNode n = JSON.createObjectNode();
    n.put("colibriClass", colibriClass);
    return n;
  }

  public static String serverHello(String version) {
    ObjectNode n = message(SERVER_HELLO);
    if (version != null) {
      n.put("version", version);
    }
    return n.toString();
  }

  public static String dominantSpeaker(String endpoint, List<String> previous) {
    ObjectNode n = message(DOMINANT_SPEAKER);
    n.put("dominantSpeakerEndpoint", endpoint);
    ArrayNode p = n.putArray("previousSpeakers");
    previous.forEach(p::add);
    n.put("silence", false);
    return n.toString();
  }

  public static String forwardedSources(List<String> sources) {
    ObjectNode n = message(FORWARDED_SOURCES);
    ArrayNode a = n.putArray("forwardedSources");
    sources.forEach(a::add);
    return n.toString();
  }

  /** Note: {@code active} is a string, as jitsi-videobridge sends it. */
  public static String connectivity(String endpoint, boolean active) {
    ObjectNode n = message(CONNECTIVITY);
    n.put("endpoint", endpoint);
    n.put("active", String.valueOf(active));
    return n.toString();
  }

  public static String senderSourceConstraints(String sourceName, int maxHeight) {
    ObjectNode n = message(SENDER_SOURCE_CONSTRAINTS);
    n.put("sourceName", sourceName);
    n.put("maxHeight", maxHeight);
    return n.toString();
  }

  public static String connectionStats(long estimatedDownlinkBps) {
    ObjectNode n = message(CONNECTION_STATS);
    n.put("estimatedDownlinkBandwidth", estimatedDownlinkBps);
    return n.toString();
  }

  /**
   * Huddle's own answer to a channel message it refused (Jitsi's bridge has none; Jitsi's clients
   * ignore classes they do not know): {@code reason} a short code, {@code message} for people.
   */
  public static final String REFUSED = "HuddleMessageRefused";

  /** Jitsi's reaction endpoint message, and the limits the bridge holds it to. */
  static final String REACTION = "endpoint-reaction";

  static final int REACTION_PAYLOAD_LIMIT = 1024;
  static final int REACTIONS_PER_MESSAGE = 20;

  public static String refused(String reason, String message) {
    ObjectNode n = message(REFUSED);
    n.put("reason", reason);
    n.put("message", message);
    return n.toString();
  }

  /**
   * Why an endpoint message's payload is refused, or null: a reaction ({@code name}
   * endpoint-reaction) must list 1 to {@value #REACTIONS_PER_MESSAGE} reaction names and stay under
   * {@value #REACTION_PAYLOAD_LIMIT} characters of JSON. Other payloads pass unread.
   */
  static String payloadProblem(ObjectNode m) {
    JsonNode payload = m.get("msgPayload");
    if (payload == null || !REACTION.equals(payload.path("name").asText(null))) {
      return null;
    }
    if (payload.toString().length() > REACTION_PAYLOAD_LIMIT) {
      return "a reaction message over " + REACTION_PAYLOAD_LIMIT + " characters";
    }
    JsonNode list = payload.get("reactions");
    if (list == null || !list.isArray() || list.isEmpty() || list.size() > REACTIONS_PER_MESSAGE) {
      return "a reaction message needs 1 to " + REACTIONS_PER_MESSAGE + " reactions";
    }
    for (JsonNode r : list) {
      if (!r.isTextual()) {
        return "reactions are names (strings)";
      }
    }
    return null;
  }

  /** Parses a message; null when it is not a JSON object with a colibriClass. */
  static ObjectNode parse(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      if (n instanceof ObjectNode o && o.path("colibriClass").isTextual()) {
        return o;
      }
      return null;
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  private static List<String> strings(JsonNode array, List<String> fallback) {
    if (array == null || !array.isArray()) {
      return fallback;
    }
    List<String> out = new ArrayList<>();
    array.forEach(
        v -> {
          if (v.isTextual()) {
            out.add(v.asText());
          }
        });
    return out;
  }

  /**
   * Applies a {@code ReceiverVideoConstraints} message to the previous constraints: fields the
   * message leaves out keep their values.
   */
  public static ReceiverConstraints constraints(ObjectNode m, ReceiverConstraints previous) {
    int lastN = m.has("lastN") ? m.get("lastN").asInt(-1) : previous.lastN();
    List<String> selected = strings(m.get("selectedSources"), previous.selectedSources());
    List<String> onStage = strings(m.get("onStageSources"), previous.onStageSources());
    int defaultMax = previous.defaultMaxHeight();
    if (m.path("defaultConstraints").has("maxHeight")) {
      defaultMax = m.path("defaultConstraints").get("maxHeight").asInt(-1);
    }
    Map<String, Integer> heights = previous.maxHeights();
    if (m.get("constraints") instanceof ObjectNode c) {
      heights = new HashMap<>();
      for (var it = c.fields(); it.hasNext(); ) {
        var e = it.next();
        if (e.getValue().has("maxHeight")) {
          heights.put(e.getKey(), e.getValue().get("maxHeight").asInt(-1));
        }
      }
    }
    long assumed =
        m.has("assumedBandwidthBps")
            ? m.get("assumedBandwidthBps").asLong(-1)
            : previous.assumedBandwidthBps();
    return new ReceiverConstraints(lastN, selected, onStage, defaultMax, heights, assumed);
  }
}
