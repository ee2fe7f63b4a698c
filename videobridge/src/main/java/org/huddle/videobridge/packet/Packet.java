package org.huddle.videobridge.packet;

/**
 * A datagram's bytes with room around them: SRTP needs space at the end for its tag, and the bridge
 * copies each forwarded packet once per receiver. Not thread-safe; a packet belongs to one pipeline
 * at a time.
 */
public final class Packet {
  /** Bytes reserved after the payload: SRTP auth tag (up to 16) plus an SRTCP index (4). */
  public static final int TAIL_ROOM = 32;

  private byte[] buffer;
  private int offset;
  private int length;

  private Packet(byte[] buffer, int offset, int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
  }

  /** Copies {@code len} bytes into a new packet with tail room. */
  public static Packet copyOf(byte[] src, int off, int len) {
    byte[] b = new byte[len + TAIL_ROOM];
    System.arraycopy(src, off, b, 0, len);
    return new Packet(b, 0, len);
  }

  /** Wraps an existing buffer without copying. */
  public static Packet wrap(byte[] buffer, int off, int len) {
    return new Packet(buffer, off, len);
  }

  public Packet copy() {
    return copyOf(buffer, offset, length);
  }

  /**
   * A copy of this packet in {@code reuse}'s buffer when that has room for it and its tail, else in
   * a new packet: for a cache that replaces old copies with new ones, so that it allocates nothing
   * once its buffers exist. {@code reuse}'s old contents are overwritten.
   */
  public Packet copyInto(Packet reuse) {
    if (reuse == null || reuse == this || reuse.buffer.length < length + TAIL_ROOM) {
      return copy();
    }
    System.arraycopy(buffer, offset, reuse.buffer, 0, length);
    reuse.offset = 0;
    reuse.length = length;
    return reuse;
  }

  public byte[] buffer() {
    return buffer;
  }

  public int offset() {
    return offset;
  }

  public int length() {
    return length;
  }

  public void setOffset(int offset) {
    this.offset = offset;
  }

  public void setLength(int length) {
    if (offset + length > buffer.length) {
      // Keep tail room: SRTP writes its tag past the end without asking twice.
      grow(offset + length - buffer.length + TAIL_ROOM);
    }
    this.length = length;
  }

  /** Makes room for {@code extra} more bytes past the current capacity. */
  public void grow(int extra) {
    byte[] b = new byte[buffer.length + extra];
    System.arraycopy(buffer, 0, b, 0, buffer.length);
    buffer = b;
  }

  /** The packet's bytes, trimmed. */
  public byte[] toByteArray() {
    byte[] out = new byte[length];
    System.arraycopy(buffer, offset, out, 0, length);
    return out;
  }
}
