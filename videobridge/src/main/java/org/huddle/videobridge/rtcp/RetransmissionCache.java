package org.huddle.videobridge.rtcp;

import org.huddle.videobridge.packet.Packet;

/**
 * The packets recently sent to one receiver, by SSRC and sequence number, so its NACKs can be
 * answered (RFC 4585 §6.2.1). A ring of fixed size per SSRC bounds memory; entries older than the
 * configured age are not resent, since the receiver's jitter buffer has given up on them.
 */
public final class RetransmissionCache {
  // A power of two: about 2.5 s of video at 200 packets/s. With at most 32 streams a receiver's
  // cache holds at most 16k packets; typically far fewer.
  private static final int SLOTS = 512;
  private static final int MAX_STREAMS = 32;

  private final long maxAgeNanos;
  private final SsrcSlots<Ring> rings = new SsrcSlots<>(MAX_STREAMS);

  public RetransmissionCache(long maxAgeNanos) {
    this.maxAgeNanos = maxAgeNanos;
  }

  private static final class Ring {
    final Packet[] packets = new Packet[SLOTS];
    final int[] seqs = new int[SLOTS];
    final long[] times = new long[SLOTS];
  }

  /**
   * Stores a copy of an unencrypted packet about to be sent, in the buffer of the packet it
   * replaces when that is large enough: a full ring allocates nothing.
   */
  public synchronized void store(long ssrc, int seq, Packet packet, long nowNanos) {
    Ring r = rings.get(ssrc);
    if (r == null) {
      r = new Ring();
      if (!rings.add(ssrc, r)) {
        return;
      }
    }
    int slot = seq & (SLOTS - 1);
    r.packets[slot] = packet.copyInto(r.packets[slot]);
    r.seqs[slot] = seq;
    r.times[slot] = nowNanos;
  }

  /** A copy of the packet, or null when it is unknown or too old. */
  public synchronized Packet get(long ssrc, int seq, long nowNanos) {
    Ring r = rings.get(ssrc);
    if (r == null) {
      return null;
    }
    int slot = seq & (SLOTS - 1);
    Packet p = r.packets[slot];
    if (p == null || r.seqs[slot] != seq || nowNanos - r.times[slot] > maxAgeNanos) {
      return null;
    }
    return p.copy();
  }
}
