package org.huddle.rtp;

import java.util.Locale;

/** The video codecs whose payloads the bridge reads: it marks key frames and layers of these. */
public enum VideoCodec {
  /** Not video, or not read yet. */
  NONE,
  VP8,
  VP9,
  H264,
  AV1,
  /** A codec the bridge forwards without reading it (no layer switching). */
  OTHER;

  /** The codec of an SDP/Jingle encoding name (case-insensitive); OTHER for unknown names. */
  public static VideoCodec of(String name) {
    if (name == null) {
      return OTHER;
    }
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "VP8" -> VP8;
      case "VP9" -> VP9;
      case "H264" -> H264;
      case "AV1", "AV1X" -> AV1;
      default -> OTHER;
    };
  }
}
