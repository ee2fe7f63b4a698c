package org.huddle.rtp;

/**
 * The VP9 payload descriptor of RFC 9628 §4.2 (https://www.rfc-editor.org/rfc/rfc9628#section-4.2)
 * and its scalability structure (SS) of §4.2.1
 * (https://www.rfc-editor.org/rfc/rfc9628#section-4.2.1).
 *
 * <pre>
 *        0 1 2 3 4 5 6 7
 *       +-+-+-+-+-+-+-+-+
 *       |I|P|L|F|B|E|V|Z| (REQUIRED)
 *       +-+-+-+-+-+-+-+-+
 *  I:   |M| PICTURE ID  | (7 bits, or 15 bits with the next octet when M is set)
 *       +-+-+-+-+-+-+-+-+
 *  M:   | EXTENDED PID  |
 *       +-+-+-+-+-+-+-+-+
 *  L:   | TID |U| SID |D|
 *       +-+-+-+-+-+-+-+-+
 *  L,!F:|   TL0PICIDX   | (non-flexible mode only)
 *       +-+-+-+-+-+-+-+-+                        -\
 *  P,F: | P_DIFF      |N| (flexible mode only)    - up to 3 times, N: another follows
 *       +-+-+-+-+-+-+-+-+                        -/
 *  V:   | SS            |
 *       | ..            |
 *       +-+-+-+-+-+-+-+-+
 *
 *  SS:  | N_S |Y|G|-|-|-|
 *       +-+-+-+-+-+-+-+-+              -\
 *  Y:   |     WIDTH     | (16 bits)     - N_S + 1 times, one per spatial layer
 *       |     HEIGHT    | (16 bits)     .
 *       +-+-+-+-+-+-+-+-+              -/
 *  G:   |      N_G      |
 *       +-+-+-+-+-+-+-+-+                           -\
 *  N_G: |  T  |U| R |-|-|                            - N_G times, one per picture of the group
 *       +-+-+-+-+-+-+-+-+              -\           .
 *       |    P_DIFF     |               - R times   .
 *       +-+-+-+-+-+-+-+-+              -/           -/
 * </pre>
 *
 * Offsets are absolute positions in the buffer of the RTP payload's first byte. Every method is
 * safe on arbitrary bytes and offsets: a reader returns -1 or false, and a writer changes nothing,
 * whenever {@link #length} is -1, so a caller need not check the length first.
 *
 * <p>The F bit is read as zero when I is zero: §4.2 says a sender must then clear it and a receiver
 * ignore it, and flexible mode's P_DIFFs mean nothing without a picture ID.
 */
public final class Vp9Descriptor {
  private static final int I = 0x80;
  private static final int P = 0x40;
  private static final int L = 0x20;
  private static final int F = 0x10;
  private static final int B = 0x08;
  private static final int E = 0x04;
  private static final int V = 0x02;
  private static final int Z = 0x01;

  /** §4.2: a layer frame has at most three reference indices. */
  private static final int MAX_P_DIFFS = 3;

  private static final int SS_Y = 0x10;
  private static final int SS_G = 0x08;

  private Vp9Descriptor() {}

  /**
   * Descriptor length, SS and P_DIFFs included, or -1 when the offsets fall outside the buffer, the
   * payload is shorter than the descriptor announces, or a P_DIFF chain runs past three.
   */
  public static int length(byte[] buf, int payloadOff, int payloadLen) {
    int n = prefixLength(buf, payloadOff, payloadLen);
    if (n < 0 || (buf[payloadOff] & V) == 0) {
      return n;
    }
    int ss = ssLength(buf, payloadOff + n, payloadLen - n);
    return ss < 0 ? -1 : n + ss;
  }

  /** Length of the fields before the SS, or -1. */
  private static int prefixLength(byte[] buf, int off, int len) {
    if (buf == null || off < 0 || len < 1 || off > buf.length - len) {
      return -1;
    }
    int b0 = buf[off];
    int n = 1;
    if ((b0 & I) != 0) {
      if (len < 2) {
        return -1;
      }
      n += (buf[off + 1] & 0x80) != 0 ? 2 : 1;
    }
    boolean flexible = flexible(b0);
    if ((b0 & L) != 0) {
      n += flexible ? 1 : 2;
    }
    if (flexible && (b0 & P) != 0) {
      for (int k = 0; ; k++) {
        if (k == MAX_P_DIFFS || n >= len) {
          return -1;
        }
        if ((buf[off + n++] & 0x01) == 0) {
          break;
        }
      }
    }
    return n <= len ? n : -1;
  }

