package org.huddle.rtp;

/**
 * The H.264 RTP payload of RFC 6184 (https://www.rfc-editor.org/rfc/rfc6184) in the non-interleaved
 * mode (packetization-mode=1, §6.3), the mode browsers send: single NAL unit packets (§5.6), STAP-A
 * (§5.7.1) and FU-A (§5.8). Also the frame size from a sequence parameter set (ITU-T H.264
 * §7.3.2.1.1).
 *
 * <pre>
 *   NAL unit header, and the FU indicator     FU header (after an FU indicator of type 28)
 *       +---------------+                        +---------------+
 *       |0|1|2|3|4|5|6|7|                        |0|1|2|3|4|5|6|7|
 *       +-+-+-+-+-+-+-+-+                        +-+-+-+-+-+-+-+-+
 *       |F|NRI|  Type   |                        |S|E|R|  Type   |
 *       +---------------+                        +---------------+
 *
 *   STAP-A: | header (type 24) | size (16) | NAL unit | size (16) | NAL unit | ...
 * </pre>
 *
 * Offsets are absolute positions in the buffer of the RTP payload's first byte, and the payload
 * length excludes RTP padding. Every reader first runs {@link #check} and answers -1 or false for a
 * payload it rejects, so no input makes it throw. Only the SPS readers allocate (one small bit
 * reader), and they run on parameter sets, not on every packet.
 */
public final class H264Payload {
  private H264Payload() {}

  /** Coded slice of an IDR picture (H.264 Table 7-1). */
  public static final int IDR = 5;

  /** Sequence parameter set (H.264 Table 7-1). */
  public static final int SPS = 7;

  /** Picture parameter set (H.264 Table 7-1). */
  public static final int PPS = 8;

  /** Single-time aggregation packet without DON (RFC 6184 §5.7.1). */
  public static final int STAP_A = 24;

  /** Fragmentation unit without DON (RFC 6184 §5.8). */
  public static final int FU_A = 28;

  /** {@link #check}: a well-formed payload. */
  public static final int OK = 0;

  /** {@link #check}: no payload at all, or a range that does not lie inside the buffer. */
  public static final int EMPTY = -1;

  /** {@link #check}: F set in a header or the FU indicator, flagging bit errors (§5.3). */
  public static final int FORBIDDEN_BIT = -2;

  /**
   * {@link #check}: type 0, 30 or 31 as the payload's, an aggregated unit's or the FU header's
   * type: senders SHOULD NOT send them and receivers MUST ignore them (§5.4, Table 3).
   */
  public static final int RESERVED_TYPE = -3;

  /** {@link #check}: STAP-B, MTAP16, MTAP24 or FU-B (25-27, 29): interleaved mode only. */
  public static final int NOT_IN_MODE = -4;

  /**
   * {@link #check}: type 24-29 inside a STAP-A or as an FU header's type; aggregates and FUs MUST
   * NOT nest or be fragmented (§5.7, §5.8).
   */
  public static final int NESTED = -5;

  /** {@link #check}: a STAP-A size runs past the payload, or there is no unit (§5.7.1: one+). */
  public static final int STAP_A_OVERRUN = -6;

  /** {@link #check}: a STAP-A aggregation unit whose size field is 0 (a NAL unit has a header). */
  public static final int STAP_A_ZERO_SIZE = -7;

  /** {@link #check}: one byte left after the last STAP-A unit, too short for a size field. */
  public static final int STAP_A_TRAILING = -8;

  /** {@link #check}: an FU-A with no FU header (payload shorter than 2 bytes). */
  public static final int FU_A_TRUNCATED = -9;

  /** {@link #check}: an FU-A with both S and E set, a NAL unit in one FU, which §5.8 forbids. */
  public static final int FU_A_START_AND_END = -10;

