package org.huddle.rtp;

/**
 * Reads and rewrites the fixed RTP header of RFC 3550 §5.1
 * (https://www.rfc-editor.org/rfc/rfc3550#section-5.1) in place.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * </pre>
 *
 * Every accessor assumes {@link #isValid} held for the same bytes.
 */
public final class RtpHeader {
  public static final int FIXED_LENGTH = 12;

  private RtpHeader() {}

  /**
   * True when the bytes hold a complete version-2 header, its CSRCs and its extension block, and
   * the padding count fits in what remains.
   */
  public static boolean isValid(byte[] buf, int off, int len) {
    if (len < FIXED_LENGTH || (buf[off] & 0xc0) != 0x80) {
      return false;
    }
    int header = headerLengthUnchecked(buf, off, len);
    if (header < 0 || header > len) {
      return false;
    }
    if (hasPadding(buf, off)) {
      int pad = buf[off + len - 1] & 0xff;
      return pad > 0 && header + pad <= len;
    }
    return true;
  }

  private static int headerLengthUnchecked(byte[] buf, int off, int len) {
    int n = FIXED_LENGTH + 4 * csrcCount(buf, off);
    if (hasExtension(buf, off)) {
      if (n + 4 > len) {
        return -1;
      }
      n += 4 + 4 * Bytes.u16(buf, off + n + 2);
    }
    return n;
  }

  public static boolean hasPadding(byte[] buf, int off) {
    return (buf[off] & 0x20) != 0;
  }

  public static boolean hasExtension(byte[] buf, int off) {
    return (buf[off] & 0x10) != 0;
  }

  public static int csrcCount(byte[] buf, int off) {
    return buf[off] & 0x0f;
  }

  public static boolean marker(byte[] buf, int off) {
    return (buf[off + 1] & 0x80) != 0;
  }

  public static int payloadType(byte[] buf, int off) {
    return buf[off + 1] & 0x7f;
  }

  public static void setPayloadType(byte[] buf, int off, int pt) {
    buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | (pt & 0x7f));
  }

  public static int sequenceNumber(byte[] buf, int off) {
    return Bytes.u16(buf, off + 2);
  }

  public static void setSequenceNumber(byte[] buf, int off, int seq) {
    Bytes.put16(buf, off + 2, seq);
  }

  public static long timestamp(byte[] buf, int off) {
    return Bytes.u32(buf, off + 4);
  }

  public static void setTimestamp(byte[] buf, int off, long ts) {
    Bytes.put32(buf, off + 4, ts);
  }

  public static long ssrc(byte[] buf, int off) {
    return Bytes.u32(buf, off + 8);
  }

  public static void setSsrc(byte[] buf, int off, long ssrc) {
    Bytes.put32(buf, off + 8, ssrc);
  }

  /** Length of the fixed header, CSRCs and extension block. */
  public static int headerLength(byte[] buf, int off, int len) {
    return headerLengthUnchecked(buf, off, len);
  }

  /** Bytes of payload, without the header and without padding (RFC 3550 §5.1, P bit). */
  public static int payloadLength(byte[] buf, int off, int len) {
    int pad = hasPadding(buf, off) ? buf[off + len - 1] & 0xff : 0;
    return len - headerLength(buf, off, len) - pad;
  }

  /**
   * Writes a fresh header with no CSRCs and no extension.
   *
   * @return the header length, 12
   */
  public static int write(
      byte[] buf, int off, boolean marker, int pt, int seq, long timestamp, long ssrc) {
    buf[off] = (byte) 0x80;
    buf[off + 1] = (byte) ((marker ? 0x80 : 0) | (pt & 0x7f));
    setSequenceNumber(buf, off, seq);
    setTimestamp(buf, off, timestamp);
    setSsrc(buf, off, ssrc);
    return FIXED_LENGTH;
  }
}
