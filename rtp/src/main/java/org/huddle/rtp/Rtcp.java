package org.huddle.rtp;

/**
 * RTCP common header and compound packets, RFC 3550 §6.1 and §6.4
 * (https://www.rfc-editor.org/rfc/rfc3550#section-6.4).
 *
 * <pre>
 *  0                   1                   2                   3
 * |V=2|P|    RC   |   PT=SR=200   |             length            |
 * |                         SSRC of sender                        |
 * </pre>
 *
 * Offsets passed to readers are the first byte of one RTCP packet inside a compound packet.
 */
public final class Rtcp {
  public static final int SR = 200;
  public static final int RR = 201;
  public static final int SDES = 202;
  public static final int BYE = 203;
  public static final int APP = 204;

  /** Transport-layer feedback, RFC 4585 §6.2. */
  public static final int RTPFB = 205;

  /** Payload-specific feedback, RFC 4585 §6.3. */
  public static final int PSFB = 206;

  /** Report block size, RFC 3550 §6.4.1. */
  public static final int REPORT_BLOCK_LENGTH = 24;

  private Rtcp() {}

  /** Receives each packet of a compound packet. */
  @FunctionalInterface
  public interface Visitor {
    void packet(int type, int countOrFormat, int off, int len);
  }

  /**
   * Walks a compound packet. Returns false (having visited nothing past the bad part) when a header
   * is malformed or a length runs past the end; the whole compound is then to be dropped.
   */
  public static boolean validate(byte[] buf, int off, int len) {
    return forEach(buf, off, len, (t, c, o, l) -> {});
  }

  /** Visits every packet; false when the compound is malformed (visiting stops there). */
  public static boolean forEach(byte[] buf, int off, int len, Visitor visitor) {
    int end = off + len;
    int i = off;
    if (len < 4) {
      return false;
    }
    while (i < end) {
      if (end - i < 4 || (buf[i] & 0xc0) != 0x80) {
        return false;
      }
      int type = buf[i + 1] & 0xff;
      if (type < 192 || type > 223) {
        return false;
      }
      int plen = (Bytes.u16(buf, i + 2) + 1) * 4;
      if (i + plen > end || plen < 8 && type != BYE && type != SDES) {
        return false;
      }
      visitor.packet(type, buf[i] & 0x1f, i, plen);
      i += plen;
    }
    return true;
  }

  /** SSRC of the packet's sender (all RTCP types we use carry it at offset 4). */
  public static long senderSsrc(byte[] buf, int off) {
    return Bytes.u32(buf, off + 4);
  }

  /** Media source SSRC of an RFC 4585 feedback message (offset 8). */
  public static long mediaSsrc(byte[] buf, int off) {
    return Bytes.u32(buf, off + 8);
  }

  /** Writes the common header; {@code len} is the packet length in bytes (a multiple of 4). */
  public static void writeHeader(byte[] buf, int off, int countOrFormat, int type, int len) {
    buf[off] = (byte) (0x80 | (countOrFormat & 0x1f));
    buf[off + 1] = (byte) type;
    Bytes.put16(buf, off + 2, len / 4 - 1);
  }

  /** One report block of an SR or RR (RFC 3550 §6.4.1). */
  public record ReportBlock(
      long ssrc,
      int fractionLost,
      int cumulativeLost,
      long extendedHighestSeq,
      long jitter,
      long lastSr,
      long delaySinceLastSr) {

    void write(byte[] buf, int i) {
      Bytes.put32(buf, i, ssrc);
      buf[i + 4] = (byte) fractionLost;
      Bytes.put24(buf, i + 5, Math.max(-0x800000, Math.min(0x7fffff, cumulativeLost)) & 0xffffff);
      Bytes.put32(buf, i + 8, extendedHighestSeq);
      Bytes.put32(buf, i + 12, jitter);
      Bytes.put32(buf, i + 16, lastSr);
      Bytes.put32(buf, i + 20, delaySinceLastSr);
    }

    static ReportBlock read(byte[] buf, int i) {
      int lost = Bytes.u24(buf, i + 5);
      if ((lost & 0x800000) != 0) {
        lost |= 0xff000000;
      }
      return new ReportBlock(
          Bytes.u32(buf, i),
          buf[i + 4] & 0xff,
          lost,
          Bytes.u32(buf, i + 8),
          Bytes.u32(buf, i + 12),
          Bytes.u32(buf, i + 16),
          Bytes.u32(buf, i + 20));
    }
  }

  /** Report blocks of an SR or RR that starts at {@code off}. */
  public static java.util.List<ReportBlock> reportBlocks(byte[] buf, int off, int len) {
    int type = buf[off + 1] & 0xff;
    int count = buf[off] & 0x1f;
    int first = off + (type == SR ? 28 : 8);
    java.util.List<ReportBlock> blocks = new java.util.ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      int i = first + k * REPORT_BLOCK_LENGTH;
      if (i + REPORT_BLOCK_LENGTH > off + len) {
        break;
      }
      blocks.add(ReportBlock.read(buf, i));
    }
    return blocks;
  }

  /** The middle 32 bits of an SR's NTP timestamp, as an RR's LSR field wants them (§6.4.1). */
  public static long srCompactNtp(byte[] buf, int off) {
    return (Bytes.u32(buf, off + 8) << 16 | Bytes.u32(buf, off + 12) >>> 16) & 0xffffffffL;
  }

  /**
   * Writes a receiver report (RFC 3550 §6.4.2).
   *
   * @return bytes written
   */
  public static int writeReceiverReport(
      byte[] buf, int off, long senderSsrc, java.util.List<ReportBlock> blocks) {
    int n = Math.min(31, blocks.size());
    int len = 8 + n * REPORT_BLOCK_LENGTH;
    writeHeader(buf, off, n, RR, len);
    Bytes.put32(buf, off + 4, senderSsrc);
    for (int k = 0; k < n; k++) {
      blocks.get(k).write(buf, off + 8 + k * REPORT_BLOCK_LENGTH);
    }
    return len;
  }

  /**
   * Writes a sender report with no report blocks (RFC 3550 §6.4.1).
   *
   * @return bytes written, 28
   */
  public static int writeSenderReport(
      byte[] buf,
      int off,
      long senderSsrc,
      long ntpMsw,
      long ntpLsw,
      long rtpTimestamp,
      long packetCount,
      long octetCount) {
    writeHeader(buf, off, 0, SR, 28);
    Bytes.put32(buf, off + 4, senderSsrc);
    Bytes.put32(buf, off + 8, ntpMsw);
    Bytes.put32(buf, off + 12, ntpLsw);
    Bytes.put32(buf, off + 16, rtpTimestamp);
    Bytes.put32(buf, off + 20, packetCount);
    Bytes.put32(buf, off + 24, octetCount);
    return 28;
  }

  /** Sender's RTP timestamp in an SR at {@code off}. */
  public static long srRtpTimestamp(byte[] buf, int off) {
    return Bytes.u32(buf, off + 16);
  }
}
