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

  /**
   * Bytes past the RTP header (with its extensions) that a receiver's projection may rewrite: the
   * VP8 and VP9 payload descriptors' picture ID and TL0PICIDX lie within the first 6.
   */
  private static final int DESCRIPTOR_BYTES = 32;

  /**
   * Room per slot for those first bytes, all slots in one array so that storing touches memory in
   * order; a packet whose header is longer is copied whole.
   */
  private static final int HEAD_ROOM = 128;

  private static final class Ring {
    /** Copies of whole packets, for packets that were not copied from a shared one. */
    final Packet[] packets = new Packet[SLOTS];

    /** Else the shared packet the sent one was copied from, and the sent one's first bytes. */
    final Packet[] sources = new Packet[SLOTS];

    final byte[] heads = new byte[SLOTS * HEAD_ROOM];
    final int[] headLengths = new int[SLOTS];
    final int[] seqs = new int[SLOTS];
    final long[] times = new long[SLOTS];
  }

  /** As {@link #store(long, int, Packet, Packet, long)} for a packet not copied from another. */
  public void store(long ssrc, int seq, Packet packet, long nowNanos) {
    store(ssrc, seq, packet, null, nowNanos);
  }

  /**
   * Stores an unencrypted packet about to be sent. When it was copied from {@code source} (a packet
   * the fan-out shares among receivers, which nobody writes to any more) and differs from it only
   * in its header and payload descriptor, only those first bytes are copied and the source is kept:
   * every receiver's cache then holds the same payload once. Else a copy of the whole packet is
   * kept, in the buffer of the packet it replaces when that is large enough.
   */
  public synchronized void store(long ssrc, int seq, Packet packet, Packet source, long nowNanos) {
    Ring r = rings.get(ssrc);
    if (r == null) {
      r = new Ring();
      if (!rings.add(ssrc, r)) {
        return;
      }
    }
    int slot = seq & (SLOTS - 1);
    int head = headLength(packet, source);
    if (head >= 0 && head <= HEAD_ROOM) {
      System.arraycopy(packet.buffer(), packet.offset(), r.heads, slot * HEAD_ROOM, head);
      r.headLengths[slot] = head;
      r.sources[slot] = source;
      r.packets[slot] = null;
    } else {
      r.packets[slot] = packet.copyInto(r.packets[slot]);
      r.sources[slot] = null;
    }
    r.seqs[slot] = seq;
    r.times[slot] = nowNanos;
  }

  /**
   * How many first bytes of {@code packet} differ from {@code source}, rounded up to the header and
   * {@value #DESCRIPTOR_BYTES} more; -1 when more differs or there is no source.
   */
  private static int headLength(Packet packet, Packet source) {
    int len = packet.length();
    if (source == null || source.length() != len) {
      return -1;
    }
    byte[] b = packet.buffer();
    int o = packet.offset();
    int header = org.huddle.rtp.RtpHeader.headerLength(b, o, len);
    if (header < 0) {
      return -1;
    }
    int head = Math.min(len, header + DESCRIPTOR_BYTES);
    int so = source.offset();
    boolean sameTail =
        java.util.Arrays.equals(b, o + head, o + len, source.buffer(), so + head, so + len);
    return sameTail ? head : -1;
  }

  /** A copy of the packet, or null when it is unknown or too old. */
  public synchronized Packet get(long ssrc, int seq, long nowNanos) {
    Ring r = rings.get(ssrc);
    if (r == null) {
      return null;
    }
    int slot = seq & (SLOTS - 1);
    if (r.seqs[slot] != seq || nowNanos - r.times[slot] > maxAgeNanos) {
      return null;
    }
    Packet source = r.sources[slot];
    if (source != null) {
      Packet c = source.copy();
      System.arraycopy(r.heads, slot * HEAD_ROOM, c.buffer(), c.offset(), r.headLengths[slot]);
      return c;
    }
    Packet p = r.packets[slot];
    return p == null ? null : p.copy();
  }
}