  /** Length of the SS at {@code at}, or -1 when it runs past {@code avail} bytes. */
  private static int ssLength(byte[] buf, int at, int avail) {
    if (avail < 1) {
      return -1;
    }
    int s = buf[at] & 0xff;
    int n = 1;
    if ((s & SS_Y) != 0) {
      n += 4 * ((s >>> 5) + 1);
    }
    if ((s & SS_G) != 0) {
      if (n >= avail) {
        return -1;
      }
      int pictures = buf[at + n++] & 0xff;
      for (int i = 0; i < pictures; i++) {
        if (n >= avail) {
          return -1;
        }
        n += 1 + ((buf[at + n] & 0x0c) >>> 2);
      }
    }
    return n <= avail ? n : -1;
  }

  private static boolean flexible(int b0) {
    return (b0 & (I | F)) == (I | F);
  }

  private static boolean flag(byte[] buf, int payloadOff, int payloadLen, int mask) {
    return length(buf, payloadOff, payloadLen) >= 0 && (buf[payloadOff] & mask) != 0;
  }

  /** B: this packet carries the first bytes of a layer frame. */
  public static boolean isStartOfFrame(byte[] buf, int payloadOff, int payloadLen) {
    return flag(buf, payloadOff, payloadLen, B);
  }

  /** E: this packet carries the last bytes of a layer frame. */
  public static boolean isEndOfFrame(byte[] buf, int payloadOff, int payloadLen) {
    return flag(buf, payloadOff, payloadLen, E);
  }

  /** P: the layer frame references an earlier picture of its own spatial layer. */
  public static boolean isInterPicturePredicted(byte[] buf, int payloadOff, int payloadLen) {
    return flag(buf, payloadOff, payloadLen, P);
  }

  /** F (with I set): flexible mode, references given as P_DIFFs rather than by the SS. */
  public static boolean isFlexibleMode(byte[] buf, int payloadOff, int payloadLen) {
    return length(buf, payloadOff, payloadLen) >= 0 && flexible(buf[payloadOff]);
  }

  /** L: the layer indices octet is present. */
  public static boolean hasLayerIndices(byte[] buf, int payloadOff, int payloadLen) {
    return flag(buf, payloadOff, payloadLen, L);
  }

  /** V: a scalability structure follows the other fields. */
  public static boolean hasScalabilityStructure(byte[] buf, int payloadOff, int payloadLen) {
    return flag(buf, payloadOff, payloadLen, V);
  }

  /** Z: no higher spatial layer of this picture references this layer frame. */
  public static boolean isNotReferenceForUpperLayer(byte[] buf, int payloadOff, int payloadLen) {
    return flag(buf, payloadOff, payloadLen, Z);
  }

  /** Offset of the picture ID, or -1 when there is none. */
  private static int pictureIdOffset(byte[] buf, int payloadOff, int payloadLen) {
    if (length(buf, payloadOff, payloadLen) < 0 || (buf[payloadOff] & I) == 0) {
      return -1;
    }
    return payloadOff + 1;
  }

  /** Bytes taken by the picture ID of a descriptor already known to be whole. */
  private static int pictureIdLength(byte[] buf, int payloadOff) {
    if ((buf[payloadOff] & I) == 0) {
      return 0;
    }
    return (buf[payloadOff + 1] & 0x80) != 0 ? 2 : 1;
  }

  /** The picture ID (7 or 15 bits), or -1 when there is none. */
  public static int pictureId(byte[] buf, int payloadOff, int payloadLen) {
    int i = pictureIdOffset(buf, payloadOff, payloadLen);
    if (i < 0) {
      return -1;
    }
    return PictureId.read(buf, i);
  }

  /** True when the picture ID is the 15-bit form (M set). */
  public static boolean hasLongPictureId(byte[] buf, int payloadOff, int payloadLen) {
    int i = pictureIdOffset(buf, payloadOff, payloadLen);
    return i >= 0 && (buf[i] & 0x80) != 0;
  }

