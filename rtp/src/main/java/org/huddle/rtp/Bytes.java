package org.huddle.rtp;

/** Network-order integer access, and the serial-number arithmetic of RFC 1982. */
public final class Bytes {
  private Bytes() {}

  public static int u8(byte[] b, int i) {
    return b[i] & 0xff;
  }

  public static int u16(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }

  public static int u24(byte[] b, int i) {
    return ((b[i] & 0xff) << 16) | ((b[i + 1] & 0xff) << 8) | (b[i + 2] & 0xff);
  }

  public static long u32(byte[] b, int i) {
    return ((long) (b[i] & 0xff) << 24)
        | ((b[i + 1] & 0xff) << 16)
        | ((b[i + 2] & 0xff) << 8)
        | (b[i + 3] & 0xff);
  }

  public static void put16(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 8);
    b[i + 1] = (byte) v;
  }

  public static void put24(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 16);
    b[i + 1] = (byte) (v >>> 8);
    b[i + 2] = (byte) v;
  }

  public static void put32(byte[] b, int i, long v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }

  /** {@code a - b} for 16-bit sequence numbers, in [-32768, 32767] (RFC 1982 §3). */
  public static int seqDelta(int a, int b) {
    return (short) (a - b);
  }

  /** True when 16-bit sequence number {@code a} comes after {@code b}. */
  public static boolean seqNewer(int a, int b) {
    return seqDelta(a, b) > 0;
  }
}
