package org.huddle.rtp;

/**
 * The picture ID field VP8 (RFC 7741 §4.2) and VP9 (RFC 9628 §4.2) share: 7 bits, or 15 when its
 * first bit (M) is set. Offsets are absolute positions of the field's first byte.
 */
final class PictureId {
  private PictureId() {}

  static int read(byte[] buf, int at) {
    return (buf[at] & 0x80) != 0 ? Bytes.u16(buf, at) & 0x7fff : buf[at] & 0x7f;
  }

  /** Writes {@code pictureId} in the field's width (keeping M): modulo 2^7 or 2^15. */
  static void write(byte[] buf, int at, int pictureId) {
    if ((buf[at] & 0x80) != 0) {
      Bytes.put16(buf, at, 0x8000 | (pictureId & 0x7fff));
    } else {
      buf[at] = (byte) (pictureId & 0x7f);
    }
  }
}