  /**
   * Rewrites the picture ID in place, keeping its 7- or 15-bit width (and so the M bit): the value
   * wraps modulo 2^7 or 2^15. Does nothing when there is no picture ID.
   */
  public static void setPictureId(byte[] buf, int payloadOff, int payloadLen, int pictureId) {
    int i = pictureIdOffset(buf, payloadOff, payloadLen);
    if (i < 0) {
      return;
    }
    PictureId.write(buf, i, pictureId);
  }

  /** Offset of the layer indices octet, or -1 when L is clear. */
  private static int layerOffset(byte[] buf, int payloadOff, int payloadLen) {
    if (length(buf, payloadOff, payloadLen) < 0 || (buf[payloadOff] & L) == 0) {
      return -1;
    }
    return payloadOff + 1 + pictureIdLength(buf, payloadOff);
  }

  /** TID, the temporal layer (0-7), or -1 without layer indices. */
  public static int temporalId(byte[] buf, int payloadOff, int payloadLen) {
    int i = layerOffset(buf, payloadOff, payloadLen);
    return i < 0 ? -1 : (buf[i] & 0xe0) >>> 5;
  }

  /** SID, the spatial layer (0-7), or -1 without layer indices. */
  public static int spatialId(byte[] buf, int payloadOff, int payloadLen) {
    int i = layerOffset(buf, payloadOff, payloadLen);
    return i < 0 ? -1 : (buf[i] & 0x0e) >>> 1;
  }

  /**
   * U: a receiver may switch up to a higher temporal layer than TID at this picture, since later
   * pictures of layers above TID reference nothing before it. False without layer indices.
   */
  public static boolean isSwitchingUpPoint(byte[] buf, int payloadOff, int payloadLen) {
    int i = layerOffset(buf, payloadOff, payloadLen);
    return i >= 0 && (buf[i] & 0x10) != 0;
  }

  /**
   * D: the layer frame references the frame of spatial layer SID - 1 of the same picture. False
   * without layer indices.
   */
  public static boolean interLayerDependency(byte[] buf, int payloadOff, int payloadLen) {
    int i = layerOffset(buf, payloadOff, payloadLen);
    return i >= 0 && (buf[i] & 0x01) != 0;
  }

  /** Offset of TL0PICIDX, present only in non-flexible mode with L set, or -1. */
  private static int tl0Offset(byte[] buf, int payloadOff, int payloadLen) {
    int i = layerOffset(buf, payloadOff, payloadLen);
    return i < 0 || flexible(buf[payloadOff]) ? -1 : i + 1;
  }

  /** TL0PICIDX, or -1 when absent (flexible mode, or no layer indices). */
  public static int tl0PicIdx(byte[] buf, int payloadOff, int payloadLen) {
    int i = tl0Offset(buf, payloadOff, payloadLen);
    return i < 0 ? -1 : buf[i] & 0xff;
  }

  /** Rewrites TL0PICIDX in place (modulo 256); does nothing when it is absent. */
  public static void setTl0PicIdx(byte[] buf, int payloadOff, int payloadLen, int value) {
    int i = tl0Offset(buf, payloadOff, payloadLen);
    if (i >= 0) {
      buf[i] = (byte) value;
    }
  }

  /** Offset of the first P_DIFF, or -1 when there is none (non-flexible mode, or P clear). */
  private static int pDiffOffset(byte[] buf, int payloadOff, int payloadLen) {
    if (length(buf, payloadOff, payloadLen) < 0) {
      return -1;
    }
    int b0 = buf[payloadOff];
    if (!flexible(b0) || (b0 & P) == 0) {
      return -1;
    }
    return payloadOff + 1 + pictureIdLength(buf, payloadOff) + ((b0 & L) != 0 ? 1 : 0);
  }

  /** Number of P_DIFFs (0-3): 0 in non-flexible mode, without P, or when malformed. */
  public static int referenceCount(byte[] buf, int payloadOff, int payloadLen) {
    int i = pDiffOffset(buf, payloadOff, payloadLen);
    if (i < 0) {
      return 0;
    }
    int n = 1;
    while ((buf[i++] & 0x01) != 0) {
      n++;
    }
    return n;
  }

