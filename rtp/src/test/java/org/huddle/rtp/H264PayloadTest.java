package org.huddle.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class H264PayloadTest {
  // NAL unit headers with the NRI an encoder uses (RFC 6184 §5.3).
  static final int IDR_HEADER = 0x65;
  static final int P_HEADER = 0x41;
  static final int SPS_HEADER = 0x67;
  static final int PPS_HEADER = 0x68;

  /** Slice data whose first_mb_in_slice is 0 (ue(v) "1"), then some slice-header-like bits. */
  static final byte[] FIRST_SLICE = bytes(0x88, 0x84, 0x21, 0x7f);

  /** Slice data whose first_mb_in_slice is 5 (ue(v) "00110"). */
  static final byte[] LATER_SLICE = {0x30, 0x44, 0x12};

  static final byte[] PPS_NAL = bytes(PPS_HEADER, 0xce, 0x3c, 0x80);

  // Where every payload sits in its buffer: after a stand-in RTP header, with bytes after it, so
  // the readers are seen to use absolute offsets and the length rather than the array's bounds.
  static final int OFF = 12;

  static byte[] inPacket(byte[] payload) {
    byte[] buf = new byte[OFF + payload.length + 4];
    Arrays.fill(buf, (byte) 0x7c); // an STAP-A type byte, so a stray read would show
    System.arraycopy(payload, 0, buf, OFF, payload.length);
    return buf;
  }

  static int check(byte[] payload) {
    return H264Payload.check(inPacket(payload), OFF, payload.length);
  }

  static boolean isKeyFrame(byte[] payload) {
    return H264Payload.isKeyFrame(inPacket(payload), OFF, payload.length);
  }

  static boolean isStartOfFrame(byte[] payload) {
    return H264Payload.isStartOfFrame(inPacket(payload), OFF, payload.length);
  }

  static boolean carriesSps(byte[] payload) {
    return H264Payload.carriesSps(inPacket(payload), OFF, payload.length);
  }

  static int nalType(byte[] payload) {
    return H264Payload.nalType(inPacket(payload), OFF, payload.length);
  }

  static int width(byte[] payload) {
    return H264Payload.spsWidth(inPacket(payload), OFF, payload.length);
  }

  static int height(byte[] payload) {
    return H264Payload.spsHeight(inPacket(payload), OFF, payload.length);
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  static byte[] nal(int header, int... data) {
    return nal(header, bytes(data));
  }

  static byte[] nal(int header, byte[] data) {
    byte[] b = new byte[1 + data.length];
    b[0] = (byte) header;
    System.arraycopy(data, 0, b, 1, data.length);
    return b;
  }

  static byte[] stapA(byte[]... units) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x78); // NRI 3, type 24
    for (byte[] u : units) {
      out.write(u.length >>> 8);
      out.write(u.length);
      out.writeBytes(u);
    }
    return out.toByteArray();
  }

  static byte[] fuA(int nalHeader, boolean start, boolean end, int... data) {
    return fuA(nalHeader, start, end, bytes(data));
  }

  static byte[] fuA(int nalHeader, boolean start, boolean end, byte[] data) {
    byte[] b = new byte[2 + data.length];
    b[0] = (byte) ((nalHeader & 0xe0) | H264Payload.FU_A);
    b[1] = (byte) ((start ? 0x80 : 0) | (end ? 0x40 : 0) | (nalHeader & 0x1f));
    System.arraycopy(data, 0, b, 2, data.length);
    return b;
  }

  static byte[] concat(byte[] a, int... more) {
    byte[] b = bytes(more);
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** MSB-first bit writer with the exp-Golomb codes of H.264 §9.1. */
  static final class Bits {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int current;
    private int count;

    Bits u(long value, int width) {
      for (int i = width - 1; i >= 0; i--) {
        bit((int) (value >>> i) & 1);
      }
      return this;
    }

    Bits bit(int b) {
      current = (current << 1) | b;
      if (++count % 8 == 0) {
        out.write(current);
        current = 0;
      }
      return this;
    }

    Bits flag(boolean b) {
      return bit(b ? 1 : 0);
    }

    Bits ue(long v) {
      long code = v + 1;
      int len = 64 - Long.numberOfLeadingZeros(code);
      return u(0, len - 1).u(code, len);
    }

    Bits se(long v) {
      return ue(v > 0 ? 2 * v - 1 : -2 * v);
    }

    int bitCount() {
      return count;
    }

    /** rbsp_trailing_bits(): a stop bit, then zeros to the byte boundary. */
    byte[] rbsp() {
      bit(1);
      while (count % 8 != 0) {
        bit(0);
      }
      return out.toByteArray();
    }
  }

  /** A NAL unit from its RBSP, with emulation prevention bytes inserted as H.264 §7.4.1 says. */
  static byte[] nalFromRbsp(int header, byte[] rbsp) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(header);
    int zeros = 0;
    for (byte b : rbsp) {
      if (zeros >= 2 && (b & 0xff) <= 3) {
        out.write(3);
        zeros = 0;
      }
      out.write(b);
      zeros = b == 0 ? zeros + 1 : 0;
    }
    return out.toByteArray();
  }

  static boolean hasEmulationPrevention(byte[] nal) {
    for (int i = 2; i < nal.length; i++) {
      if (nal[i - 2] == 0 && nal[i - 1] == 0 && nal[i] == 3) {
        return true;
      }
    }
    return false;
  }

  /** Writes seq_parameter_set_data() of H.264 §7.3.2.1.1, without VUI. */
  static final class SpsWriter {
    int profile = 66;
    int constraints = 0xe0; // profile-level-id 42e01f, as Chrome offers
    int level = 0x1f;
    long chromaFormatIdc = 1;
    boolean separatePlanes;
    boolean scalingLists;
    long pocType = 2;
    long offsetForNonRefPic = -1;
    long[] refFrameOffsets = {};
    long widthMbs;
    long heightMapUnits;
    boolean frameMbsOnly = true;
    long[] crop; // left, right, top, bottom

    /** How many RBSP bits the reader needs: everything up to the last cropping offset. */
    int sizeBits;

    SpsWriter size(long widthMbs, long heightMapUnits) {
      this.widthMbs = widthMbs;
      this.heightMapUnits = heightMapUnits;
      return this;
    }

    SpsWriter crop(long left, long right, long top, long bottom) {
      crop = new long[] {left, right, top, bottom};
      return this;
    }

    SpsWriter high(int profile, long chromaFormatIdc) {
      this.profile = profile;
      this.constraints = 0;
      this.level = 40;
      this.chromaFormatIdc = chromaFormatIdc;
      return this;
    }

    byte[] rbsp() {
      Bits b = new Bits().u(profile, 8).u(constraints, 8).u(level, 8).ue(0);
      if (profile == 100 || profile == 110 || profile == 122 || profile == 244) {
        b.ue(chromaFormatIdc);
        if (chromaFormatIdc == 3) {
          b.flag(separatePlanes);
        }
        b.ue(0).ue(0).bit(0).flag(scalingLists);
        if (scalingLists) {
          for (int i = 0; i < (chromaFormatIdc != 3 ? 8 : 12); i++) {
            int size = i < 6 ? 16 : 64;
            switch (i % 3) {
              case 0 -> b.bit(0); // absent: the fall-back rule applies
              case 1 -> { // a full list: 16, then 16 for every entry
                b.bit(1).se(8);
                for (int j = 1; j < size; j++) {
                  b.se(0);
                }
              }
              default -> b.bit(1).se(4).se(-12); // 12, then nextScale 0 ends the list
            }
          }
        }
      }
      b.ue(4).ue(pocType); // log2_max_frame_num_minus4
      if (pocType == 0) {
        b.ue(2);
      } else if (pocType == 1) {
        b.bit(0).se(offsetForNonRefPic).se(-2).ue(refFrameOffsets.length);
        for (long o : refFrameOffsets) {
          b.se(o);
        }
      }
      b.ue(1).bit(0).ue(widthMbs - 1).ue(heightMapUnits - 1).flag(frameMbsOnly);
      if (!frameMbsOnly) {
        b.bit(1); // mb_adaptive_frame_field_flag
      }
      b.bit(1).flag(crop != null); // direct_8x8_inference_flag, frame_cropping_flag
      if (crop != null) {
        for (long c : crop) {
          b.ue(c);
        }
      }
      sizeBits = b.bitCount();
      b.bit(0); // vui_parameters_present_flag
      return b.rbsp();
    }

    byte[] nal() {
      return nalFromRbsp(SPS_HEADER, rbsp());
    }
  }

  static SpsWriter chrome(long widthMbs, long heightMbs) {
    return new SpsWriter().size(widthMbs, heightMbs);
  }

  @Nested
  class Validity {
    @ParameterizedTest(name = "type {0}")
    @ValueSource(
        ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23})
    void acceptsEverySingleNalUnitTypeTheModeAllows(int type) {
      assertThat(check(nal(0x60 | type, 1, 2, 3))).isEqualTo(H264Payload.OK);
      assertThat(nalType(nal(0x60 | type, 1, 2, 3))).isEqualTo(type);
    }

    @Test
    void acceptsANalUnitThatIsOnlyItsHeader() {
      assertThat(check(nal(0x0a))).isEqualTo(H264Payload.OK); // end of sequence
      assertThat(check(stapA(nal(0x0b), nal(0x0a)))).isEqualTo(H264Payload.OK);
    }

    @Test
    void rejectsAnEmptyPayloadAndARangeOutsideTheBuffer() {
      assertThat(check(new byte[0])).isEqualTo(H264Payload.EMPTY);
      byte[] buf = nal(IDR_HEADER, FIRST_SLICE);
      assertThat(H264Payload.check(buf, 2, buf.length)).isEqualTo(H264Payload.EMPTY);
      assertThat(H264Payload.check(buf, -1, 2)).isEqualTo(H264Payload.EMPTY);
      assertThat(H264Payload.isKeyFrame(buf, 1, buf.length)).isFalse();
      assertThat(H264Payload.check(buf, 0, buf.length)).isEqualTo(H264Payload.OK);
    }

    @Test
    void rejectsTheForbiddenBitInAPacketAnAggregatedUnitOrAnFuIndicator() {
      assertThat(check(nal(0x80 | IDR_HEADER, FIRST_SLICE))).isEqualTo(H264Payload.FORBIDDEN_BIT);
      assertThat(check(stapA(nal(SPS_HEADER, 1), nal(0x80 | PPS_HEADER, 1))))
          .isEqualTo(H264Payload.FORBIDDEN_BIT);
      assertThat(check(fuA(0x80 | IDR_HEADER, true, false, FIRST_SLICE)))
          .isEqualTo(H264Payload.FORBIDDEN_BIT);
    }

    @ParameterizedTest(name = "type {0}")
    @ValueSource(ints = {0, 30, 31})
    void rejectsReservedTypesWhereverTheyAppear(int type) {
      assertThat(check(nal(0x60 | type, 1, 2))).isEqualTo(H264Payload.RESERVED_TYPE);
      assertThat(check(stapA(nal(SPS_HEADER, 1), nal(0x60 | type, 1))))
          .isEqualTo(H264Payload.RESERVED_TYPE);
      assertThat(check(fuA(0x60 | type, true, false, 1, 2))).isEqualTo(H264Payload.RESERVED_TYPE);
    }

    @ParameterizedTest(name = "type {0}")
    @ValueSource(ints = {25, 26, 27, 29})
    void rejectsTheInterleavedModesPacketTypes(int type) {
      assertThat(check(nal(0x60 | type, 0, 1, 0, 2, 0x65, 1))).isEqualTo(H264Payload.NOT_IN_MODE);
      assertThat(nalType(nal(0x60 | type, 0, 1, 0, 2, 0x65, 1))).isEqualTo(-1);
    }

    @ParameterizedTest(name = "type {0}")
    @ValueSource(ints = {24, 25, 26, 27, 28, 29})
    void rejectsAggregatesAndFragmentsInsideAStapAOrAnFuA(int type) {
      assertThat(check(stapA(nal(SPS_HEADER, 1), nal(0x60 | type, 0, 1, 0x65))))
          .isEqualTo(H264Payload.NESTED);
      assertThat(check(fuA(0x60 | type, true, false, 1, 2))).isEqualTo(H264Payload.NESTED);
    }

    @Test
    void rejectsAStapAWhoseSizeRunsPastThePayload() {
      byte[] good = stapA(nal(SPS_HEADER, 1, 2, 3), nal(PPS_HEADER, 4, 5));
      assertThat(check(good)).isEqualTo(H264Payload.OK);
      byte[] overrun = good.clone();
      overrun[1 + 2 + 4 + 1] = 4; // the PPS's size: 4 where 3 bytes follow
      assertThat(check(overrun)).isEqualTo(H264Payload.STAP_A_OVERRUN);
      assertThat(check(Arrays.copyOf(good, good.length - 1))).isEqualTo(H264Payload.STAP_A_OVERRUN);
      assertThat(check(concat(good, 0, 9, PPS_HEADER))).isEqualTo(H264Payload.STAP_A_OVERRUN);
      assertThat(isKeyFrame(concat(stapA(nal(IDR_HEADER, FIRST_SLICE)), 0, 9, 0x65))).isFalse();
    }

    @Test
    void rejectsAStapAWithNoUnit() {
      assertThat(check(new byte[] {0x78})).isEqualTo(H264Payload.STAP_A_OVERRUN);
      assertThat(check(bytes(0x78, 0))).isEqualTo(H264Payload.STAP_A_TRAILING);
    }

    @Test
    void rejectsAStapAWithAZeroSize() {
      byte[] zero = concat(stapA(nal(SPS_HEADER, 1)), 0, 0, PPS_HEADER, 1);
      assertThat(check(zero)).isEqualTo(H264Payload.STAP_A_ZERO_SIZE);
    }

    @Test
    void rejectsAByteLeftAfterTheLastStapAUnit() {
      byte[] trailing = concat(stapA(nal(SPS_HEADER, 1), nal(PPS_HEADER, 2)), 0);
      assertThat(check(trailing)).isEqualTo(H264Payload.STAP_A_TRAILING);
    }

    @Test
    void rejectsAnFuAWithoutItsHeader() {
      assertThat(check(new byte[] {0x7c})).isEqualTo(H264Payload.FU_A_TRUNCATED);
      assertThat(isKeyFrame(new byte[] {0x7c})).isFalse();
    }

    @Test
    void acceptsAnEmptyFuAPayloadAsRfc6184Allows() {
      assertThat(check(fuA(IDR_HEADER, true, false))).isEqualTo(H264Payload.OK);
      assertThat(check(fuA(IDR_HEADER, false, true))).isEqualTo(H264Payload.OK);
    }

    @Test
    void rejectsAnFuAWithBothStartAndEnd() {
      assertThat(check(fuA(IDR_HEADER, true, true, FIRST_SLICE)))
          .isEqualTo(H264Payload.FU_A_START_AND_END);
      assertThat(isKeyFrame(fuA(IDR_HEADER, true, true, FIRST_SLICE))).isFalse();
    }

    @Test
    void ignoresTheFuHeadersReservedBit() {
      byte[] fu = fuA(IDR_HEADER, true, false, FIRST_SLICE);
      fu[1] |= 0x20;
      assertThat(check(fu)).isEqualTo(H264Payload.OK);
      assertThat(isKeyFrame(fu)).isTrue();
    }

    @Test
    void reportsTheFirstCarriedNalUnitsType() {
      assertThat(nalType(stapA(nal(SPS_HEADER, 1), PPS_NAL))).isEqualTo(H264Payload.SPS);
      assertThat(nalType(fuA(IDR_HEADER, false, false, 1))).isEqualTo(H264Payload.IDR);
      assertThat(nalType(nal(P_HEADER, LATER_SLICE))).isEqualTo(1);
    }
  }

  @Nested
  class KeyFrames {
    final byte[] sps = chrome(80, 45).nal();

    @Test
    void aSingleIdrNalUnitIsAKeyFrameAndAPSliceIsNot() {
      assertThat(isKeyFrame(nal(IDR_HEADER, FIRST_SLICE))).isTrue();
      assertThat(isKeyFrame(nal(P_HEADER, FIRST_SLICE))).isFalse();
    }

    @Test
    void aStapAOfSpsPpsAndIdrIsAKeyFrame() {
      byte[] stap = stapA(sps, PPS_NAL, nal(IDR_HEADER, FIRST_SLICE));
      assertThat(check(stap)).isEqualTo(H264Payload.OK);
      assertThat(isKeyFrame(stap)).isTrue();
      assertThat(carriesSps(stap)).isTrue();
      assertThat(isStartOfFrame(stap)).isTrue();
    }

    @Test
    void parameterSetsAloneAreNotAKeyFrame() {
      byte[] stap = stapA(sps, PPS_NAL);
      assertThat(isKeyFrame(stap)).isFalse();
      assertThat(carriesSps(stap)).isTrue();
      assertThat(isKeyFrame(sps)).isFalse();
      assertThat(carriesSps(sps)).isTrue();
      assertThat(carriesSps(PPS_NAL)).isFalse();
      assertThat(carriesSps(nal(IDR_HEADER, FIRST_SLICE))).isFalse();
    }

    @Test
    void onlyTheStartOfAFragmentedIdrIsAKeyFrame() {
      assertThat(isKeyFrame(fuA(IDR_HEADER, true, false, FIRST_SLICE))).isTrue();
      assertThat(isKeyFrame(fuA(IDR_HEADER, false, false, 1, 2, 3))).isFalse();
      assertThat(isKeyFrame(fuA(IDR_HEADER, false, true, 1, 2, 3))).isFalse();
    }

    @Test
    void noFragmentOfAPSliceIsAKeyFrame() {
      assertThat(isKeyFrame(fuA(P_HEADER, true, false, FIRST_SLICE))).isFalse();
      assertThat(isKeyFrame(fuA(P_HEADER, false, false, 1, 2))).isFalse();
      assertThat(isKeyFrame(fuA(P_HEADER, false, true, 1, 2))).isFalse();
    }

    @Test
    void aFragmentedSpsIsNotReadable() {
      byte[] start = fuA(SPS_HEADER, true, false, Arrays.copyOfRange(sps, 1, sps.length));
      assertThat(carriesSps(start)).isFalse();
      assertThat(height(start)).isEqualTo(-1);
    }

    @Test
    void chromesKeyFrameReadsAsParameterSetsThenAnIdrStart() {
      // Chrome's packetizer: SPS and PPS aggregated, then the IDR slice in FU-As.
      byte[][] frame = {
        stapA(sps, PPS_NAL),
        fuA(IDR_HEADER, true, false, FIRST_SLICE),
        fuA(IDR_HEADER, false, false, 9, 9, 9),
        fuA(IDR_HEADER, false, true, 9, 9)
      };
      boolean[] key = new boolean[frame.length];
      boolean[] start = new boolean[frame.length];
      boolean[] withSps = new boolean[frame.length];
      for (int i = 0; i < frame.length; i++) {
        assertThat(check(frame[i])).isEqualTo(H264Payload.OK);
        key[i] = isKeyFrame(frame[i]);
        start[i] = isStartOfFrame(frame[i]);
        withSps[i] = carriesSps(frame[i]);
      }
      assertThat(key).containsExactly(false, true, false, false);
      assertThat(start).containsExactly(true, true, false, false);
      assertThat(withSps).containsExactly(true, false, false, false);
      assertThat(height(frame[0])).isEqualTo(720);
    }
  }

  @Nested
  class FrameStarts {
    @Test
    void aSliceStartsTheFrameWhenItsFirstMacroblockIsZero() {
      assertThat(isStartOfFrame(nal(P_HEADER, FIRST_SLICE))).isTrue();
      assertThat(isStartOfFrame(nal(IDR_HEADER, FIRST_SLICE))).isTrue();
      assertThat(isStartOfFrame(nal(P_HEADER, LATER_SLICE))).isFalse();
      assertThat(isStartOfFrame(nal(IDR_HEADER, LATER_SLICE))).isFalse();
    }

    @Test
    void aSliceWithNothingAfterItsHeaderIsNotAStart() {
      assertThat(isStartOfFrame(nal(P_HEADER))).isFalse();
      assertThat(isStartOfFrame(fuA(IDR_HEADER, true, false))).isFalse();
    }

    @Test
    void unitsThatOpenAnAccessUnitStartTheFrame() {
      assertThat(isStartOfFrame(nal(0x09, 0x10))).isTrue(); // access unit delimiter
      assertThat(isStartOfFrame(nal(0x06, 5, 1, 0))).isTrue(); // SEI
      assertThat(isStartOfFrame(PPS_NAL)).isTrue();
      assertThat(isStartOfFrame(stapA(chrome(40, 23).nal(), PPS_NAL))).isTrue();
    }

    @Test
    void unitsThatEndOrContinueAnAccessUnitDoNot() {
      assertThat(isStartOfFrame(nal(0x0a))).isFalse(); // end of sequence
      assertThat(isStartOfFrame(nal(0x0c, 0xff))).isFalse(); // filler
      assertThat(isStartOfFrame(nal(0x23, FIRST_SLICE))).isFalse(); // data partition B
      assertThat(isStartOfFrame(stapA(nal(P_HEADER, LATER_SLICE), nal(P_HEADER, FIRST_SLICE))))
          .isFalse();
    }

    @Test
    void aFragmentStartsTheFrameOnlyWithItsStartBitAndFirstMacroblock() {
      assertThat(isStartOfFrame(fuA(P_HEADER, true, false, FIRST_SLICE))).isTrue();
      assertThat(isStartOfFrame(fuA(P_HEADER, true, false, LATER_SLICE))).isFalse();
      assertThat(isStartOfFrame(fuA(P_HEADER, false, false, FIRST_SLICE))).isFalse();
      assertThat(isStartOfFrame(fuA(P_HEADER, false, true, FIRST_SLICE))).isFalse();
    }

    @Test
    void aMalformedPacketIsNotAStart() {
      assertThat(isStartOfFrame(nal(0x80 | P_HEADER, FIRST_SLICE))).isFalse();
      assertThat(isStartOfFrame(fuA(P_HEADER, true, true, FIRST_SLICE))).isFalse();
    }
  }

  @Nested
  class SpsSize {
    @Test
    void readsChromesConstrainedBaselineSizes() {
      byte[] hd = chrome(80, 45).nal();
      byte[] vga = chrome(40, 23).crop(0, 0, 0, 4).nal();
      byte[] small = chrome(20, 12).crop(0, 0, 0, 6).nal();
      assertThat(hd[1] & 0xff).isEqualTo(66);
      assertThat(new int[] {width(hd), height(hd)}).containsExactly(1280, 720);
      assertThat(new int[] {width(vga), height(vga)}).containsExactly(640, 360);
      assertThat(new int[] {width(small), height(small)}).containsExactly(320, 180);
    }

    @Test
    void readsEachPictureOrderCountType() {
      SpsWriter type0 = chrome(40, 23).crop(0, 0, 0, 4);
      type0.pocType = 0;
      SpsWriter type1 = chrome(40, 23).crop(0, 0, 0, 4);
      type1.pocType = 1;
      type1.refFrameOffsets = new long[] {3, -7, 100};
      assertThat(height(type0.nal())).isEqualTo(360);
      assertThat(height(type1.nal())).isEqualTo(360);
      assertThat(width(type1.nal())).isEqualTo(640);
    }

    @Test
    void readsAHighProfileSpsWithScalingListsAndCropping() {
      SpsWriter w = new SpsWriter().high(100, 1).size(120, 68).crop(0, 0, 0, 4);
      w.scalingLists = true;
      byte[] sps = w.nal();
      assertThat(new int[] {width(sps), height(sps)}).containsExactly(1920, 1080);
      w.scalingLists = false;
      assertThat(height(w.nal())).isEqualTo(1080);
      assertThat(w.nal().length).isLessThan(sps.length);
    }

    @Test
    void cropsInChromaSamplesByTheChromaFormat() {
      // 4:4:4 with 12 scaling lists: one luma sample per crop unit.
      SpsWriter yuv444 = new SpsWriter().high(244, 3).size(40, 23).crop(0, 0, 0, 8);
      yuv444.scalingLists = true;
      assertThat(height(yuv444.nal())).isEqualTo(360);
      yuv444.separatePlanes = true;
      assertThat(height(yuv444.nal())).isEqualTo(360);
      SpsWriter mono = new SpsWriter().high(100, 0).size(120, 68).crop(0, 0, 0, 8);
      assertThat(height(mono.nal())).isEqualTo(1080);
      // 4:2:0: two luma samples per unit, across as well as down.
      SpsWriter wide = new SpsWriter().size(86, 48).crop(0, 5, 0, 0);
      assertThat(new int[] {width(wide.nal()), height(wide.nal())}).containsExactly(1366, 768);
    }

    @Test
    void doublesTheHeightAndTheCropUnitForFieldCoding() {
      SpsWriter interlaced = new SpsWriter().high(100, 1).size(120, 34).crop(0, 0, 0, 2);
      interlaced.frameMbsOnly = false;
      assertThat(new int[] {width(interlaced.nal()), height(interlaced.nal())})
          .containsExactly(1920, 1080);
    }

    @Test
    void readsTheSpsInsideAStapA() {
      byte[] sps = chrome(20, 12).crop(0, 0, 0, 6).nal();
      assertThat(height(stapA(sps, PPS_NAL, nal(IDR_HEADER, FIRST_SLICE)))).isEqualTo(180);
      assertThat(width(stapA(nal(0x09, 0x10), sps, PPS_NAL))).isEqualTo(320);
      assertThat(height(stapA(PPS_NAL, nal(IDR_HEADER, FIRST_SLICE)))).isEqualTo(-1);
    }

    @Test
    void skipsEmulationPreventionBytes() {
      // An offset of 2^29 is coded with 30 leading zero bits, which must cross two zero bytes.
      SpsWriter w = chrome(80, 45);
      w.pocType = 1;
      w.offsetForNonRefPic = 1L << 29;
      byte[] sps = w.nal();
      assertThat(hasEmulationPrevention(sps)).isTrue();
      assertThat(new int[] {width(sps), height(sps)}).containsExactly(1280, 720);
      assertThat(height(stapA(sps, PPS_NAL))).isEqualTo(720);
    }

    @Test
    void readsSpsUnitsFromOtherEncoders() {
      // Published with their sizes: Constrained Baseline 720x404 (cropped, with emulation
      // prevention in its VUI) and High 320x180 (cropped).
      byte[] baseline = HexFormat.of().parseHex("6742c01ed900b435f9e10000030001000003003c0f162e48");
      byte[] high = HexFormat.of().parseHex("6764000dacd941419f9e10000003001000000303c0f1429960");
      assertThat(new int[] {width(baseline), height(baseline)}).containsExactly(720, 404);
      assertThat(new int[] {width(high), height(high)}).containsExactly(320, 180);
    }

    @Test
    void answersMinusOneForEveryTruncation() {
      SpsWriter w = new SpsWriter().high(100, 1).size(120, 68).crop(0, 0, 0, 4);
      w.scalingLists = true;
      byte[] sps = w.nal();
      assertThat(hasEmulationPrevention(sps)).isFalse();
      int needed = 1 + (w.sizeBits + 7) / 8;
      for (int len = 1; len < sps.length; len++) {
        byte[] cut = Arrays.copyOf(sps, len);
        assertThat(height(cut))
            .as("%d of %d bytes", len, sps.length)
            .isEqualTo(len < needed ? -1 : 1080);
        assertThat(width(cut)).isEqualTo(len < needed ? -1 : 1920);
      }
    }

    @Test
    void rejectsValuesOutOfTheirRange() {
      SpsWriter yuv = new SpsWriter().high(100, 4).size(40, 23);
      assertThat(height(yuv.nal())).isEqualTo(-1);
      SpsWriter poc = chrome(40, 23);
      poc.pocType = 3;
      assertThat(height(poc.nal())).isEqualTo(-1);
      SpsWriter cycle = chrome(40, 23);
      cycle.pocType = 1;
      cycle.refFrameOffsets = new long[256];
      assertThat(height(cycle.nal())).isEqualTo(-1);
      assertThat(height(chrome(40, 23).crop(0, 0, 0, 184).nal())).isEqualTo(-1);
      assertThat(width(chrome(40, 23).crop(200, 120, 0, 0).nal())).isEqualTo(-1);
      assertThat(height(chrome(40, 23).crop(0, 0, 0, 183).nal())).isEqualTo(2);
    }

    @Test
    void rejectsAnExpGolombCodeLongerThan32Bits() {
      byte[] zeros = bytes(SPS_HEADER, 0x42, 0xe0, 0x1f, 0, 0, 0, 0, 1, 0xff);
      assertThat(height(zeros)).isEqualTo(-1);
      // 31 leading zeros still decode: sps_id 2^31 - 1, then out of range.
      byte[] big = bytes(SPS_HEADER, 0x42, 0xe0, 0x1f, 0, 0, 0, 1, 0, 0, 0, 0, 0xff);
      assertThat(height(big)).isEqualTo(-1);
    }

    @Test
    void aPayloadWithoutAnSpsHasNoSize() {
      assertThat(height(nal(IDR_HEADER, FIRST_SLICE))).isEqualTo(-1);
      assertThat(width(PPS_NAL)).isEqualTo(-1);
      assertThat(height(nal(0x80 | SPS_HEADER, 0x42, 0xe0, 0x1f, 0xf4))).isEqualTo(-1);
    }
  }

  @Nested
  class ArbitraryBytes {
    @Test
    void noInputThrowsAndTheAnswersAgree() {
      Random r = new Random(6184);
      byte[][] seeds = {
        stapA(chrome(80, 45).nal(), PPS_NAL, nal(IDR_HEADER, FIRST_SLICE)),
        new SpsWriter().high(100, 1).size(120, 68).crop(0, 0, 0, 4).nal(),
        fuA(IDR_HEADER, true, false, FIRST_SLICE)
      };
      int valid = 0;
      int sized = 0;
      for (int i = 0; i < 10_000; i++) {
        byte[] payload;
        if (i % 4 == 3) {
          byte[] seed = seeds[r.nextInt(seeds.length)];
          payload = Arrays.copyOf(seed, r.nextInt(seed.length + 1));
          for (int flips = r.nextInt(3); flips >= 0 && payload.length > 0; flips--) {
            payload[r.nextInt(payload.length)] ^= (byte) (1 << r.nextInt(8));
          }
        } else {
          payload = new byte[r.nextInt(48)];
          r.nextBytes(payload);
          if (payload.length > 0 && i % 4 != 0) {
            // Steer half the headers to the structured types so their walks are exercised.
            int type = i % 4 == 1 ? H264Payload.STAP_A : H264Payload.FU_A;
            payload[0] = (byte) ((payload[0] & 0x60) | type);
          }
        }
        int off = r.nextInt(6);
        byte[] buf = new byte[off + payload.length + r.nextInt(4)];
        r.nextBytes(buf);
        System.arraycopy(payload, 0, buf, off, payload.length);
        int len = payload.length;

        int reason = H264Payload.check(buf, off, len);
        assertThat(reason).isBetween(H264Payload.FU_A_START_AND_END, H264Payload.OK);
        assertThat(H264Payload.isValid(buf, off, len)).isEqualTo(reason == H264Payload.OK);
        int type = H264Payload.nalType(buf, off, len);
        boolean key = H264Payload.isKeyFrame(buf, off, len);
        boolean start = H264Payload.isStartOfFrame(buf, off, len);
        boolean sps = H264Payload.carriesSps(buf, off, len);
        int w = H264Payload.spsWidth(buf, off, len);
        int h = H264Payload.spsHeight(buf, off, len);
        if (reason != H264Payload.OK) {
          assertThat(type).isEqualTo(-1);
          assertThat(key || start || sps).isFalse();
          assertThat(w).isEqualTo(-1);
          assertThat(h).isEqualTo(-1);
          continue;
        }
        valid++;
        assertThat(type).isBetween(1, 23);
        assertThat(w >= 0).isEqualTo(h >= 0);
        if (h >= 0) {
          sized++;
          assertThat(sps).isTrue();
          assertThat(w).isPositive();
          assertThat(h).isPositive();
        }
      }
      assertThat(valid).isGreaterThan(1000);
      assertThat(sized).isGreaterThan(50);
    }
  }
}
