package org.huddle.rtp;

/**
 * The client-to-mixer audio level extension of RFC 6464 §3
 * (https://www.rfc-editor.org/rfc/rfc6464#section-3): one byte, a voice-activity flag and the level
 * in -dBov, 0 the loudest and 127 silence.
 */
public final class AudioLevel {
  /** The level that means "no audio at all". */
  public static final int SILENCE = 127;

  private AudioLevel() {}

  /** The level in -dBov (0..127), or -1 when the packet carries no such extension. */
  public static int read(byte[] buf, int off, int len, int extensionId) {
    long found = HeaderExtensions.find(buf, off, len, extensionId);
    if (found < 0 || HeaderExtensions.dataLength(found) < 1) {
      return -1;
    }
    return buf[HeaderExtensions.dataOffset(found)] & 0x7f;
  }
}