  /**
   * The {@code index}th P_DIFF (1-127: the referenced picture's ID is this picture's minus it), or
   * -1 when there is no such reference.
   */
  public static int pDiff(byte[] buf, int payloadOff, int payloadLen, int index) {
    if (index < 0 || index >= referenceCount(buf, payloadOff, payloadLen)) {
      return -1;
    }
    return (buf[pDiffOffset(buf, payloadOff, payloadLen) + index] & 0xfe) >>> 1;
  }

  /**
   * True when the packet starts a key frame: B set, P clear, and spatial layer 0 (or no layer
   * indices). Such a packet lets a receiver start decoding the stream from nothing.
   */
  public static boolean isKeyFrame(byte[] buf, int payloadOff, int payloadLen) {
    return isSpatialSwitchUpPoint(buf, payloadOff, payloadLen)
        && spatialId(buf, payloadOff, payloadLen) <= 0;
  }

  /**
   * True when the packet starts (B set) a layer frame that references no earlier picture (P clear),
   * whatever its SID and D. A receiver that already decodes this picture's spatial layers below
   * {@link #spatialId} can start decoding layer {@code spatialId} here: if D is set the frame
   * references the layer below of the same picture, which such a receiver has, and nothing older.
   * This is how Chrome's K-SVC marks the upper layers of a key picture (P=0, D=1); delta pictures
   * there carry P=1, D=0 and are no switch points. With SID 0, or without layer indices, this is
   * exactly {@link #isKeyFrame}.
   */
  public static boolean isSpatialSwitchUpPoint(byte[] buf, int payloadOff, int payloadLen) {
    return length(buf, payloadOff, payloadLen) >= 0 && (buf[payloadOff] & (B | P)) == B;
  }

  /** Offset of the SS, or -1 when V is clear. */
  private static int ssOffset(byte[] buf, int payloadOff, int payloadLen) {
    if (length(buf, payloadOff, payloadLen) < 0 || (buf[payloadOff] & V) == 0) {
      return -1;
    }
    return payloadOff + prefixLength(buf, payloadOff, payloadLen);
  }

  /** N_S + 1, the number of spatial layers the SS describes, or -1 without an SS. */
  public static int spatialLayerCount(byte[] buf, int payloadOff, int payloadLen) {
    int ss = ssOffset(buf, payloadOff, payloadLen);
    return ss < 0 ? -1 : ((buf[ss] & 0xe0) >>> 5) + 1;
  }

  /** Offset of spatial layer {@code layer}'s WIDTH, or -1 without Y or for a layer out of range. */
  private static int resolutionOffset(byte[] buf, int payloadOff, int payloadLen, int layer) {
    int ss = ssOffset(buf, payloadOff, payloadLen);
    if (ss < 0 || (buf[ss] & SS_Y) == 0 || layer < 0 || layer > (buf[ss] & 0xe0) >>> 5) {
      return -1;
    }
    return ss + 1 + 4 * layer;
  }

  /** Width of spatial layer {@code layer} from the SS, or -1 (no SS, Y clear, no such layer). */
  public static int ssWidth(byte[] buf, int payloadOff, int payloadLen, int layer) {
    int i = resolutionOffset(buf, payloadOff, payloadLen, layer);
    return i < 0 ? -1 : Bytes.u16(buf, i);
  }

  /** Height of spatial layer {@code layer} from the SS, or -1 (no SS, Y clear, no such layer). */
  public static int ssHeight(byte[] buf, int payloadOff, int payloadLen, int layer) {
    int i = resolutionOffset(buf, payloadOff, payloadLen, layer);
    return i < 0 ? -1 : Bytes.u16(buf, i + 2);
  }

  /** N_G, the number of pictures in the SS's picture group, or -1 without an SS or with G clear. */
  public static int pictureGroupSize(byte[] buf, int payloadOff, int payloadLen) {
    int ss = ssOffset(buf, payloadOff, payloadLen);
    if (ss < 0 || (buf[ss] & SS_G) == 0) {
      return -1;
    }
    int i = ss + 1;
    if ((buf[ss] & SS_Y) != 0) {
      i += 4 * (((buf[ss] & 0xe0) >>> 5) + 1);
    }
    return buf[i] & 0xff;
  }
}