  /**
   * {@link #OK} or the negative reason the payload is malformed for packetization-mode 1.
   *
   * <p>What passes: a single NAL unit packet of type 1-23 of any length from 1 byte (end of
   * sequence and end of stream NAL units are a header alone); a STAP-A of one or more units, each
   * with a non-zero size, inside the payload, that ends exactly at the payload's end; an FU-A of at
   * least 2 bytes, since §5.8 allows an empty FU payload ("MAY be empty"). The FU header's R bit is
   * ignored, as §5.8 says receivers must. Nothing past the NAL unit headers is checked here.
   */
  public static int check(byte[] buf, int payloadOff, int payloadLen) {
    if (payloadLen < 1 || payloadOff < 0 || payloadLen > buf.length - payloadOff) {
      return EMPTY;
    }
    int header = buf[payloadOff] & 0xff;
    if ((header & 0x80) != 0) {
      return FORBIDDEN_BIT;
    }
    return switch (header & 0x1f) {
      case STAP_A -> checkStapA(buf, payloadOff, payloadLen);
      case FU_A -> checkFuA(buf, payloadOff, payloadLen);
      case 25, 26, 27, 29 -> NOT_IN_MODE;
      case 0, 30, 31 -> RESERVED_TYPE;
      default -> OK;
    };
  }

  /** True when {@link #check} finds nothing wrong. */
  public static boolean isValid(byte[] buf, int payloadOff, int payloadLen) {
    return check(buf, payloadOff, payloadLen) == OK;
  }

  private static int checkStapA(byte[] buf, int payloadOff, int payloadLen) {
    int end = payloadOff + payloadLen;
    int p = payloadOff + 1;
    if (p == end) {
      return STAP_A_OVERRUN;
    }
    while (p < end) {
      if (end - p < 2) {
        return STAP_A_TRAILING;
      }
      int size = Bytes.u16(buf, p);
      p += 2;
      if (size == 0) {
        return STAP_A_ZERO_SIZE;
      }
      if (size > end - p) {
        return STAP_A_OVERRUN;
      }
      if ((buf[p] & 0x80) != 0) {
        return FORBIDDEN_BIT;
      }
      int unit = checkInnerType(buf[p] & 0x1f);
      if (unit != OK) {
        return unit;
      }
      p += size;
    }
    return OK;
  }

  private static int checkFuA(byte[] buf, int payloadOff, int payloadLen) {
    if (payloadLen < 2) {
      return FU_A_TRUNCATED;
    }
    int fu = buf[payloadOff + 1] & 0xff;
    if ((fu & 0xc0) == 0xc0) {
      return FU_A_START_AND_END;
    }
    // The fragmented unit's F bit travels in the FU indicator, which check() has looked at.
    return checkInnerType(fu & 0x1f);
  }

  /** The type rules for a NAL unit carried inside a STAP-A or an FU-A. */
  private static int checkInnerType(int type) {
    if (type == 0 || type >= 30) {
      return RESERVED_TYPE;
    }
    return type >= STAP_A ? NESTED : OK;
  }

  /**
   * Type of the first NAL unit the packet carries: the payload header's type for a single NAL unit
   * packet, the first aggregated unit's for a STAP-A, the FU header's for an FU-A (whether or not
   * this fragment is the start). -1 for a malformed payload.
   */
  public static int nalType(byte[] buf, int payloadOff, int payloadLen) {
    if (check(buf, payloadOff, payloadLen) != OK) {
      return -1;
    }
    return switch (buf[payloadOff] & 0x1f) {
      case STAP_A -> buf[payloadOff + 3] & 0x1f;
      case FU_A -> buf[payloadOff + 1] & 0x1f;
      default -> buf[payloadOff] & 0x1f;
    };
  }

  /**
   * True when the packet carries an IDR slice (type 5) or starts one: a single NAL unit packet of
   * type 5, a STAP-A with a type-5 unit anywhere in it, or the FU-A fragment with S set whose FU
   * header type is 5.
   *
   * <p>Parameter sets alone do not make a key frame. Chrome sends an IDR picture that does not fit
   * one packet as a STAP-A of SPS and PPS followed by FU-As of the IDR slice, all with one RTP
   * timestamp: this is false for that STAP-A (see {@link #carriesSps} and {@link #isStartOfFrame},
   * both true there) and true for the FU-A start after it. A forwarder that switches on a key frame
   * should keep the parameter sets that came just before with the same timestamp.
   */
  public static boolean isKeyFrame(byte[] buf, int payloadOff, int payloadLen) {
    if (check(buf, payloadOff, payloadLen) != OK) {
      return false;
    }
    return switch (buf[payloadOff] & 0x1f) {
      case STAP_A -> unitOffset(buf, payloadOff, payloadLen, IDR) >= 0;
      case FU_A -> (buf[payloadOff + 1] & 0x80) != 0 && (buf[payloadOff + 1] & 0x1f) == IDR;
      default -> (buf[payloadOff] & 0x1f) == IDR;
    };
  }

