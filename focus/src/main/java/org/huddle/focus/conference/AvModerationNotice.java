package org.huddle.focus.conference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One message from the A/V moderation component to the focus (docs/wire.md, "A/V moderation"), read
 * from its {@code json-message}: either a medium's moderation turned on or off ({@code enabled},
 * with the {@code actor} who did it), or the whitelists after a change ({@code whitelists}, {@code
 * removed} when someone was taken off). Media other than audio and video (Jitsi's {@code desktop})
 * are left out: the focus mutes audio and video.
 *
 * @param room the room's bare JID
 * @param video the medium, when it is audio or video: true for video
 * @param enabled set when moderation of the medium was turned on or off, else null
 * @param actor the occupant JID that turned it on or off, or null
 * @param whitelists by medium (false: audio, true: video), the occupant JIDs allowed to unmute;
 *     null when the message carries none
 */
record AvModerationNotice(
    String room,
    Boolean video,
    Boolean enabled,
    String actor,
    Map<Boolean, List<String>> whitelists) {
  static final int MAX_JSON = 65_536;

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(4)
                .maxDocumentLength(MAX_JSON)
                .maxStringLength(MAX_JSON)
                .build());
  }

  /** The notice, or null when the text is not an {@code av_moderation} message the focus reads. */
  static AvModerationNotice parse(String text) {
    if (text == null || text.length() > MAX_JSON) {
      return null;
    }
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (n == null
        || !n.isObject()
        || !"av_moderation".equals(n.path("type").asText(null))
        || !n.path("room").isTextual()) {
      return null;
    }
    Boolean video = medium(n.path("mediaType").asText(""));
    JsonNode enabled = n.get("enabled");
    if (enabled != null) {
      return enabled.isBoolean() && video != null
          ? new AvModerationNotice(
              n.get("room").textValue(),
              video,
              enabled.booleanValue(),
              n.path("actor").asText(null),
              null)
          : null;
    }
    JsonNode lists = n.get("whitelists");
    if (lists == null || !lists.isObject()) {
      return null;
    }
    Map<Boolean, List<String>> whitelists = new LinkedHashMap<>();
    if (video != null) {
      whitelists.put(video, List.of()); // an emptied list is left out of the message
    }
    for (var e : lists.properties()) {
      Boolean v = medium(e.getKey());
      if (v == null) {
        continue;
      }
      if (!e.getValue().isArray()) {
        return null;
      }
      List<String> jids = new ArrayList<>();
      for (JsonNode j : e.getValue()) {
        if (!j.isTextual()) {
          return null;
        }
        jids.add(j.textValue());
      }
      whitelists.put(v, List.copyOf(jids));
    }
    return new AvModerationNotice(n.get("room").textValue(), video, null, null, whitelists);
  }

  private static Boolean medium(String mediaType) {
    return switch (mediaType) {
      case "audio" -> false;
      case "video" -> true;
      default -> null;
    };
  }
}
