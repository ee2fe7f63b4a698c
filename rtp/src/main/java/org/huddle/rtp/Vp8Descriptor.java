package org.huddle.rtp;

/**
 * The VP8 payload descriptor of RFC 7741 §4.2 (https://www.rfc-editor.org/rfc/rfc7741#section-4.2)
 * and the key-frame bit and dimensions of the VP8 payload header (§4.3, and RFC 6386 §9.1).
 *
 * <pre>
 *        0 1 2 3 4 5 6 7
 *       +-+-+-+-+-+-+-+-+
 *       |X|R|N|S|R| PID | (REQUIRED)
 *       +-+-+-+-+-+-+-+-+
 *  X:   |I|L|T|K| RSV   | (OPTIONAL)
 *       +-+-+-+-+-+-+-+-+
 *  I:   |M| PictureID   | (OPTIONAL)
 *       +-+-+-+-+-+-+-+-+
 *       |   PictureID   | (when M is set)
 *       +-+-+-+-+-+-+-+-+
 *  L:   |   TL0PICIDX   | (OPTIONAL)
 *       +-+-+-+-+-+-+-+-+
 *  T/K: |TID|Y| KEYIDX  | (OPTIONAL)
 *       +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Offsets are absolute positions in the buffer of the RTP payload's first byte.
 */
public final class Vp8Descriptor {
  private Vp8Descriptor() {}

  /** Descriptor length, or -1 when the payload is too short for the descriptor it announces. */
  public static int length(byte[] buf, int payloadOff, int payloadLen) {
    if (payloadLen < 1) {
      return -1;
    }
    int n = 1;
    if ((buf[payloadOff] & 0x80) != 0) {
      if (payloadLen < 2) {
        return -1;
      }
      int x = buf[payloadOff + 1] & 0xff;
      n = 2;
      if ((x & 0x80) != 0) {
        if (payloadLen < n + 1) {
          return -1;
        }
        n += (buf[payloadOff + n] & 0x80) != 0 ? 2 : 1;
      }
      if ((x & 0x40) != 0) {
        n++;
      }
      if ((x & 0x30) != 0) {
        n++;
      }
    }
    return n <= payloadLen ? n : -1;
  }

  /** S bit with partition index 0: this packet starts a frame. */
  public static boolean isStartOfFrame(byte[] buf, int payloadOff) {
    return (buf[payloadOff] & 0x10) != 0 && (buf[payloadOff] & 0x07) == 0;
  }

  /**
   * True when the packet starts a key frame: start of partition 0 and the payload header's P bit
   * (inverse key frame flag) clear.
   */
  public static boolean isKeyFrame(byte[] buf, int payloadOff, int payloadLen) {
    int d = length(buf, payloadOff, payloadLen);
    if (d < 0 || d >= payloadLen || !isStartOfFrame(buf, payloadOff)) {
      return false;
    }
    return (buf[payloadOff + d] & 0x01) == 0;
  }

  /**
   * Frame height from a key frame's header (RFC 6386 §9.1: 3-byte tag, start code 9d 01 2a, then
   * 14-bit width and height), or -1.
   */
  public static int keyFrameHeight(byte[] buf, int payloadOff, int payloadLen) {
    int d = length(buf, payloadOff, payloadLen);
    if (!isKeyFrame(buf, payloadOff, payloadLen) || payloadLen < d + 10) {
      return -1;
    }
    int p = payloadOff + d;
    if ((buf[p + 3] & 0xff) != 0x9d || (buf[p + 4] & 0xff) != 0x01 || (buf[p + 5] & 0xff) != 0x2a) {
      return -1;
    }
    return ((buf[p + 9] & 0x3f) << 8) | (buf[p + 8] & 0xff);
  }

  /** Offset of the picture ID field, or -1 when there is none. */
  private static int pictureIdOffset(byte[] buf, int payloadOff, int payloadLen) {
    if (length(buf, payloadOff, payloadLen) < 0
        || (buf[payloadOff] & 0x80) == 0
        || (buf[payloadOff + 1] & 0x80) == 0) {
      return -1;
    }
    return payloadOff + 2;
  }

  /** The picture ID (7 or 15 bits), or -1 when there is none. */
  public static int pictureId(byte[] buf, int payloadOff, int payloadLen) {
    int i = pictureIdOffset(buf, payloadOff, payloadLen);
    if (i < 0) {
      return -1;
    }
    return PictureId.read(buf, i);
  }

  /** Rewrites the picture ID in place, keeping its 7- or 15-bit width. */
  public static void setPictureId(byte[] buf, int payloadOff, int payloadLen, int pictureId) {
    int i = pictureIdOffset(buf, payloadOff, payloadLen);
    if (i < 0) {
      return;
    }
    PictureId.write(buf, i, pictureId);
  }

  /** True when the picture ID is the 15-bit form. */
  public static boolean hasLongPictureId(byte[] buf, int payloadOff, int payloadLen) {
    int i = pictureIdOffset(buf, payloadOff, payloadLen);
    return i >= 0 && (buf[i] & 0x80) != 0;
  }

  private static int tl0Offset(byte[] buf, int payloadOff, int payloadLen) {
    if (length(buf, payloadOff, payloadLen) < 0 || (buf[payloadOff] & 0x80) == 0) {
      return -1;
    }
    int x = buf[payloadOff + 1] & 0xff;
    if ((x & 0x40) == 0) {
      return -1;
    }
    int i = payloadOff + 2;
    if ((x & 0x80) != 0) {
      i += (buf[i] & 0x80) != 0 ? 2 : 1;
    }
    return i;
  }

  /** TL0PICIDX, or -1. */
  public static int tl0PicIdx(byte[] buf, int payloadOff, int payloadLen) {
    int i = tl0Offset(buf, payloadOff, payloadLen);
    return i < 0 ? -1 : buf[i] & 0xff;
  }

  public static void setTl0PicIdx(byte[] buf, int payloadOff, int payloadLen, int value) {
    int i = tl0Offset(buf, payloadOff, payloadLen);
    if (i >= 0) {
      buf[i] = (byte) value;
    }
  }
}
