package org.huddle.rtp;

import java.util.ArrayList;
import java.util.List;

/**
 * The feedback messages an SFU relays or answers: Generic NACK (RFC 4585 §6.2.1,
 * https://www.rfc-editor.org/rfc/rfc4585#section-6.2.1), PLI (RFC 4585 §6.3.1) and FIR (RFC 5104
 * §4.3.1, https://www.rfc-editor.org/rfc/rfc5104#section-4.3.1).
 *
 * <pre>
 *  0                   1                   2                   3
 * |V=2|P|   FMT   |       PT      |          length               |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source                         |
 * :            Feedback Control Information (FCI)                 :
 * </pre>
 */
public final class RtcpFeedback {
  public static final int FMT_NACK = 1;
  public static final int FMT_TRANSPORT_CC = 15;
  public static final int FMT_PLI = 1;
  public static final int FMT_FIR = 4;
  public static final int FMT_REMB = 15;

  private RtcpFeedback() {}

  /** Writes a PLI; returns 12, the bytes written. */
  public static int writePli(byte[] buf, int off, long senderSsrc, long mediaSsrc) {
    Rtcp.writeHeader(buf, off, FMT_PLI, Rtcp.PSFB, 12);
    Bytes.put32(buf, off + 4, senderSsrc);
    Bytes.put32(buf, off + 8, mediaSsrc);
    return 12;
  }

  /** Writes a FIR for one media source; returns 20. */
  public static int writeFir(byte[] buf, int off, long senderSsrc, long mediaSsrc, int seqNr) {
    Rtcp.writeHeader(buf, off, FMT_FIR, Rtcp.PSFB, 20);
    Bytes.put32(buf, off + 4, senderSsrc);
    Bytes.put32(buf, off + 8, 0); // RFC 5104 §4.3.1.2: media source SSRC unused, set to 0
    Bytes.put32(buf, off + 12, mediaSsrc);
    buf[off + 16] = (byte) seqNr;
    buf[off + 17] = 0;
    buf[off + 18] = 0;
    buf[off + 19] = 0;
    return 20;
  }

  /** The SSRC a FIR at {@code off} asks a key frame of (its first FCI entry), or -1. */
  public static long firTargetSsrc(byte[] buf, int off, int len) {
    return len >= 20 ? Bytes.u32(buf, off + 12) : -1;
  }

  /**
   * Writes a Generic NACK for the given sequence numbers, packed into PID+BLP pairs.
   *
   * @return bytes written
   */
  public static int writeNack(byte[] buf, int off, long senderSsrc, long mediaSsrc, int[] seqs) {
    int i = off + 12;
    int k = 0;
    while (k < seqs.length) {
      int pid = seqs[k++];
      int blp = 0;
      while (k < seqs.length) {
        int d = Bytes.seqDelta(seqs[k], pid);
        if (d < 1 || d > 16) {
          break;
        }
        blp |= 1 << (d - 1);
        k++;
      }
      Bytes.put16(buf, i, pid);
      Bytes.put16(buf, i + 2, blp);
      i += 4;
    }
    int len = i - off;
    Rtcp.writeHeader(buf, off, FMT_NACK, Rtcp.RTPFB, len);
    Bytes.put32(buf, off + 4, senderSsrc);
    Bytes.put32(buf, off + 8, mediaSsrc);
    return len;
  }

  /** Sequence numbers a NACK at {@code off} asks for. */
  public static List<Integer> nackedSequenceNumbers(byte[] buf, int off, int len) {
    List<Integer> seqs = new ArrayList<>();
    for (int i = off + 12; i + 4 <= off + len; i += 4) {
      int pid = Bytes.u16(buf, i);
      int blp = Bytes.u16(buf, i + 2);
      seqs.add(pid);
      for (int b = 0; b < 16; b++) {
        if ((blp & (1 << b)) != 0) {
          seqs.add((pid + b + 1) & 0xffff);
        }
      }
    }
    return seqs;
  }
}
