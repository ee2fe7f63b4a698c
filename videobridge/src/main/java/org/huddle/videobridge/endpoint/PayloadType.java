package org.huddle.videobridge.endpoint;

import java.util.List;
import java.util.Map;

/**
 * A negotiated payload type (Jingle {@code payload-type}, XEP-0167 §7).
 *
 * @param id the RTP payload type number
 * @param name codec name: opus, VP8, VP9, AV1, H264, rtx, red, telephone-event
 * @param clockRate RTP clock rate
 * @param channels audio channels
 * @param parameters fmtp parameters (rtx has "apt")
 * @param rtcpFb rtcp-fb types, "type" or "type subtype" ("nack pli", "ccm fir", "transport-cc")
 */
public record PayloadType(
    int id,
    String name,
    int clockRate,
    int channels,
    Map<String, String> parameters,
    List<String> rtcpFb) {

  public PayloadType {
    parameters = Map.copyOf(parameters);
    rtcpFb = List.copyOf(rtcpFb);
  }

  public boolean isRtx() {
    return "rtx".equalsIgnoreCase(name);
  }

  /** The associated payload type of an RTX payload type, or -1. */
  public int apt() {
    try {
      return isRtx() ? Integer.parseInt(parameters.getOrDefault("apt", "-1")) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
