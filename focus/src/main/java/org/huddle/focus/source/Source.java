package org.huddle.focus.source;

/**
 * One RTP stream (XEP-0339 {@code <source ssrc=>}) with Jitsi's attributes.
 *
 * @param ssrc the SSRC, 1 to 2^32-1
 * @param media audio or video
 * @param name the source name, e.g. {@code a1b2c3d4-v0}, or null
 * @param msid the msid parameter, or null
 * @param videoType {@code camera} or {@code desktop}, or null
 */
public record Source(long ssrc, MediaType media, String name, String msid, String videoType) {
  /** Whether this is a screen share. */
  public boolean desktop() {
    return "desktop".equalsIgnoreCase(videoType);
  }
}
