package org.huddle.rtp.testkit;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.huddle.rtp.Av1TemplateStructure;
import org.huddle.rtp.Av1TemplateStructure.Dti;
import org.huddle.rtp.Av1TemplateStructure.Resolution;
import org.huddle.rtp.Av1TemplateStructure.Template;
import org.huddle.rtp.Bytes;
import org.huddle.rtp.RtpHeader;

/**
 * Builds the RTP a browser would send: Opus with the RFC 6464 audio level and the transport-wide
 * sequence number in one-byte header extensions (RFC 8285 §4.2), VP8 with the RFC 7741 descriptor
 * (15-bit picture ID, TL0PICIDX) and, on key frames, the frame size of RFC 6386 §9.1, VP9 with the
 * RFC 9628 descriptor in non-flexible mode, H.264 as RFC 6184 packetization-mode 1 (STAP-A, FU-A)
 * with a sequence parameter set, and AV1 with its dependency descriptor extension.
 */
public final class MediaFactory {
  /** Header extension ids the testkit negotiates (Jicofo's defaults, docs/codecs.md). */
  public static final int AUDIO_LEVEL_ID = 1;

  public static final int TRANSPORT_CC_ID = 5;
  public static final int OPUS_PT = 111;
  public static final int VP8_PT = 100;
  public static final int VP8_RTX_PT = 96;

  /** Video payload types and the AV1 dependency descriptor id as Jicofo configures them. */
  public static final int VP9_PT = 101;

  public static final int H264_PT = 107;
  public static final int AV1_PT = 41;
  public static final int DEPENDENCY_DESCRIPTOR_ID = 11;

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

  /**
   * The VP9 payload descriptor of one packet in non-flexible mode (RFC 9628 §4.2): I=1 with a
   * 15-bit picture ID, L=1 with the layer indices and TL0PICIDX.
   *
   * @param switchingUp U
   * @param interLayer D: the frame references spatial layer {@code sid - 1} of its picture
   * @param predicted P: the frame references an earlier picture
   * @param start B, the packet starts the layer frame
   * @param end E, the packet ends the layer frame
   * @param notUpperReference Z: no higher spatial layer of the picture references this frame
   * @param ssHeights heights of the spatial layers for a scalability structure (V=1, Y=1, widths at
   *     16:9, and a picture group of the T0 T2 T1 T2 pattern), or empty for none
   */
  public record Vp9(
      int pictureId,
      int tl0PicIdx,
      int tid,
      boolean switchingUp,
      int sid,
      boolean interLayer,
      boolean predicted,
      boolean start,
      boolean end,
      boolean notUpperReference,
      List<Integer> ssHeights) {
    public Vp9 {
      ssHeights = List.copyOf(ssHeights);
    }
  }

  /** A VP9 packet: RTP header, the descriptor {@code d}, then {@code body}. */
  public static byte[] vp9(long ssrc, int seq, long ts, boolean marker, Vp9 d, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(
        0x80 // I
            | (d.predicted() ? 0x40 : 0)
            | 0x20 // L
            | (d.start() ? 0x08 : 0)
            | (d.end() ? 0x04 : 0)
            | (d.ssHeights().isEmpty() ? 0 : 0x02)
            | (d.notUpperReference() ? 0x01 : 0));
    out.write(0x80 | (d.pictureId() >>> 8) & 0x7f); // M=1: the 15-bit form
    out.write(d.pictureId());
    out.write(
        (d.tid() << 5)
            | (d.switchingUp() ? 0x10 : 0)
            | (d.sid() << 1)
            | (d.interLayer() ? 0x01 : 0));
    out.write(d.tl0PicIdx());
    if (!d.ssHeights().isEmpty()) {
      out.write(((d.ssHeights().size() - 1) << 5) | 0x10 | 0x08); // N_S, Y, G
      for (int h : d.ssHeights()) {
        int w = h * 16 / 9;
        out.write(w >>> 8);
        out.write(w);
        out.write(h >>> 8);
        out.write(h);
      }
      // N_G = 4 pictures: T0 refers 4 back, T2 1 back, T1 2 back, T2 1 back (each with R = 1).
      int[][] group = {{0, 4}, {2, 1}, {1, 2}, {2, 1}};
      out.write(group.length);
      for (int[] g : group) {
        out.write((g[0] << 5) | (g[0] > 0 ? 0x10 : 0) | (1 << 2));
        out.write(g[1]);
      }
    }
    out.writeBytes(body);
    return rtp(ssrc, seq, ts, marker, VP9_PT, out.toByteArray());
  }