  /**
   * True when the packet carries a whole SPS (type 7): a single NAL unit packet of type 7 or a
   * STAP-A with a type-7 unit. A fragmented SPS does not count, since no single fragment can be
   * parsed; {@link #spsWidth} and {@link #spsHeight} read exactly the packets this accepts.
   */
  public static boolean carriesSps(byte[] buf, int payloadOff, int payloadLen) {
    return spsOffset(buf, payloadOff, payloadLen) >= 0;
  }

  /**
   * True when the packet's first NAL unit (for an FU-A: with S set, the fragmented unit) opens an
   * access unit by H.264 §7.4.1.2.3: AUD (9), SEI (6), SPS (7), PPS (8), types 14-18, or a slice
   * (1, 2, 5) whose first_mb_in_slice is 0. That field opens the slice header and ue(v) codes 0 as
   * the single bit 1, so the first bit after the NAL header decides (no emulation prevention byte
   * can sit there: it needs two zero bytes before it).
   *
   * <p>The first unit counts rather than the first slice so that Chrome's STAP-A of SPS and PPS
   * ahead of an FU-A IDR is the frame's start; the FU-A start after it, same timestamp, answers
   * true too, and the lower sequence number is the frame's first packet. False for slices past MB
   * 0, data partitions B and C (3, 4), FU-A continuations and a slice with no byte after its
   * header. Arbitrary slice order (Baseline, unused by browsers) may start a frame past MB 0,
   * unseen here.
   */
  public static boolean isStartOfFrame(byte[] buf, int payloadOff, int payloadLen) {
    if (check(buf, payloadOff, payloadLen) != OK) {
      return false;
    }
    int type = buf[payloadOff] & 0x1f;
    if (type == STAP_A) {
      int size = Bytes.u16(buf, payloadOff + 1);
      return opensAccessUnit(buf[payloadOff + 3] & 0x1f, buf, payloadOff + 4, size - 1);
    }
    if (type == FU_A) {
      int fu = buf[payloadOff + 1];
      return (fu & 0x80) != 0 && opensAccessUnit(fu & 0x1f, buf, payloadOff + 2, payloadLen - 2);
    }
    return opensAccessUnit(type, buf, payloadOff + 1, payloadLen - 1);
  }

  /** {@code dataOff} is the first byte after the unit's NAL header, {@code dataLen} may be 0. */
  private static boolean opensAccessUnit(int type, byte[] buf, int dataOff, int dataLen) {
    return switch (type) {
      case 1, 2, IDR -> dataLen > 0 && (buf[dataOff] & 0x80) != 0;
      case 6, SPS, PPS, 9, 14, 15, 16, 17, 18 -> true;
      default -> false;
    };
  }

  /** Header offset of a checked STAP-A's first unit of {@code type} (size just before), or -1. */
  private static int unitOffset(byte[] buf, int payloadOff, int payloadLen, int type) {
    int end = payloadOff + payloadLen;
    int p = payloadOff + 1;
    while (p < end) {
      int size = Bytes.u16(buf, p);
      if ((buf[p + 2] & 0x1f) == type) {
        return p + 2;
      }
      p += 2 + size;
    }
    return -1;
  }

  /** Offset of a whole SPS NAL unit's header in the packet, or -1. */
  private static int spsOffset(byte[] buf, int payloadOff, int payloadLen) {
    if (check(buf, payloadOff, payloadLen) != OK) {
      return -1;
    }
    return switch (buf[payloadOff] & 0x1f) {
      case SPS -> payloadOff;
      case STAP_A -> unitOffset(buf, payloadOff, payloadLen, SPS);
      default -> -1;
    };
  }

