package org.huddle.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class Vp9DescriptorTest {
  /** The descriptor sits after a 12-byte RTP header, so offsets are tested as absolute. */
  static final int OFF = 12;

  /** Bytes after the descriptor: the VP9 frame data. */
  static final byte[] FRAME = {(byte) 0x82, 0x49, (byte) 0x83};

  static final int P = 0x40;
  static final int F = 0x10;
  static final int B = 0x08;
  static final int E = 0x04;
  static final int Z = 0x01;

  /**
   * Writes a descriptor field by field in RFC 9628 order. I, L and V are set from the fields given,
   * the N bits of P_DIFFs from their count; P, F, B, E and Z are passed as flags.
   */
  static final class Descriptor {
    private final int flags;
    private int pictureId = -1;
    private boolean longPictureId;
    private int layer = -1;
    private int tl0PicIdx = -1;
    private int[] pDiffs = {};
    private byte[] ss;

    Descriptor(int flags) {
      this.flags = flags;
    }

    Descriptor pictureId(int id, boolean longForm) {
      pictureId = id;
      longPictureId = longForm;
      return this;
    }

    /** The layer indices octet: TID, U, SID, D. */
    Descriptor layer(int tid, boolean u, int sid, boolean d) {
      layer = tid << 5 | (u ? 0x10 : 0) | sid << 1 | (d ? 1 : 0);
      return this;
    }

    Descriptor tl0PicIdx(int v) {
      tl0PicIdx = v;
      return this;
    }

    Descriptor pDiffs(int... v) {
      pDiffs = v;
      return this;
    }

    Descriptor ss(byte[] v) {
      ss = v;
      return this;
    }

    byte[] descriptor() {
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      o.write(
          flags | (pictureId >= 0 ? 0x80 : 0) | (layer >= 0 ? 0x20 : 0) | (ss != null ? 0x02 : 0));
      if (pictureId >= 0) {
        if (longPictureId) {
          o.write(0x80 | pictureId >>> 8);
        }
        o.write(pictureId & (longPictureId ? 0xff : 0x7f));
      }
      if (layer >= 0) {
        o.write(layer);
      }
      if (tl0PicIdx >= 0) {
        o.write(tl0PicIdx);
      }
      for (int i = 0; i < pDiffs.length; i++) {
        o.write(pDiffs[i] << 1 | (i < pDiffs.length - 1 ? 1 : 0));
      }
      if (ss != null) {
        o.writeBytes(ss);
      }
      return o.toByteArray();
    }

    /** An RTP packet's bytes: a dummy 12-byte header, the descriptor, then {@link #FRAME}. */
    byte[] packet() {
      return wrap(descriptor());
    }
  }

  static byte[] wrap(byte[] descriptor) {
    byte[] b = new byte[OFF + descriptor.length + FRAME.length];
    Arrays.fill(b, 0, OFF, (byte) 0xee);
    System.arraycopy(descriptor, 0, b, OFF, descriptor.length);
    System.arraycopy(FRAME, 0, b, OFF + descriptor.length, FRAME.length);
    return b;
  }

  static int len(byte[] packet) {
    return packet.length - OFF;
  }

  static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  /**
   * SS for three spatial layers at 320x180, 640x360 and 1280x720 (Y=1) and a four-picture group
   * (G=1) of temporal layers 0, 2, 1, 2, each referencing the picture it names by P_DIFF.
   */
  static byte[] threeLayerSs() {
    return bytes(
        2 << 5 | 0x10 | 0x08, // N_S=2, Y, G
        0x01,
        0x40,
        0x00,
        0xb4, // 320 x 180
        0x02,
        0x80,
        0x01,
        0x68, // 640 x 360
        0x05,
        0x00,
        0x02,
        0xd0, // 1280 x 720
        4, // N_G
        0 << 5 | 0 << 4 | 1 << 2,
        4, // T=0, R=1, P_DIFF 4
        2 << 5 | 1 << 4 | 1 << 2,
        1, // T=2, U, R=1, P_DIFF 1
        1 << 5 | 1 << 4 | 1 << 2,
        2, // T=1, U, R=1, P_DIFF 2
        2 << 5 | 1 << 4 | 1 << 2,
        1); // T=2, U, R=1, P_DIFF 1
  }

  /** Chrome's first packet of a K-SVC key picture, non-flexible, with the SS. */
  static Descriptor keyPictureWithSs() {
    return new Descriptor(B)
        .pictureId(0x1234, true)
        .layer(0, false, 0, false)
        .tl0PicIdx(200)
        .ss(threeLayerSs());
  }

  @Nested
  class NonFlexibleMode {
    final byte[] packet =
        new Descriptor(P | B | E | Z)
            .pictureId(100, false)
            .layer(2, true, 1, false)
            .tl0PicIdx(77)
            .packet();

    @Test
    void readsFlagsLayerIndicesAndTl0PicIdx() {
      assertThat(Vp9Descriptor.length(packet, OFF, len(packet))).isEqualTo(4);
      assertThat(Vp9Descriptor.isFlexibleMode(packet, OFF, len(packet))).isFalse();
      assertThat(Vp9Descriptor.isStartOfFrame(packet, OFF, len(packet))).isTrue();
      assertThat(Vp9Descriptor.isEndOfFrame(packet, OFF, len(packet))).isTrue();
      assertThat(Vp9Descriptor.isInterPicturePredicted(packet, OFF, len(packet))).isTrue();
      assertThat(Vp9Descriptor.isNotReferenceForUpperLayer(packet, OFF, len(packet))).isTrue();
      assertThat(Vp9Descriptor.hasScalabilityStructure(packet, OFF, len(packet))).isFalse();
      assertThat(Vp9Descriptor.hasLayerIndices(packet, OFF, len(packet))).isTrue();
      assertThat(Vp9Descriptor.pictureId(packet, OFF, len(packet))).isEqualTo(100);
      assertThat(Vp9Descriptor.temporalId(packet, OFF, len(packet))).isEqualTo(2);
      assertThat(Vp9Descriptor.spatialId(packet, OFF, len(packet))).isEqualTo(1);
      assertThat(Vp9Descriptor.isSwitchingUpPoint(packet, OFF, len(packet))).isTrue();
      assertThat(Vp9Descriptor.interLayerDependency(packet, OFF, len(packet))).isFalse();
      assertThat(Vp9Descriptor.tl0PicIdx(packet, OFF, len(packet))).isEqualTo(77);
      assertThat(Vp9Descriptor.referenceCount(packet, OFF, len(packet))).isZero();
    }

    @Test
    void rewritesTl0PicIdxModulo256AndTouchesNothingElse() {
      byte[] b = packet.clone();
      Vp9Descriptor.setTl0PicIdx(b, OFF, len(b), 256 + 5);
      assertThat(Vp9Descriptor.tl0PicIdx(b, OFF, len(b))).isEqualTo(5);
      b[OFF + 3] = packet[OFF + 3];
      assertThat(b).isEqualTo(packet);
    }

    @Test
    void withoutLayerIndicesThereIsNoLayerNorTl0PicIdx() {
      byte[] b = new Descriptor(P | B).pictureId(9, false).packet();
      assertThat(Vp9Descriptor.length(b, OFF, len(b))).isEqualTo(2);
      assertThat(Vp9Descriptor.temporalId(b, OFF, len(b))).isEqualTo(-1);
      assertThat(Vp9Descriptor.spatialId(b, OFF, len(b))).isEqualTo(-1);
      assertThat(Vp9Descriptor.isSwitchingUpPoint(b, OFF, len(b))).isFalse();
      assertThat(Vp9Descriptor.tl0PicIdx(b, OFF, len(b))).isEqualTo(-1);
      byte[] before = b.clone();
      Vp9Descriptor.setTl0PicIdx(b, OFF, len(b), 1);
      assertThat(b).isEqualTo(before);
    }

    @Test
    void aPredictedPictureHasNoPDiffsOutsideFlexibleMode() {
      // P set with F clear: the byte after TL0PICIDX is frame data, not a P_DIFF.
      assertThat(Vp9Descriptor.pDiff(packet, OFF, len(packet), 0)).isEqualTo(-1);
    }
  }

  @Nested
  class FlexibleMode {
    @Test
    void readsUpToThreePDiffsChainedByN() {
      byte[] b =
          new Descriptor(P | F | B)
              .pictureId(0x7ffe, true)
              .layer(1, false, 2, true)
              .pDiffs(1, 2, 127)
              .packet();
      assertThat(Vp9Descriptor.length(b, OFF, len(b))).isEqualTo(7);
      assertThat(Vp9Descriptor.isFlexibleMode(b, OFF, len(b))).isTrue();
      assertThat(Vp9Descriptor.referenceCount(b, OFF, len(b))).isEqualTo(3);
      assertThat(Vp9Descriptor.pDiff(b, OFF, len(b), 0)).isEqualTo(1);
      assertThat(Vp9Descriptor.pDiff(b, OFF, len(b), 1)).isEqualTo(2);
      assertThat(Vp9Descriptor.pDiff(b, OFF, len(b), 2)).isEqualTo(127);
      assertThat(Vp9Descriptor.pDiff(b, OFF, len(b), 3)).isEqualTo(-1);
      assertThat(Vp9Descriptor.spatialId(b, OFF, len(b))).isEqualTo(2);
      assertThat(Vp9Descriptor.interLayerDependency(b, OFF, len(b))).isTrue();
    }

    @Test
    void hasNoTl0PicIdxSoOneReferenceFollowsTheLayerOctet() {
      byte[] b =
          new Descriptor(P | F | B)
              .pictureId(5, false)
              .layer(0, false, 0, false)
              .pDiffs(4)
              .packet();
      assertThat(Vp9Descriptor.length(b, OFF, len(b))).isEqualTo(4);
      assertThat(Vp9Descriptor.tl0PicIdx(b, OFF, len(b))).isEqualTo(-1);
      assertThat(Vp9Descriptor.referenceCount(b, OFF, len(b))).isEqualTo(1);
      assertThat(Vp9Descriptor.pDiff(b, OFF, len(b), 0)).isEqualTo(4);
    }

    @Test
    void aFourthPDiffIsMalformed() {
      byte[] b = new Descriptor(P | F | B).pictureId(5, false).pDiffs(1, 2, 3, 4).packet();
      assertThat(Vp9Descriptor.length(b, OFF, len(b))).isEqualTo(-1);
      assertThat(Vp9Descriptor.pictureId(b, OFF, len(b))).isEqualTo(-1);
      assertThat(Vp9Descriptor.referenceCount(b, OFF, len(b))).isZero();
      assertThat(Vp9Descriptor.isStartOfFrame(b, OFF, len(b))).isFalse();
    }

    @Test
    void aPDiffChainRunningOffThePayloadIsMalformed() {
      // N set on the last byte of the payload: the next P_DIFF is missing.
      byte[] b = bytes(0x80 | P | F, 5, 1 << 1 | 1);
      assertThat(Vp9Descriptor.length(b, 0, b.length)).isEqualTo(-1);
    }

    @Test
    void withoutAPictureIdTheFlexibleBitIsIgnored() {
      // I clear, F set, L set: read as non-flexible, so TL0PICIDX follows the layer octet.
      byte[] b = bytes(P | F | 0x20 | B, 0x02, 33, 0xaa);
      assertThat(Vp9Descriptor.isFlexibleMode(b, 0, b.length)).isFalse();
      assertThat(Vp9Descriptor.length(b, 0, b.length)).isEqualTo(3);
      assertThat(Vp9Descriptor.tl0PicIdx(b, 0, b.length)).isEqualTo(33);
      assertThat(Vp9Descriptor.pictureId(b, 0, b.length)).isEqualTo(-1);
    }
  }

  @Nested
  class ScalabilityStructure {
    final byte[] packet = keyPictureWithSs().packet();

    @Test
    void readsThreeSpatialLayersWithTheirResolutionsAndThePictureGroup() {
      // 1 + 2 (picture ID) + 1 (layer) + 1 (TL0PICIDX) + 1 + 3 * 4 (resolutions) + 1 + 4 * 2.
      assertThat(Vp9Descriptor.length(packet, OFF, len(packet))).isEqualTo(27);
      assertThat(Vp9Descriptor.hasScalabilityStructure(packet, OFF, len(packet))).isTrue();
      assertThat(Vp9Descriptor.spatialLayerCount(packet, OFF, len(packet))).isEqualTo(3);
      assertThat(Vp9Descriptor.ssWidth(packet, OFF, len(packet), 0)).isEqualTo(320);
      assertThat(Vp9Descriptor.ssHeight(packet, OFF, len(packet), 0)).isEqualTo(180);
      assertThat(Vp9Descriptor.ssWidth(packet, OFF, len(packet), 1)).isEqualTo(640);
      assertThat(Vp9Descriptor.ssHeight(packet, OFF, len(packet), 1)).isEqualTo(360);
      assertThat(Vp9Descriptor.ssWidth(packet, OFF, len(packet), 2)).isEqualTo(1280);
      assertThat(Vp9Descriptor.ssHeight(packet, OFF, len(packet), 2)).isEqualTo(720);
      assertThat(Vp9Descriptor.pictureGroupSize(packet, OFF, len(packet))).isEqualTo(4);
      assertThat(Vp9Descriptor.tl0PicIdx(packet, OFF, len(packet))).isEqualTo(200);
    }

    @Test
    void aLayerOutsideTheStructureHasNoResolution() {
      assertThat(Vp9Descriptor.ssHeight(packet, OFF, len(packet), 3)).isEqualTo(-1);
      assertThat(Vp9Descriptor.ssHeight(packet, OFF, len(packet), -1)).isEqualTo(-1);
      assertThat(Vp9Descriptor.ssWidth(packet, OFF, len(packet), 3)).isEqualTo(-1);
    }

    @Test
    void withoutYThereAreNoResolutionsAndNGFollowsAtOnce() {
      byte[] b =
          new Descriptor(B)
              .pictureId(1, false)
              .ss(bytes(1 << 5 | 0x08, 2, 0 << 2, 1 << 5 | 3 << 2, 1, 2, 3))
              .packet();
      assertThat(Vp9Descriptor.length(b, OFF, len(b))).isEqualTo(2 + 7);
      assertThat(Vp9Descriptor.spatialLayerCount(b, OFF, len(b))).isEqualTo(2);
      assertThat(Vp9Descriptor.ssHeight(b, OFF, len(b), 0)).isEqualTo(-1);
      assertThat(Vp9Descriptor.pictureGroupSize(b, OFF, len(b))).isEqualTo(2);
    }

    @Test
    void withoutGThereIsNoPictureGroup() {
      byte[] b =
          new Descriptor(B).pictureId(1, false).ss(bytes(0x10, 0x01, 0x40, 0, 0xb4)).packet();
      assertThat(Vp9Descriptor.length(b, OFF, len(b))).isEqualTo(2 + 5);
      assertThat(Vp9Descriptor.spatialLayerCount(b, OFF, len(b))).isEqualTo(1);
      assertThat(Vp9Descriptor.ssHeight(b, OFF, len(b), 0)).isEqualTo(180);
      assertThat(Vp9Descriptor.pictureGroupSize(b, OFF, len(b))).isEqualTo(-1);
    }

    @Test
    void withoutVThereIsNoStructure() {
      byte[] b =
          new Descriptor(B).pictureId(1, false).layer(0, false, 0, false).tl0PicIdx(0).packet();
      assertThat(Vp9Descriptor.spatialLayerCount(b, OFF, len(b))).isEqualTo(-1);
      assertThat(Vp9Descriptor.ssHeight(b, OFF, len(b), 0)).isEqualTo(-1);
      assertThat(Vp9Descriptor.ssWidth(b, OFF, len(b), 0)).isEqualTo(-1);
      assertThat(Vp9Descriptor.pictureGroupSize(b, OFF, len(b))).isEqualTo(-1);
    }

    @Test
    void followsThePDiffsInFlexibleMode() {
      byte[] b =
          new Descriptor(P | F | B)
              .pictureId(3, false)
              .layer(0, false, 0, false)
              .pDiffs(1, 2)
              .ss(bytes(0x10, 0x02, 0x80, 0x01, 0x68))
              .packet();
      assertThat(Vp9Descriptor.length(b, OFF, len(b))).isEqualTo(5 + 5);
      assertThat(Vp9Descriptor.ssHeight(b, OFF, len(b), 0)).isEqualTo(360);
    }
  }

  @Nested
  class PictureId {
    @Test
    void readsTheSevenBitForm() {
      byte[] b = new Descriptor(B).pictureId(0x55, false).packet();
      assertThat(Vp9Descriptor.pictureId(b, OFF, len(b))).isEqualTo(0x55);
      assertThat(Vp9Descriptor.hasLongPictureId(b, OFF, len(b))).isFalse();
      assertThat(Vp9Descriptor.length(b, OFF, len(b))).isEqualTo(2);
    }

    @Test
    void readsTheFifteenBitForm() {
      byte[] b = new Descriptor(B).pictureId(0x7abc, true).packet();
      assertThat(Vp9Descriptor.pictureId(b, OFF, len(b))).isEqualTo(0x7abc);
      assertThat(Vp9Descriptor.hasLongPictureId(b, OFF, len(b))).isTrue();
      assertThat(Vp9Descriptor.length(b, OFF, len(b))).isEqualTo(3);
    }

    @Test
    void isAbsentWithoutI() {
      byte[] b = new Descriptor(B).packet();
      assertThat(Vp9Descriptor.pictureId(b, OFF, len(b))).isEqualTo(-1);
      assertThat(Vp9Descriptor.hasLongPictureId(b, OFF, len(b))).isFalse();
      byte[] before = b.clone();
      Vp9Descriptor.setPictureId(b, OFF, len(b), 3);
      assertThat(b).isEqualTo(before);
    }

    @Test
    void rewritingKeepsTheFifteenBitWidthAndWraps() {
      byte[] original =
          new Descriptor(B).pictureId(0x7fff, true).layer(0, false, 0, false).tl0PicIdx(9).packet();
      byte[] b = original.clone();
      Vp9Descriptor.setPictureId(b, OFF, len(b), 0x7fff + 6);
      assertThat(Vp9Descriptor.pictureId(b, OFF, len(b))).isEqualTo(5);
      assertThat(Vp9Descriptor.hasLongPictureId(b, OFF, len(b))).isTrue();
      assertThat(Vp9Descriptor.tl0PicIdx(b, OFF, len(b))).isEqualTo(9);
      assertThat(Arrays.copyOfRange(b, OFF + 3, b.length))
          .isEqualTo(Arrays.copyOfRange(original, OFF + 3, original.length));
      assertThat(Arrays.copyOf(b, OFF + 1)).isEqualTo(Arrays.copyOf(original, OFF + 1));
    }

    @Test
    void rewritingKeepsTheSevenBitWidthAndWraps() {
      byte[] original = new Descriptor(B).pictureId(127, false).layer(0, false, 0, false).packet();
      byte[] b = original.clone();
      Vp9Descriptor.setPictureId(b, OFF, len(b), 130);
      assertThat(Vp9Descriptor.pictureId(b, OFF, len(b))).isEqualTo(2);
      assertThat(Vp9Descriptor.hasLongPictureId(b, OFF, len(b))).isFalse();
      assertThat(Vp9Descriptor.length(b, OFF, len(b)))
          .isEqualTo(Vp9Descriptor.length(original, OFF, len(original)));
      assertThat(Vp9Descriptor.spatialId(b, OFF, len(b))).isZero();
    }
  }

  @Nested
  class SwitchPoints {
    @Test
    void theFirstPacketOfAnUnpredictedBaseLayerFrameIsAKeyFrame() {
      byte[] b = keyPictureWithSs().packet();
      assertThat(Vp9Descriptor.isKeyFrame(b, OFF, len(b))).isTrue();
      assertThat(Vp9Descriptor.isSpatialSwitchUpPoint(b, OFF, len(b))).isTrue();
    }

    @Test
    void anUnpredictedUpperLayerFrameIsAnUpSwitchPointButNoKeyFrame() {
      // K-SVC key picture, spatial layer 1: P=0, D=1.
      byte[] b =
          new Descriptor(B)
              .pictureId(0x1234, true)
              .layer(0, false, 1, true)
              .tl0PicIdx(200)
              .packet();
      assertThat(Vp9Descriptor.isKeyFrame(b, OFF, len(b))).isFalse();
      assertThat(Vp9Descriptor.isSpatialSwitchUpPoint(b, OFF, len(b))).isTrue();
      assertThat(Vp9Descriptor.spatialId(b, OFF, len(b))).isEqualTo(1);
    }

    @Test
    void aPredictedFrameIsNeither() {
      // K-SVC delta picture: P=1, D=0, at layers 0 and 1.
      for (int sid = 0; sid < 2; sid++) {
        byte[] b =
            new Descriptor(P | B)
                .pictureId(7, true)
                .layer(0, false, sid, false)
                .tl0PicIdx(1)
                .packet();
        assertThat(Vp9Descriptor.isKeyFrame(b, OFF, len(b))).as("sid %d", sid).isFalse();
        assertThat(Vp9Descriptor.isSpatialSwitchUpPoint(b, OFF, len(b)))
            .as("sid %d", sid)
            .isFalse();
      }
    }

    @Test
    void aPacketInsideAFrameIsNeither() {
      byte[] b =
          new Descriptor(E).pictureId(7, true).layer(0, false, 0, false).tl0PicIdx(1).packet();
      assertThat(Vp9Descriptor.isKeyFrame(b, OFF, len(b))).isFalse();
      assertThat(Vp9Descriptor.isSpatialSwitchUpPoint(b, OFF, len(b))).isFalse();
    }

    @Test
    void withoutLayerIndicesAnUnpredictedFrameStartIsAKeyFrame() {
      byte[] b = new Descriptor(B | E).pictureId(7, false).packet();
      assertThat(Vp9Descriptor.isKeyFrame(b, OFF, len(b))).isTrue();
      byte[] delta = new Descriptor(P | B | E).pictureId(8, false).packet();
      assertThat(Vp9Descriptor.isKeyFrame(delta, OFF, len(delta))).isFalse();
    }
  }

  @Nested
  class Malformed {
    static final Descriptor[] FULL = {
      keyPictureWithSs(),
      new Descriptor(P | F | B)
          .pictureId(0x7000, true)
          .layer(3, true, 2, true)
          .pDiffs(1, 2, 3)
          .ss(bytes(0x08, 3, 0 << 2, 3 << 2, 1, 2, 3, 2 << 2, 4, 5)),
      new Descriptor(B | E).pictureId(1, false).layer(0, false, 0, false).tl0PicIdx(0),
    };

    @Test
    void everyTruncationOfAFullDescriptorHasNoLength() {
      for (Descriptor d : FULL) {
        byte[] desc = d.descriptor();
        byte[] packet = wrap(desc);
        assertThat(Vp9Descriptor.length(packet, OFF, desc.length)).isEqualTo(desc.length);
        for (int k = 0; k < desc.length; k++) {
          // Once as a shorter payload in a longer buffer, once as a buffer that really ends.
          assertThat(Vp9Descriptor.length(packet, OFF, k)).as("prefix %d", k).isEqualTo(-1);
          byte[] cut = Arrays.copyOf(packet, OFF + k);
          assertThat(Vp9Descriptor.length(cut, OFF, k)).as("cut %d", k).isEqualTo(-1);
          assertThat(Vp9Descriptor.pictureId(cut, OFF, k)).as("cut %d", k).isEqualTo(-1);
          assertThat(Vp9Descriptor.isStartOfFrame(cut, OFF, k)).as("cut %d", k).isFalse();
          assertThat(Vp9Descriptor.ssHeight(cut, OFF, k, 0)).as("cut %d", k).isEqualTo(-1);
        }
      }
    }

    @Test
    void aPictureGroupCutShortHasNoLength() {
      byte[] b = keyPictureWithSs().descriptor();
      // The last picture of the group announces R=3 P_DIFFs but only one follows.
      b[b.length - 2] |= 3 << 2;
      assertThat(Vp9Descriptor.length(b, 0, b.length)).isEqualTo(-1);
      assertThat(Vp9Descriptor.spatialLayerCount(b, 0, b.length)).isEqualTo(-1);
    }

    @Test
    void offsetsOutsideTheBufferHaveNoLength() {
      byte[] b = keyPictureWithSs().packet();
      assertThat(Vp9Descriptor.length(b, -1, 4)).isEqualTo(-1);
      assertThat(Vp9Descriptor.length(b, OFF, b.length)).isEqualTo(-1);
      assertThat(Vp9Descriptor.length(b, b.length, 1)).isEqualTo(-1);
      assertThat(Vp9Descriptor.length(b, OFF, -5)).isEqualTo(-1);
      assertThat(Vp9Descriptor.length(b, Integer.MAX_VALUE, Integer.MAX_VALUE)).isEqualTo(-1);
      assertThat(Vp9Descriptor.length(null, 0, 1)).isEqualTo(-1);
      assertThat(Vp9Descriptor.length(b, OFF, len(b))).isEqualTo(27);
    }

    @Test
    void randomBytesNeverThrowAndAnUnparsableDescriptorYieldsNothing() {
      Random r = new Random(9628);
      int parsed = 0;
      int withSs = 0;
      int withRefs = 0;
      for (int n = 0; n < 10_000; n++) {
        byte[] b = new byte[r.nextInt(48)];
        r.nextBytes(b);
        int off = b.length == 0 ? 0 : r.nextInt(b.length + 2) - 1;
        int len = r.nextInt(b.length + 3) - 1;
        byte[] before = b.clone();
        int d = Vp9Descriptor.length(b, off, len);
        Vp9Descriptor.isStartOfFrame(b, off, len);
        Vp9Descriptor.isEndOfFrame(b, off, len);
        Vp9Descriptor.isInterPicturePredicted(b, off, len);
        Vp9Descriptor.isFlexibleMode(b, off, len);
        Vp9Descriptor.hasLayerIndices(b, off, len);
        Vp9Descriptor.hasScalabilityStructure(b, off, len);
        Vp9Descriptor.isNotReferenceForUpperLayer(b, off, len);
        Vp9Descriptor.hasLongPictureId(b, off, len);
        Vp9Descriptor.isSwitchingUpPoint(b, off, len);
        Vp9Descriptor.interLayerDependency(b, off, len);
        Vp9Descriptor.isKeyFrame(b, off, len);
        Vp9Descriptor.isSpatialSwitchUpPoint(b, off, len);
        int values =
            Vp9Descriptor.pictureId(b, off, len)
                & Vp9Descriptor.temporalId(b, off, len)
                & Vp9Descriptor.spatialId(b, off, len)
                & Vp9Descriptor.tl0PicIdx(b, off, len)
                & Vp9Descriptor.pDiff(b, off, len, r.nextInt(4))
                & Vp9Descriptor.spatialLayerCount(b, off, len)
                & Vp9Descriptor.ssWidth(b, off, len, r.nextInt(9) - 1)
                & Vp9Descriptor.ssHeight(b, off, len, r.nextInt(9) - 1)
                & Vp9Descriptor.pictureGroupSize(b, off, len);
        int refs = Vp9Descriptor.referenceCount(b, off, len);
        Vp9Descriptor.setPictureId(b, off, len, r.nextInt());
        Vp9Descriptor.setTl0PicIdx(b, off, len, r.nextInt());
        if (d < 0) {
          // -1 in every reader makes the AND of them -1.
          assertThat(values).as("case %d", n).isEqualTo(-1);
          assertThat(refs).as("case %d", n).isZero();
          assertThat(b).as("case %d: writers leave a malformed packet alone", n).isEqualTo(before);
        } else {
          parsed++;
          if (Vp9Descriptor.hasScalabilityStructure(b, off, len)) {
            withSs++;
          }
          if (refs > 0) {
            withRefs++;
          }
          assertThat(d).as("case %d", n).isBetween(1, len);
          assertThat(refs).as("case %d", n).isBetween(0, 3);
          assertThat(Arrays.copyOfRange(b, off + d, b.length))
              .as("case %d: writers stay inside the descriptor", n)
              .isEqualTo(Arrays.copyOfRange(before, off + d, before.length));
          assertThat(Arrays.copyOf(b, off)).isEqualTo(Arrays.copyOf(before, off));
        }
      }
      // The bytes reached both outcomes, the SS and the P_DIFFs, or the test proves little.
      assertThat(parsed).isBetween(1000, 9000);
      assertThat(withSs).isPositive();
      assertThat(withRefs).isPositive();
    }
  }
}
