package org.huddle.rtp;

/**
 * What a datagram on a bundled ICE transport carries, from its first byte as RFC 7983 §7 tables it
 * (https://www.rfc-editor.org/rfc/rfc7983#section-7), and RTP from RTCP by the second byte as RFC
 * 5761 §4 says.
 *
 * <pre>
 *                  +----------------+
 *                  |        [0..3] -+--> forward to STUN
 *                  |                |
 *                  |      [16..19] -+--> forward to ZRTP
 *                  |                |
 *      packet -->  |      [20..63] -+--> forward to DTLS
 *                  |                |
 *                  |      [64..79] -+--> forward to TURN Channel
 *                  |                |
 *                  |    [128..191] -+--> forward to RTP/RTCP
 *                  +----------------+
 * </pre>
 */
public enum PacketClass {
  STUN,
  ZRTP,
  DTLS,
  TURN_CHANNEL,
  RTP,
  RTCP,
  /** Anything else, including datagrams too short to classify. */
  UNKNOWN;

  /** Classifies a datagram. Pure: no state, never throws. */
  public static PacketClass of(byte[] buf, int off, int len) {
    if (len < 1) {
      return UNKNOWN;
    }
    int b = buf[off] & 0xff;
    if (b <= 3) {
      return STUN;
    }
    if (b >= 16 && b <= 19) {
      return ZRTP;
    }
    if (b >= 20 && b <= 63) {
      return DTLS;
    }
    if (b >= 64 && b <= 79) {
      return TURN_CHANNEL;
    }
    if (b >= 128 && b <= 191) {
      if (len < 2) {
        return UNKNOWN;
      }
      // RFC 5761 §4: payload types 64-95 (with the marker bit, 192-223) are RTCP packet types.
      int pt = buf[off + 1] & 0x7f;
      return pt >= 64 && pt <= 95 ? RTCP : RTP;
    }
    return UNKNOWN;
  }
}
