package org.huddle.rtp;

/**
 * Finds RTP header extension elements in the one-byte (0xBEDE) and two-byte (0x100X) forms of RFC
 * 8285 §4 (https://www.rfc-editor.org/rfc/rfc8285#section-4).
 *
 * <p>A lookup returns {@code (offset << 8) | length} of the element's data within the packet
 * buffer, or -1; the packed int avoids an allocation per packet on the forwarding path.
 */
public final class HeaderExtensions {
  private HeaderExtensions() {}

  /** Finds element {@code id}; -1 when absent or when the block is malformed. */
  public static long find(byte[] buf, int off, int len, int id) {
    if (id <= 0 || !RtpHeader.hasExtension(buf, off)) {
      return -1;
    }
    int blockStart = off + RtpHeader.FIXED_LENGTH + 4 * RtpHeader.csrcCount(buf, off);
    if (blockStart + 4 > off + len) {
      return -1;
    }
    int profile = Bytes.u16(buf, blockStart);
    int end = blockStart + 4 + 4 * Bytes.u16(buf, blockStart + 2);
    if (end > off + len) {
      return -1;
    }
    int i = blockStart + 4;
    if (profile == 0xBEDE) {
      while (i < end) {
        int b = buf[i] & 0xff;
        if (b == 0) { // padding
          i++;
          continue;
        }
        int elementId = b >>> 4;
        int elementLen = (b & 0x0f) + 1;
        if (elementId == 15) { // RFC 8285 §4.2: stop parsing
          return -1;
        }
        if (i + 1 + elementLen > end) {
          return -1;
        }
        if (elementId == id) {
          return ((long) (i + 1) << 8) | elementLen;
        }
        i += 1 + elementLen;
      }
    } else if ((profile & 0xfff0) == 0x1000) {
      while (i < end) {
        int elementId = buf[i] & 0xff;
        if (elementId == 0) {
          i++;
          continue;
        }
        if (i + 2 > end) {
          return -1;
        }
        int elementLen = buf[i + 1] & 0xff;
        if (i + 2 + elementLen > end) {
          return -1;
        }
        if (elementId == id) {
          return ((long) (i + 2) << 8) | elementLen;
        }
        i += 2 + elementLen;
      }
    }
    return -1;
  }

  public static int dataOffset(long found) {
    return (int) (found >>> 8);
  }

  public static int dataLength(long found) {
    return (int) (found & 0xff);
  }
}