  /** An H.264 packet whose payload is {@code payload} (a NAL unit, a STAP-A or an FU-A). */
  public static byte[] h264(long ssrc, int seq, long ts, boolean marker, byte[] payload) {
    return rtp(ssrc, seq, ts, marker, H264_PT, payload);
  }

  /** A STAP-A (RFC 6184 §5.7.1) of {@code units}, each a whole NAL unit. */
  public static byte[] h264StapA(byte[]... units) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x78); // F=0, NRI=3, type 24
    for (byte[] u : units) {
      out.write(u.length >>> 8);
      out.write(u.length);
      out.writeBytes(u);
    }
    return out.toByteArray();
  }

  /** An FU-A (RFC 6184 §5.8) fragment of a NAL unit with header {@code nalHeader}. */
  public static byte[] h264FuA(int nalHeader, boolean start, boolean end, byte[] data) {
    byte[] b = new byte[2 + data.length];
    b[0] = (byte) ((nalHeader & 0xe0) | 28);
    b[1] = (byte) ((start ? 0x80 : 0) | (end ? 0x40 : 0) | (nalHeader & 0x1f));
    System.arraycopy(data, 0, b, 2, data.length);
    return b;
  }

  /**
   * A Constrained Baseline sequence parameter set NAL unit (H.264 §7.3.2.1.1, profile-level-id
   * 42e01f as Chrome offers) for a 4:2:0 frame of {@code width} by {@code height} (even numbers),
   * cropped from whole macroblocks.
   */
  public static byte[] h264Sps(int width, int height) {
    int mbsWide = (width + 15) / 16;
    int mbsHigh = (height + 15) / 16;
    int cropRight = (mbsWide * 16 - width) / 2; // CropUnitX is 2 for 4:2:0
    int cropBottom = (mbsHigh * 16 - height) / 2; // CropUnitY is 2 for 4:2:0 frames
    ExpGolomb b = new ExpGolomb();
    b.u(66, 8).u(0xe0, 8).u(0x1f, 8).ue(0); // profile_idc, constraints, level_idc, sps id
    b.ue(4).ue(2).ue(1).u(0, 1); // log2_max_frame_num-4, poc type 2, 1 ref frame, no gaps
    b.ue(mbsWide - 1).ue(mbsHigh - 1).u(1, 1).u(1, 1); // size, frame_mbs_only, direct_8x8
    boolean crop = cropRight > 0 || cropBottom > 0;
    b.u(crop ? 1 : 0, 1);
    if (crop) {
      b.ue(0).ue(cropRight).ue(0).ue(cropBottom);
    }
    b.u(0, 1).u(1, 1); // no VUI, rbsp_stop_one_bit
    byte[] rbsp = b.bytes();
    // Emulation prevention (H.264 §7.4.1): no 00 00 0x with x <= 3 inside the NAL unit.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x67); // NRI=3, type 7
    int zeros = 0;
    for (byte v : rbsp) {
      if (zeros >= 2 && (v & 0xff) <= 3) {
        out.write(3);
        zeros = 0;
      }
      out.write(v);
      zeros = v == 0 ? zeros + 1 : 0;
    }
    return out.toByteArray();
  }

  /** u(n) and ue(v) of H.264 §7.2 and §9.1, most significant bit first. */
  private static final class ExpGolomb {
    private final StringBuilder bits = new StringBuilder();

    ExpGolomb u(long v, int n) {
      for (int i = n - 1; i >= 0; i--) {
        bits.append((v >>> i) & 1);
      }
      return this;
    }

    ExpGolomb ue(long v) {
      int n = 64 - Long.numberOfLeadingZeros(v + 1);
      return u(0, n - 1).u(v + 1, n);
    }

    byte[] bytes() {
      byte[] out = new byte[(bits.length() + 7) / 8];
      for (int i = 0; i < bits.length(); i++) {
        if (bits.charAt(i) == '1') {
          out[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
      }
      return out;
    }
  }

  /**
   * An AV1 packet with the dependency descriptor {@code dd} as header extension {@link
   * #DEPENDENCY_DESCRIPTOR_ID}: in the one-byte form of RFC 8285 §4.2 when it fits (16 bytes at
   * most), else in the two-byte form of §4.3, as a key frame's descriptor with its structure needs.
   */
  public static byte[] av1(long ssrc, int seq, long ts, boolean marker, byte[] dd, byte[] body) {
    boolean oneByte = dd.length <= 16;
    ByteArrayOutputStream ext = new ByteArrayOutputStream();
    if (oneByte) {
      ext.write((DEPENDENCY_DESCRIPTOR_ID << 4) | (dd.length - 1));
    } else {
      ext.write(DEPENDENCY_DESCRIPTOR_ID);
      ext.write(dd.length);
    }
    ext.writeBytes(dd);
    while (ext.size() % 4 != 0) {
      ext.write(0); // padding
    }
    byte[] block = ext.toByteArray();
    byte[] b = new byte[RtpHeader.FIXED_LENGTH + 4 + block.length + body.length];
    RtpHeader.write(b, 0, marker, AV1_PT, seq, ts, ssrc);
    b[0] |= 0x10;
    int i = RtpHeader.FIXED_LENGTH;
    Bytes.put16(b, i, oneByte ? 0xBEDE : 0x1000);
    Bytes.put16(b, i + 2, block.length / 4);
    System.arraycopy(block, 0, b, i + 4, block.length);
    System.arraycopy(body, 0, b, i + 4 + block.length, body.length);
    return b;
  }

  /**
   * L3T3_KEY as Chrome's AV1 encoder describes it: three spatial layers (320x180, 640x360,
   * 1280x720) of three temporal layers, decode target {@code 3 * s + t} for S{s}T{t}, chain {@code
   * s} protecting spatial layer s. Templates {@code 5 * s} to {@code 5 * s + 4} are spatial layer
   * s's key frame (S1 and S2 refer to the layer below), its T0 delta frame, its T1 frame and its
   * two T2 frames; after the key temporal unit each spatial layer refers only to itself.
   */
  public static Av1TemplateStructure av1L3T3Key() {
    List<Template> ts = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      String before = "---".repeat(s);
      String after = "---".repeat(2 - s);
      List<Integer> keyChains = new ArrayList<>();
      for (int c = 0; c < 3; c++) {
        keyChains.add(c < s ? s - c : 0);
      }
      ts.add(
          new Template(
              s,
              0,
              Dti.parse(before + "SSS".repeat(3 - s)),
              s > 0 ? List.of(1) : List.of(),
              keyChains));
      ts.add(new Template(s, 0, Dti.parse(before + "SSS" + after), List.of(12), chains(s, 0, 12)));
      ts.add(new Template(s, 1, Dti.parse(before + "-DS" + after), List.of(6), chains(s, 6, -1)));
      ts.add(new Template(s, 2, Dti.parse(before + "--D" + after), List.of(3), chains(s, 3, -1)));
      ts.add(new Template(s, 2, Dti.parse(before + "--D" + after), List.of(3), chains(s, 9, -1)));
    }
    return new Av1TemplateStructure(
        0,
        9,
        ts,
        3,
        List.of(0, 0, 0, 1, 1, 1, 2, 2, 2),
        List.of(new Resolution(320, 180), new Resolution(640, 360), new Resolution(1280, 720)));
  }

  /** Distance to the last T0 frame of each spatial layer, frames sent S0 S1 S2 per instant. */
  private static List<Integer> chains(int s, int sinceT0, int ownChain) {
    List<Integer> out = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      if (c == s && ownChain >= 0) {
        out.add(ownChain);
      } else if (c <= s) {
        out.add(sinceT0 + s - c);
      } else {
        out.add(sinceT0 == 0 ? 12 - (c - s) : sinceT0 + s - c);
      }
    }
    return out;
  }

  private static byte[] rtp(long ssrc, int seq, long ts, boolean marker, int pt, byte[] payload) {
    byte[] b = new byte[RtpHeader.FIXED_LENGTH + payload.length];
    RtpHeader.write(b, 0, marker, pt, seq, ts, ssrc);
    System.arraycopy(payload, 0, b, RtpHeader.FIXED_LENGTH, payload.length);
    return b;
  }
}