  /**
   * Frame width in pixels, after cropping, from the SPS the packet carries (see {@link
   * #carriesSps}), or -1 when there is none or it is truncated or out of range.
   */
  public static int spsWidth(byte[] buf, int payloadOff, int payloadLen) {
    long size = spsSize(buf, payloadOff, payloadLen);
    return size < 0 ? -1 : (int) (size >>> 32);
  }

  /**
   * Frame height in pixels, after cropping, from the SPS the packet carries (see {@link
   * #carriesSps}), or -1 when there is none or it is truncated or out of range.
   */
  public static int spsHeight(byte[] buf, int payloadOff, int payloadLen) {
    long size = spsSize(buf, payloadOff, payloadLen);
    return size < 0 ? -1 : (int) size;
  }

  private static long spsSize(byte[] buf, int payloadOff, int payloadLen) {
    int nal = spsOffset(buf, payloadOff, payloadLen);
    if (nal < 0) {
      return -1;
    }
    int nalLen = nal == payloadOff ? payloadLen : Bytes.u16(buf, nal - 2);
    return readSpsSize(new Rbsp(buf, nal + 1, nal + nalLen));
  }

  /**
   * seq_parameter_set_data() of H.264 §7.3.2.1.1, read as far as frame_cropping, with the semantics
   * of §7.4.2.1.1 for the size: the coded size in macroblocks less the crop, in units of CropUnitX
   * and CropUnitY (equations 7-19 to 7-22). Width in the high 32 bits and height in the low ones,
   * or -1.
   */
  private static long readSpsSize(Rbsp r) {
    int profileIdc = r.bits(8);
    r.bits(16); // constraint_set flags and reserved_zero_2bits, level_idc
    if (r.ue() > 31) { // seq_parameter_set_id
      return -1;
    }
    long chromaFormatIdc = 1; // inferred when absent (§7.4.2.1.1)
    boolean separateColourPlanes = false;
    if (hasChromaInfo(profileIdc)) {
      chromaFormatIdc = r.ue();
      if (chromaFormatIdc > 3) {
        return -1;
      }
      if (chromaFormatIdc == 3) {
        separateColourPlanes = r.bit() == 1;
      }
      if (r.ue() > 6 || r.ue() > 6) { // bit_depth_luma_minus8, bit_depth_chroma_minus8
        return -1;
      }
      r.bit(); // qpprime_y_zero_transform_bypass_flag
      if (r.bit() == 1) { // seq_scaling_matrix_present_flag
        int lists = chromaFormatIdc != 3 ? 8 : 12;
        for (int i = 0; i < lists && !r.failed; i++) {
          if (r.bit() == 1) {
            skipScalingList(r, i < 6 ? 16 : 64);
          }
        }
      }
    }
    if (r.ue() > 12) { // log2_max_frame_num_minus4
      return -1;
    }
    long picOrderCntType = r.ue();
    if (picOrderCntType == 0) {
      if (r.ue() > 12) { // log2_max_pic_order_cnt_lsb_minus4
        return -1;
      }
    } else if (picOrderCntType == 1) {
      r.bit(); // delta_pic_order_always_zero_flag
      r.se(); // offset_for_non_ref_pic
      r.se(); // offset_for_top_to_bottom_field
      long cycle = r.ue(); // num_ref_frames_in_pic_order_cnt_cycle
      if (cycle > 255) {
        return -1;
      }
      for (long i = 0; i < cycle && !r.failed; i++) {
        r.se(); // offset_for_ref_frame[i]
      }
    } else if (picOrderCntType != 2) {
      return -1;
    }
    r.ue(); // max_num_ref_frames
    r.bit(); // gaps_in_frame_num_value_allowed_flag
    long widthMbs = r.ue() + 1;
    long heightMapUnits = r.ue() + 1;
    int frameMbsOnly = r.bit();
    if (frameMbsOnly == 0) {
      r.bit(); // mb_adaptive_frame_field_flag
    }
    r.bit(); // direct_8x8_inference_flag
    long cropLeft = 0;
    long cropRight = 0;
    long cropTop = 0;
    long cropBottom = 0;
    if (r.bit() == 1) { // frame_cropping_flag
      cropLeft = r.ue();
      cropRight = r.ue();
      cropTop = r.ue();
      cropBottom = r.ue();
    }
    if (r.failed) {
      return -1;
    }
    // Equations 7-19 to 7-22: ChromaArrayType 0 (monochrome, or 4:4:4 coded as three planes)
    // crops in luma samples; otherwise in chroma samples (SubWidthC, SubHeightC of Table 6-1).
    int fieldFactor = 2 - frameMbsOnly;
    long cropUnitX;
    long cropUnitY;
    if (separateColourPlanes || chromaFormatIdc == 0) {
      cropUnitX = 1;
      cropUnitY = fieldFactor;
    } else {
      cropUnitX = chromaFormatIdc == 3 ? 1 : 2;
      cropUnitY = (chromaFormatIdc == 1 ? 2 : 1) * fieldFactor;
    }
    long width = widthMbs * 16 - cropUnitX * (cropLeft + cropRight);
    long height = fieldFactor * heightMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
    if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      return -1;
    }
    return width << 32 | height;
  }

  /** The profiles whose SPS has chroma_format_idc and the scaling lists (§7.3.2.1.1). */
  private static boolean hasChromaInfo(int profileIdc) {
    return switch (profileIdc) {
      case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
      default -> false;
    };
  }

  /** scaling_list() of §7.3.2.1.1.1, read only to get past it. */
  private static void skipScalingList(Rbsp r, int size) {
    int lastScale = 8;
    int nextScale = 8;
    for (int j = 0; j < size && !r.failed; j++) {
      if (nextScale != 0) {
        long delta = r.se();
        if (delta < -128 || delta > 127) {
          r.failed = true;
          return;
        }
        nextScale = (int) ((lastScale + delta + 256) % 256);
      }
      lastScale = nextScale == 0 ? lastScale : nextScale;
    }
  }

  /**
   * Reads the bits of a NAL unit's payload, dropping each emulation prevention byte: a 0x03 after
   * two zero bytes (H.264 §7.4.1). Past the end it reads zeros and sets {@code failed}.
   */
  private static final class Rbsp {
    final byte[] buf;
    final int end;
    int pos;
    int current;
    int bitsLeft;
    int zeros;
    boolean failed;

    Rbsp(byte[] buf, int off, int end) {
      this.buf = buf;
      this.pos = off;
      this.end = end;
    }

    int bit() {
      if (bitsLeft == 0) {
        if (pos >= end) {
          failed = true;
          return 0;
        }
        int b = buf[pos++] & 0xff;
        if (zeros >= 2 && b == 0x03) {
          zeros = 0;
          if (pos >= end) {
            failed = true;
            return 0;
          }
          b = buf[pos++] & 0xff;
        }
        zeros = b == 0 ? zeros + 1 : 0;
        current = b;
        bitsLeft = 8;
      }
      bitsLeft--;
      return (current >>> bitsLeft) & 1;
    }

    int bits(int n) {
      int v = 0;
      for (int i = 0; i < n; i++) {
        v = (v << 1) | bit();
      }
      return v;
    }

    /** ue(v) of §9.1, or -1 when truncated or longer than 32 bits of suffix allow. */
    long ue() {
      int leadingZeros = 0;
      while (bit() == 0) {
        if (failed || ++leadingZeros > 31) {
          failed = true;
          return -1;
        }
      }
      long suffix = 0;
      for (int i = 0; i < leadingZeros; i++) {
        suffix = (suffix << 1) | bit();
      }
      return failed ? -1 : (1L << leadingZeros) - 1 + suffix;
    }

    /** se(v) of §9.1.1; 0 when truncated, with {@code failed} set. */
    long se() {
      long k = ue();
      if (k < 0) {
        return 0;
      }
      return (k & 1) != 0 ? (k + 1) / 2 : -(k / 2);
    }
  }
}
