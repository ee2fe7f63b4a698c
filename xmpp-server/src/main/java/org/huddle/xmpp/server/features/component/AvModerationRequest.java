package org.huddle.xmpp.server.features.component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;

/**
 * One request to the A/V moderation component, read from either form a client may send
 * (docs/wire.md, "A/V moderation"): lib-jitsi-meet's {@code <av_moderation/>} element with
 * attributes, or the same keys as JSON in a {@code json-message} with {@code "type":
 * "av_moderation"}. Exactly one of {@code enable}, {@code jidToWhitelist} and {@code
 * jidToBlacklist} says what is asked.
 *
 * @param mediaType {@code audio}, {@code video} or {@code desktop}
 * @param enable true to turn moderation on for that medium, false to turn it off; null otherwise
 * @param approve the occupant JID to allow to unmute, or null
 * @param reject the occupant JID to take that permission from, or null
 * @param room the room the JSON form names, or null (then the sender's room is meant)
 */
record AvModerationRequest(
    String mediaType, Boolean enable, String approve, String reject, String room) {
  static final String ELEMENT = "av_moderation";
  static final Set<String> MEDIA = Set.of("audio", "video", "desktop");

  /** The longest JSON request read, in characters; a request is a few short values. */
  static final int MAX_JSON = 4096;

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(4)
                .maxStringLength(MAX_JSON)
                .maxDocumentLength(MAX_JSON)
                .build());
  }

  /** Why a request cannot be read; the message is what the sender is told. */
  static final class Invalid extends Exception {
    final boolean tooLarge;

    Invalid(String message, boolean tooLarge) {
      super(message);
      this.tooLarge = tooLarge;
    }
  }

  /**
   * The request a message carries, or null when it carries none (neither form).
   *
   * @throws Invalid when it carries one that cannot be read
   */
  static AvModerationRequest of(Element message) throws Invalid {
    Element attrs = message.child(ELEMENT, Namespaces.CLIENT);
    if (attrs != null) {
      return checked(
          attrs.attr("mediaType"),
          bool(attrs.attr("enable")),
          attrs.attr("jidToWhitelist"),
          attrs.attr("jidToBlacklist"),
          null);
    }
    Element json = message.child(JsonMessage.ELEMENT, JsonMessage.NAMESPACE);
    return json == null ? null : json(json.text());
  }

  private static AvModerationRequest json(String text) throws Invalid {
    if (text.length() > MAX_JSON) {
      throw new Invalid("a request is at most " + MAX_JSON + " characters", true);
    }
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new Invalid("the json-message is not JSON", false);
    }
    if (n == null || !n.isObject()) {
      throw new Invalid("the json-message is not a JSON object", false);
    }
    if (!ELEMENT.equals(n.path("type").asText(null))) {
      throw new Invalid("the json-message's type is not av_moderation", false);
    }
    JsonNode enable = n.get("enable");
    if (enable != null && !enable.isBoolean()) {
      throw new Invalid("enable is true or false", false);
    }
    return checked(
        string(n, "mediaType"),
        enable == null ? null : enable.booleanValue(),
        string(n, "jidToWhitelist"),
        string(n, "jidToBlacklist"),
        string(n, "room"));
  }

  private static String string(JsonNode n, String key) throws Invalid {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new Invalid(key + " is a string", false);
    }
    return v.textValue();
  }

  private static Boolean bool(String s) throws Invalid {
    if (s == null) {
      return null;
    }
    return switch (s) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new Invalid("enable is true or false", false);
    };
  }

  private static AvModerationRequest checked(
      String mediaType, Boolean enable, String approve, String reject, String room) throws Invalid {
    if (mediaType == null || !MEDIA.contains(mediaType)) {
      throw new Invalid("mediaType is audio, video or desktop", false);
    }
    int asked = (enable != null ? 1 : 0) + (approve != null ? 1 : 0) + (reject != null ? 1 : 0);
    if (asked != 1) {
      throw new Invalid("a request has one of enable, jidToWhitelist and jidToBlacklist", false);
    }
    return new AvModerationRequest(mediaType, enable, approve, reject, room);
  }
}
