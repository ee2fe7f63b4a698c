package org.huddle.videobridge.pipeline;

import org.huddle.videobridge.packet.Packet;

/**
 * Drops datagrams that are not DTLS records before they reach the DTLS association (RFC 6347 §4.1):
 * every record in the datagram needs a 13-byte header, a content type the bridge's DTLS 1.2 knows
 * (change_cipher_spec 20, alert 21, handshake 22, application_data 23, heartbeat 24, tls12_cid 25),
 * a DTLS version (major 254), and a length within the datagram. BouncyCastle would discard such
 * records silently; here they are counted ("malformed", "truncated"). Records that pass but fail
 * authentication are still discarded, uncounted, inside BouncyCastle.
 */
public final class DtlsValidator extends Node {
  static final int HEADER = 13;

  public DtlsValidator(PipelineStats stats) {
    super("dtls-validator", stats);
  }

  @Override
  protected PacketInfo handle(PacketInfo p) {
    Packet k = p.packet();
    String problem = check(k.buffer(), k.offset(), k.length());
    return problem == null ? p : drop(problem);
  }

  /** Why a datagram is not a sequence of DTLS records, or null when it is. */
  static String check(byte[] buf, int off, int len) {
    int end = off + len;
    if (len <= 0) {
      return "truncated";
    }
    int i = off;
    while (i < end) {
      if (end - i < HEADER) {
        return "truncated";
      }
      int type = buf[i] & 0xff;
      int major = buf[i + 1] & 0xff;
      if (type < 20 || type > 25 || major != 254) {
        return "malformed";
      }
      int length = ((buf[i + 11] & 0xff) << 8) | (buf[i + 12] & 0xff);
      i += HEADER + length;
    }
    return i == end ? null : "truncated";
  }
}
