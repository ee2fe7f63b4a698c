package org.huddle.videobridge.testkit;

import org.huddle.videobridge.rtp.Bytes;
import org.huddle.videobridge.rtp.RtpHeader;

/**
 * Builds the RTP a browser would send: Opus with the RFC 6464 audio level and the transport-wide
 * sequence number in one-byte header extensions (RFC 8285 §4.2), and VP8 with the RFC 7741
 * descriptor (15-bit picture ID, TL0PICIDX) and, on key frames, the frame size of RFC 6386 §9.1.
 */
public final class MediaFactory {
  /** Header extension ids the testkit negotiates (Jicofo's defaults, WIRE.md §2). */
  public static final int AUDIO_LEVEL_ID = 1;

  public static final int TRANSPORT_CC_ID = 5;
  public static final int OPUS_PT = 111;
  public static final int VP8_PT = 100;
  public static final int VP8_RTX_PT = 96;

  private MediaFactory() {}

  private static int writeExtensions(byte[] b, int audioLevel, int tccSeq) {
    // One-byte header: 0xBEDE, length in words; elements are ID<<4 | (len-1).
    int i = RtpHeader.FIXED_LENGTH;
    Bytes.put16(b, i, 0xBEDE);
    int start = i + 4;
    int j = start;
    if (audioLevel >= 0) {
      b[j++] = (byte) (AUDIO_LEVEL_ID << 4);
      b[j++] = (byte) (0x80 | audioLevel);
    }
    if (tccSeq >= 0) {
      b[j++] = (byte) ((TRANSPORT_CC_ID << 4) | 1);
      Bytes.put16(b, j, tccSeq);
      j += 2;
    }
    while ((j - start) % 4 != 0) {
      b[j++] = 0;
    }
    Bytes.put16(b, i + 2, (j - start) / 4);
    b[0] |= 0x10;
    return j;
  }

  /** An Opus packet with an audio level (0 loud .. 127 silent) and payload bytes. */
  public static byte[] audio(long ssrc, int seq, long ts, int level, int tccSeq, byte[] payload) {
    byte[] b = new byte[12 + 12 + payload.length];
    RtpHeader.write(b, 0, false, OPUS_PT, seq, ts, ssrc);
    int off = writeExtensions(b, level, tccSeq);
    System.arraycopy(payload, 0, b, off, payload.length);
    return java.util.Arrays.copyOf(b, off + payload.length);
  }

  /**
   * A VP8 packet that is a whole frame.
   *
   * @param keyFrame whether it is a key frame (then width and height are written)
   * @param pictureId 15-bit picture ID
   * @param tl0PicIdx TL0PICIDX
   * @param body payload bytes after the VP8 headers
   */
  public static byte[] vp8(
      long ssrc,
      int seq,
      long ts,
      int pictureId,
      int tl0PicIdx,
      boolean keyFrame,
      int width,
      int height,
      int tccSeq,
      byte[] body) {
    byte[] b = new byte[12 + 8 + 5 + 10 + body.length];
    RtpHeader.write(b, 0, true, VP8_PT, seq, ts, ssrc);
    int i = writeExtensions(b, -1, tccSeq);
    b[i++] = (byte) 0x90; // X=1, S=1, PID=0
    b[i++] = (byte) 0xC0; // I=1, L=1
    Bytes.put16(b, i, 0x8000 | (pictureId & 0x7fff));
    i += 2;
    b[i++] = (byte) tl0PicIdx;
    if (keyFrame) {
      // Frame tag with P=0 (key frame), start code 9d 01 2a, then 14-bit width and height.
      b[i++] = 0x00;
      b[i++] = 0x00;
      b[i++] = 0x00;
      b[i++] = (byte) 0x9d;
      b[i++] = 0x01;
      b[i++] = 0x2a;
      b[i++] = (byte) width;
      b[i++] = (byte) (width >> 8);
      b[i++] = (byte) height;
      b[i++] = (byte) (height >> 8);
    } else {
      b[i++] = 0x01; // P=1: interframe
      b[i++] = 0x00;
      b[i++] = 0x00;
    }
    System.arraycopy(body, 0, b, i, body.length);
    return java.util.Arrays.copyOf(b, i + body.length);
  }
}
