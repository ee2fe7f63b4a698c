package org.huddle.rtp;

/**
 * Transport-wide congestion control feedback, draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §3.1 (https://datatracker.ietf.org/doc/html/draft-holmer-rmcat-transport-wide-cc-extensions-01),
 * and its RTP header extension (§2: a 16-bit transport-wide sequence number).
 *
 * <pre>
 * |V=2|P|  FMT=15 |    PT=205     |           length              |
 * |                     SSRC of packet sender                     |
 * |                      SSRC of media source                     |
 * |      base sequence number     |      packet status count      |
 * |                 reference time                | fb pkt. count |
 * |          packet chunk         |         packet chunk          |
 * |         recv delta            |  recv delta   | zero padding  |
 * </pre>
 *
 * Arrival times are in microseconds on the sender's clock, from 0; a negative time means "not
 * received".
 */
public final class TransportCc {
  private static final int STATUS_NOT_RECEIVED = 0;
  private static final int STATUS_SMALL_DELTA = 1;
  private static final int STATUS_LARGE_DELTA = 2;

  private TransportCc() {}

  /** The transport-wide sequence number in the packet, or -1. */
  public static int readSequence(byte[] buf, int off, int len, int extensionId) {
    long found = HeaderExtensions.find(buf, off, len, extensionId);
    if (found < 0 || HeaderExtensions.dataLength(found) < 2) {
      return -1;
    }
    return Bytes.u16(buf, HeaderExtensions.dataOffset(found));
  }

  /** Rewrites the transport-wide sequence number in place; false when the packet has none. */
  public static boolean writeSequence(byte[] buf, int off, int len, int extensionId, int seq) {
    long found = HeaderExtensions.find(buf, off, len, extensionId);
    if (found < 0 || HeaderExtensions.dataLength(found) < 2) {
      return false;
    }
    Bytes.put16(buf, HeaderExtensions.dataOffset(found), seq);
    return true;
  }

  /**
   * Writes feedback for {@code arrivalsMicros.length} packets starting at {@code baseSeq}. Uses
   * two-bit status vector chunks throughout, which every reader must accept. A delta between two
   * received packets beyond the format's +-8.19 s is clamped to it (that packet's time is then
   * wrong, the ones after it are not); one feedback interval is far shorter.
   *
   * @return bytes written; the buffer needs 20 + 2 * ceil(n / 7) + 2 * n + 3 bytes
   */
  public static int write(
      byte[] buf,
      int off,
      long senderSsrc,
      long mediaSsrc,
      int baseSeq,
      long[] arrivalsMicros,
      int feedbackCount) {
    int n = arrivalsMicros.length;
    long reference = -1;
    for (long a : arrivalsMicros) {
      if (a >= 0) {
        reference = a / 64_000;
        break;
      }
    }
    if (reference < 0) {
      reference = 0;
    }
    Bytes.put32(buf, off + 4, senderSsrc);
    Bytes.put32(buf, off + 8, mediaSsrc);
    Bytes.put16(buf, off + 12, baseSeq);
    Bytes.put16(buf, off + 14, n);
    Bytes.put24(buf, off + 16, (int) (reference & 0xffffff));
    buf[off + 19] = (byte) feedbackCount;
    int[] status = new int[n];
    int[] delta = new int[n];
    long previous = reference * 64_000;
    for (int k = 0; k < n; k++) {
      if (arrivalsMicros[k] < 0) {
        status[k] = STATUS_NOT_RECEIVED;
        continue;
      }
      long d = Math.round((arrivalsMicros[k] - previous) / 250.0);
      d = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, d));
      status[k] = d >= 0 && d <= 255 ? STATUS_SMALL_DELTA : STATUS_LARGE_DELTA;
      delta[k] = (int) d;
      previous += d * 250;
    }
    int i = off + 20;
    for (int k = 0; k < n; k += 7) {
      int chunk = 0xc000; // T=1, S=1: seven 2-bit symbols
      for (int j = 0; j < 7; j++) {
        int s = k + j < n ? status[k + j] : 0;
        chunk |= s << (12 - 2 * j);
      }
      Bytes.put16(buf, i, chunk);
      i += 2;
    }
    for (int k = 0; k < n; k++) {
      if (status[k] == STATUS_SMALL_DELTA) {
        buf[i++] = (byte) delta[k];
      } else if (status[k] == STATUS_LARGE_DELTA) {
        Bytes.put16(buf, i, delta[k]);
        i += 2;
      }
    }
    while ((i - off) % 4 != 0) {
      buf[i++] = 0;
    }
    int len = i - off;
    Rtcp.writeHeader(buf, off, RtcpFeedback.FMT_TRANSPORT_CC, Rtcp.RTPFB, len);
    return len;
  }

  /** Receives each reported packet of a feedback message. */
  @FunctionalInterface
  public interface ArrivalVisitor {
    /**
     * @param seq the transport-wide sequence number
     * @param arrivalMicros its arrival time, or -1 when it was reported lost
     */
    void packet(int seq, long arrivalMicros);
  }

  /** Reads feedback at {@code off}; false when it is malformed. */
  public static boolean read(byte[] buf, int off, int len, ArrivalVisitor visitor) {
    if (len < 20) {
      return false;
    }
    int end = off + len;
    int base = Bytes.u16(buf, off + 12);
    int count = Bytes.u16(buf, off + 14);
    // The draft calls the reference time signed, but its time base is the sender's own and only
    // differences matter. Read as signed, a reference of 2^23 or more (a sender's clock past 6.2
    // days in 64 ms units) would put every arrival below zero, where it reads as "not received".
    int refRaw = Bytes.u24(buf, off + 16);
    int[] status = new int[count];
    int i = off + 20;
    int filled = 0;
    while (filled < count) {
      if (i + 2 > end) {
        return false;
      }
      int chunk = Bytes.u16(buf, i);
      i += 2;
      if ((chunk & 0x8000) == 0) {
        int s = (chunk >>> 13) & 0x3;
        int run = chunk & 0x1fff;
        for (int j = 0; j < run && filled < count; j++) {
          status[filled++] = s;
        }
      } else if ((chunk & 0x4000) == 0) {
        for (int j = 0; j < 14 && filled < count; j++) {
          status[filled++] = (chunk >>> (13 - j)) & 0x1;
        }
      } else {
        for (int j = 0; j < 7 && filled < count; j++) {
          status[filled++] = (chunk >>> (12 - 2 * j)) & 0x3;
        }
      }
    }
    long time = (long) refRaw * 64_000;
    for (int k = 0; k < count; k++) {
      int seq = (base + k) & 0xffff;
      switch (status[k]) {
        case STATUS_SMALL_DELTA -> {
          if (i + 1 > end) {
            return false;
          }
          time += (buf[i++] & 0xff) * 250L;
          visitor.packet(seq, time);
        }
        case STATUS_LARGE_DELTA -> {
          if (i + 2 > end) {
            return false;
          }
          time += (short) Bytes.u16(buf, i) * 250L;
          i += 2;
          if (time < 0) {
            // Negative deltas below the reference's time zero: no receiver's clock gives that,
            // and a negative time would read as "not received" (RtcpFuzzTest,
            // crash-tcc-arrival-before-time-zero).
            return false;
          }
          visitor.packet(seq, time);
        }
        case STATUS_NOT_RECEIVED -> visitor.packet(seq, -1);
        default -> {
          return false;
        }
      }
    }
    return true;
  }
}
