package org.huddle.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.huddle.rtp.Av1DependencyDescriptor.Invalid;
import org.huddle.rtp.Av1DependencyDescriptor.Invalid.Reason;
import org.huddle.rtp.Av1TemplateStructure.Dti;
import org.huddle.rtp.Av1TemplateStructure.Resolution;
import org.huddle.rtp.Av1TemplateStructure.Template;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class Av1DependencyDescriptorTest {

  // ---- Structures ----

  /**
   * L1T3: one spatial layer, temporal pattern T0 T2 T1 T2. Decode targets 0..2 are T0, T0+T1 and
   * T0+T1+T2; one chain (the T0 frames) protects all three.
   */
  static Av1TemplateStructure l1t3(int offset) {
    return new Av1TemplateStructure(
        offset,
        3,
        List.of(
            Template.of(0, 0, "SSS", List.of(), List.of(0)),
            Template.of(0, 0, "SSS", List.of(4), List.of(4)),
            Template.of(0, 1, "-DS", List.of(2), List.of(2)),
            Template.of(0, 2, "--D", List.of(1), List.of(1)),
            Template.of(0, 2, "--D", List.of(1), List.of(3))),
        1,
        List.of(0, 0, 0),
        List.of(new Resolution(1280, 720)));
  }

  static final Av1TemplateStructure L1T3 = l1t3(0);
  static final List<Resolution> THREE_SIZES =
      List.of(new Resolution(320, 180), new Resolution(640, 360), new Resolution(1280, 720));

  /**
   * Three spatial and three temporal layers, decode target {@code 3 * s + t} for S{s}T{t}, chain
   * {@code s} protecting the decode targets of spatial layer s. With {@code kSvc}, L3T3_KEY: the
   * key temporal unit is predicted upwards (S1 and S2 key frames refer to the layer below), later
   * spatial layers are independent. Without, S3T3 simulcast: every spatial layer has its own key
   * frame with no references.
   */
  static Av1TemplateStructure threeByThree(int offset, boolean kSvc) {
    List<Template> ts = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      String before = "---".repeat(s);
      String after = "---".repeat(2 - s);
      String keyDtis = kSvc ? before + "SSS".repeat(3 - s) : before + "SSS" + after;
      List<Integer> keyChains = new ArrayList<>();
      for (int c = 0; c < 3; c++) {
        keyChains.add(c < s ? s - c : 0);
      }
      ts.add(
          new Template(
              s, 0, Dti.parse(keyDtis), kSvc && s > 0 ? List.of(1) : List.of(), keyChains));
      ts.add(new Template(s, 0, Dti.parse(before + "SSS" + after), List.of(12), chains(s, 0, 12)));
      ts.add(new Template(s, 1, Dti.parse(before + "-DS" + after), List.of(6), chains(s, 6, -1)));
      ts.add(new Template(s, 2, Dti.parse(before + "--D" + after), List.of(3), chains(s, 3, -1)));
      ts.add(new Template(s, 2, Dti.parse(before + "--D" + after), List.of(3), chains(s, 9, -1)));
    }
    return new Av1TemplateStructure(
        offset, 9, ts, 3, List.of(0, 0, 0, 1, 1, 1, 2, 2, 2), THREE_SIZES);
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

  static final Av1TemplateStructure L3T3_KEY = threeByThree(0, true);
  static final Av1TemplateStructure S3T3 = threeByThree(20, false);

  // ---- Hand-assembled bits, field by field as A.8.2 lists them ----

  static final class Bits {
    private final StringBuilder s = new StringBuilder();

    Bits f(int n, long v) {
      for (int i = n - 1; i >= 0; i--) {
        s.append((v >>> i) & 1);
      }
      return this;
    }

    Bits flag(boolean b) {
      return f(1, b ? 1 : 0);
    }

    byte[] bytes() {
      byte[] out = new byte[(s.length() + 7) / 8];
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) == '1') {
          out[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
      }
      return out;
    }
  }

  static Bits mandatory(boolean start, boolean end, int templateId, int frameNumber) {
    return new Bits().flag(start).flag(end).f(6, templateId).f(16, frameNumber);
  }

  /** The L1T3 structure with offset 0, in wire order. */
  static Bits l1t3Structure(Bits b) {
    b.f(6, 0).f(5, 3 - 1); // template_id_offset, dt_cnt_minus_one
    b.f(2, 0).f(2, 1).f(2, 1).f(2, 0).f(2, 3); // next_layer_idc: T0 T0 T1 T2 T2
    for (String dtis : new String[] {"SSS", "SSS", "-DS", "--D", "--D"}) {
      for (Dti d : Dti.parse(dtis)) {
        b.f(2, d.code());
      }
    }
    b.f(1, 0); // template 0: no fdiffs
    b.f(1, 1).f(4, 4 - 1).f(1, 0);
    b.f(1, 1).f(4, 2 - 1).f(1, 0);
    b.f(1, 1).f(4, 1 - 1).f(1, 0);
    b.f(1, 1).f(4, 1 - 1).f(1, 0);
    b.f(2, 1); // chain_cnt = ns(4) = 1: 4 values, w = 3, m = 4, 1 < m so f(2)
    // decode_target_protected_by = ns(1): no bits
    for (int c : new int[] {0, 4, 2, 1, 3}) {
      b.f(4, c);
    }
    b.f(1, 1).f(16, 1280 - 1).f(16, 720 - 1); // render_resolutions
    return b;
  }

  static byte[] l1t3KeyFrame(int frameNumber) {
    Bits b = mandatory(true, true, 0, frameNumber);
    b.flag(true).flag(false).flag(false).flag(false).flag(false);
    return l1t3Structure(b).bytes();
  }

  static Av1DependencyDescriptor parse(byte[] b, Av1TemplateStructure current) throws Invalid {
    return Av1DependencyDescriptor.parse(b, 0, b.length, current);
  }

  static Reason reasonOf(byte[] b, Av1TemplateStructure current) {
    try {
      Av1DependencyDescriptor d = parse(b, current);
      throw new AssertionError("parsed, expected an error: " + d);
    } catch (Invalid e) {
      return e.reason();
    }
  }

  // ---- Tests ----

  @Nested
  class L1T3 {
    @Test
    void aHandAssembledKeyFrameParsesToItsStructureAndFirstTemplate() throws Invalid {
      Av1DependencyDescriptor d = parse(l1t3KeyFrame(0x1234), null);

      assertThat(d.startOfFrame()).isTrue();
      assertThat(d.endOfFrame()).isTrue();
      assertThat(d.frameNumber()).isEqualTo(0x1234);
      assertThat(d.templateId()).isZero();
      assertThat(d.structure()).isEqualTo(L1T3);
      assertThat(d.templateIndex()).isZero();
      assertThat(d.spatialId()).isZero();
      assertThat(d.temporalId()).isZero();
      assertThat(d.dtis()).containsExactly(Dti.SWITCH, Dti.SWITCH, Dti.SWITCH);
      assertThat(d.fdiffs()).isEmpty();
      assertThat(d.chainFdiffs()).containsExactly(0);
      assertThat(d.activeDecodeTargets()).as("implicitly all three").isEqualTo(0b111);
      assertThat(d.isKeyFrame()).isTrue();
      assertThat(d.structure().maxHeight(0)).isEqualTo(720);
      assertThat(d.structure().maxWidth(0)).isEqualTo(1280);
    }

    @Test
    void theWriterProducesTheHandAssembledBytes() {
      byte[] written =
          Av1DependencyDescriptor.ofTemplate(true, true, 0x1234, L1T3, 0)
              .withStructure(L1T3)
              .write(null);
      assertThat(HexFormat.of().formatHex(written))
          .isEqualTo(HexFormat.of().formatHex(l1t3KeyFrame(0x1234)));
    }

    @Test
    void aThreeByteDescriptorTakesEverythingFromItsTemplate() throws Invalid {
      byte[] b = mandatory(false, true, 3, 77).bytes();
      assertThat(b).hasSize(3);

      Av1DependencyDescriptor d = parse(b, L1T3);

      assertThat(d.startOfFrame()).isFalse();
      assertThat(d.endOfFrame()).isTrue();
      assertThat(d.structure()).isNull();
      assertThat(d.activeDecodeTargets()).isEqualTo(-1);
      assertThat(d.templateIndex()).isEqualTo(3);
      assertThat(d.spatialId()).isZero();
      assertThat(d.temporalId()).isEqualTo(2);
      assertThat(d.dtis()).containsExactly(Dti.NOT_PRESENT, Dti.NOT_PRESENT, Dti.DISCARDABLE);
      assertThat(d.fdiffs()).containsExactly(1);
      assertThat(d.chainFdiffs()).containsExactly(1);
      assertThat(d.isKeyFrame()).isFalse();
      assertThat(d.isNeededFor(0)).isFalse();
      assertThat(d.isNeededFor(1)).isFalse();
      assertThat(d.isNeededFor(2)).isTrue();
    }

    @Test
    void decodeTargetsMapToTemporalLayersAndDropTheLayersAbove() {
      assertThat(L1T3.decodeTargetTemporalId(0)).isZero();
      assertThat(L1T3.decodeTargetTemporalId(1)).isEqualTo(1);
      assertThat(L1T3.decodeTargetTemporalId(2)).isEqualTo(2);
      assertThat(L1T3.decodeTargetAtOrBelow(0, 1)).isEqualTo(1);
      assertThat(L1T3.decodeTargetAtOrBelow(0, 7)).isEqualTo(2);
      // A T1 receiver gets the T0 and T1 templates only.
      assertThat(List.of(0, 1, 2, 3, 4))
          .map(i -> L1T3.isNeededAt(i, 0, 1))
          .containsExactly(true, true, true, false, false);
      assertThat(L1T3.isNeeded(2, 0)).as("T1 frame for the T0 target").isFalse();
      assertThat(L1T3.isNeeded(9, 0)).as("no such template").isFalse();
    }

    @Test
    void templateIdsWrapModulo64AroundTheOffset() throws Invalid {
      Av1TemplateStructure wrapped = l1t3(62); // ids 62, 63, 0, 1, 2
      assertThat(parse(mandatory(true, false, 62, 1).bytes(), wrapped).templateIndex()).isZero();
      assertThat(parse(mandatory(true, false, 0, 1).bytes(), wrapped).templateIndex()).isEqualTo(2);
      Av1DependencyDescriptor last = parse(mandatory(true, false, 2, 1).bytes(), wrapped);
      assertThat(last.templateIndex()).isEqualTo(4);
      assertThat(last.chainFdiffs()).containsExactly(3);
      assertThat(reasonOf(mandatory(true, false, 3, 1).bytes(), wrapped))
          .isEqualTo(Reason.UNKNOWN_TEMPLATE);
      assertThat(reasonOf(mandatory(true, false, 61, 1).bytes(), wrapped))
          .isEqualTo(Reason.UNKNOWN_TEMPLATE);
    }
  }

  @Nested
  class CustomFields {
    /** Template 2 (T1) with every override: active targets, DTIs, fdiffs of all sizes, chains. */
    byte[] custom() {
      Bits b = mandatory(true, false, 2, 500);
      b.flag(false).flag(true).flag(true).flag(true).flag(true);
      b.f(3, 0b011); // active_decode_targets_bitmask
      b.f(2, 3).f(2, 3).f(2, 0); // frame_dti: R R -
      b.f(2, 1).f(4, 1 - 1); // fdiff 1 in 4 bits
      b.f(2, 2).f(8, 19 - 1); // fdiff 19 in 8 bits
      b.f(2, 3).f(12, 4096 - 1); // fdiff 4096 in 12 bits
      b.f(2, 0); // no more fdiffs
      b.f(8, 171); // frame_chain_fdiff
      return b.bytes();
    }

    @Test
    void overridesReplaceTheTemplateValues() throws Invalid {
      Av1DependencyDescriptor d = parse(custom(), L1T3);

      assertThat(d.templateIndex()).isEqualTo(2);
      assertThat(d.temporalId()).as("layers always come from the template").isEqualTo(1);
      assertThat(d.activeDecodeTargets()).isEqualTo(0b011);
      assertThat(d.dtis()).containsExactly(Dti.REQUIRED, Dti.REQUIRED, Dti.NOT_PRESENT);
      assertThat(d.fdiffs()).containsExactly(1, 19, 4096);
      assertThat(d.chainFdiffs()).containsExactly(171);
      assertThat(d.isNeededFor(0)).as("custom DTI, where the template says not present").isTrue();
      assertThat(d.isNeededFor(2)).isFalse();
    }

    @Test
    void theWriterEmitsTheOverridesWithTheShortestFdiffSizes() throws Invalid {
      assertThat(parse(custom(), L1T3).write(L1T3)).isEqualTo(custom());
    }

    @Test
    void aTemplateFrameWithoutOverridesIsWrittenInThreeBytes() {
      byte[] b = Av1DependencyDescriptor.ofTemplate(false, false, 9, L1T3, 4).write(L1T3);
      assertThat(b).isEqualTo(mandatory(false, false, 4, 9).bytes());
    }
  }

  @Nested
  class NonSymmetricCodes {
    /**
     * chain_cnt 3 as ns(5) is 110 and decode_target_protected_by 0, 1, 2 as ns(3) are 0, 10, 11.
     */
    byte[] fourTargetsThreeChains() {
      Bits b = mandatory(true, true, 0, 0).flag(true).flag(false).flag(false).flag(false);
      b.flag(false).f(6, 0).f(5, 4 - 1).f(2, 3); // one template
      b.f(2, 2).f(2, 2).f(2, 2).f(2, 2).f(1, 0); // SSSS, no fdiffs
      b.f(3, 0b110); // chain_cnt = 3
      b.f(1, 0b0).f(2, 0b10).f(2, 0b11).f(2, 0b11); // protected by 0, 1, 2, 2
      b.f(4, 0).f(4, 0).f(4, 0).f(1, 0); // template chain fdiffs, no resolutions
      return b.bytes();
    }

    Av1TemplateStructure expected =
        new Av1TemplateStructure(
            0,
            4,
            List.of(Template.of(0, 0, "SSSS", List.of(), List.of(0, 0, 0))),
            3,
            List.of(0, 1, 2, 2),
            List.of());

    @Test
    void parseAsTheSpecTableSays() throws Invalid {
      assertThat(parse(fourTargetsThreeChains(), null).structure()).isEqualTo(expected);
    }

    @Test
    void writeAsTheSpecTableSays() {
      assertThat(
              Av1DependencyDescriptor.ofTemplate(true, true, 0, expected, 0)
                  .withStructure(expected)
                  .write(null))
          .isEqualTo(fourTargetsThreeChains());
    }
  }

  @Nested
  class L3T3Key {
    @Test
    void decodeTargetsAreTheNineSpatialTemporalPairs() {
      for (int dt = 0; dt < 9; dt++) {
        assertThat(L3T3_KEY.decodeTargetSpatialId(dt)).as("DT%d", dt).isEqualTo(dt / 3);
        assertThat(L3T3_KEY.decodeTargetTemporalId(dt)).as("DT%d", dt).isEqualTo(dt % 3);
      }
      assertThat(L3T3_KEY.decodeTargetAtOrBelow(1, 1)).isEqualTo(4);
      assertThat(L3T3_KEY.decodeTargetAtOrBelow(3, 7)).isEqualTo(8);
      assertThat(L3T3_KEY.maxSpatialId()).isEqualTo(2);
      assertThat(L3T3_KEY.maxTemporalId()).isEqualTo(2);
    }

    @Test
    void theKeyFrameCarriesTheStructureAndRoundTrips() throws Invalid {
      byte[] b =
          Av1DependencyDescriptor.ofTemplate(true, false, 100, L3T3_KEY, 0)
              .withStructure(L3T3_KEY)
              .write(null);

      Av1DependencyDescriptor d = parse(b, null);

      assertThat(d.structure()).isEqualTo(L3T3_KEY);
      assertThat(d.isKeyFrame()).isTrue();
      assertThat(Av1DependencyDescriptor.isKeyFrame(b, 0, b.length)).isTrue();
      assertThat(d.activeDecodeTargets()).isEqualTo(0x1ff);
      assertThat(d.structure().templates()).hasSize(15);
    }

    @Test
    void upperKeyFramesAndDeltasAreNotKeyFrames() throws Invalid {
      // S1 of the key temporal unit refers to S0: not a key frame, even with a structure.
      Av1DependencyDescriptor s1Key =
          parse(
              Av1DependencyDescriptor.ofTemplate(true, true, 101, L3T3_KEY, 5)
                  .withStructure(L3T3_KEY)
                  .write(null),
              null);
      assertThat(s1Key.spatialId()).isEqualTo(1);
      assertThat(s1Key.fdiffs()).containsExactly(1);
      assertThat(s1Key.isKeyFrame()).isFalse();

      Av1DependencyDescriptor delta =
          parse(
              Av1DependencyDescriptor.ofTemplate(true, true, 112, L3T3_KEY, 1)
                  .withStructure(L3T3_KEY)
                  .write(null),
              null);
      assertThat(delta.fdiffs()).containsExactly(12);
      assertThat(delta.isKeyFrame()).isFalse();
    }

    @Test
    void kSvcDropsLowerLayerDeltasForUpperTargetsButKeepsTheKey() {
      // S0 delta frames are not part of the S1 and S2 decode targets after the key unit.
      assertThat(L3T3_KEY.isNeededAt(1, 2, 2)).isFalse();
      assertThat(L3T3_KEY.isNeededAt(0, 2, 2)).as("the S0 key frame").isTrue();
      assertThat(L3T3_KEY.isNeededAt(5, 2, 2)).as("the S1 key frame").isTrue();
      assertThat(L3T3_KEY.isNeededAt(11, 2, 2)).as("S2 T0 delta").isTrue();
      assertThat(L3T3_KEY.isNeededAt(13, 2, 1)).as("S2 T2 for an S2T1 receiver").isFalse();
      assertThat(L3T3_KEY.isNeededAt(10, 1, 2)).as("S2 key for an S1 receiver").isFalse();
    }

    @Test
    void renderResolutionsGiveTheMaxHeightPerSpatialLayer() {
      assertThat(List.of(0, 1, 2, 3)).map(L3T3_KEY::maxHeight).containsExactly(180, 360, 720, -1);
      assertThat(L1T3.maxHeight(1)).isEqualTo(-1);
      Av1TemplateStructure noSizes =
          new Av1TemplateStructure(
              0, 1, List.of(Template.of(0, 0, "S", List.of(), List.of())), 0, List.of(), List.of());
      assertThat(noSizes.maxHeight(0)).isEqualTo(-1);
    }
  }

  @Nested
  class S3T3 {
    @Test
    void everySpatialLayerOfSimulcastStandsAlone() {
      assertThat(S3T3.templates().get(5).fdiffs()).as("S1 key").isEmpty();
      assertThat(S3T3.isNeededAt(0, 2, 2)).as("S0 key for an S2 receiver").isFalse();
      assertThat(S3T3.isNeededAt(10, 2, 2)).as("S2 key for an S2 receiver").isTrue();
      assertThat(S3T3.decodeTargetAtOrBelow(2, 0)).isEqualTo(6);
    }

    @Test
    void onlyTheSpatialLayerZeroKeyFrameWithTheStructureIsTheKeyFrame() throws Invalid {
      byte[] s0 =
          Av1DependencyDescriptor.ofTemplate(true, true, 7, S3T3, 0)
              .withStructure(S3T3)
              .write(null);
      byte[] s1 =
          Av1DependencyDescriptor.ofTemplate(true, true, 8, S3T3, 5)
              .withStructure(S3T3)
              .write(null);

      assertThat(parse(s0, null).templateId()).isEqualTo(20);
      assertThat(Av1DependencyDescriptor.isKeyFrame(s0, 0, s0.length)).isTrue();
      assertThat(Av1DependencyDescriptor.isKeyFrame(s1, 0, s1.length)).isFalse();
      assertThat(parse(s1, null).spatialId()).isEqualTo(1);
    }
  }

  @Nested
  class KeyFrames {
    @Test
    void needTheStructureTheStartOfTheFrameAndNoReferences() {
      byte[] key = l1t3KeyFrame(1);
      assertThat(Av1DependencyDescriptor.hasStructure(key, 0, key.length)).isTrue();
      assertThat(Av1DependencyDescriptor.isKeyFrame(key, 0, key.length)).isTrue();

      byte[] notStart = key.clone();
      notStart[0] &= 0x7f;
      assertThat(Av1DependencyDescriptor.isKeyFrame(notStart, 0, notStart.length)).isFalse();

      byte[] withoutStructure = mandatory(true, true, 0, 1).bytes();
      assertThat(Av1DependencyDescriptor.hasStructure(withoutStructure, 0, 3)).isFalse();
      assertThat(Av1DependencyDescriptor.isKeyFrame(withoutStructure, 0, 3)).isFalse();

      assertThat(Av1DependencyDescriptor.isKeyFrame(key, 0, key.length - 1))
          .as("truncated")
          .isFalse();
    }
  }

  @Nested
  class FrameNumberRewrite {
    @Test
    void rewritesInPlaceAndWrapsAt16Bits() throws Invalid {
      byte[] key = l1t3KeyFrame(0x1234);
      byte[] packet = new byte[key.length + 10];
      System.arraycopy(key, 0, packet, 7, key.length);
      byte[] before = packet.clone();

      Av1DependencyDescriptor.setFrameNumber(packet, 7, 65535);
      assertThat(Av1DependencyDescriptor.frameNumber(packet, 7)).isEqualTo(65535);
      Av1DependencyDescriptor.setFrameNumber(packet, 7, 65535 + 1);
      assertThat(Av1DependencyDescriptor.frameNumber(packet, 7)).isZero();
      Av1DependencyDescriptor.setFrameNumber(packet, 7, 65536 + 5);

      Av1DependencyDescriptor d = Av1DependencyDescriptor.parse(packet, 7, key.length, null);
      assertThat(d.frameNumber()).isEqualTo(5);
      assertThat(d.withFrameNumber(0x1234)).isEqualTo(parse(key, null));
      for (int i = 0; i < packet.length; i++) {
        if (i != 8 && i != 9) {
          assertThat(packet[i]).as("byte %d", i).isEqualTo(before[i]);
        }
      }
      assertThat(Av1DependencyDescriptor.templateId(packet, 7)).isZero();
      assertThat(Av1DependencyDescriptor.isStartOfFrame(packet, 7)).isTrue();
      assertThat(Av1DependencyDescriptor.isEndOfFrame(packet, 7)).isTrue();
    }

    @Test
    void withFrameNumberWrapsToo() {
      assertThat(
              Av1DependencyDescriptor.ofTemplate(true, true, 1, L1T3, 0)
                  .withFrameNumber(-1)
                  .frameNumber())
          .isEqualTo(65535);
    }
  }

  @Nested
  class RoundTrip {
    @Test
    void everyTemplateOfEveryStructureWithAndWithoutTheStructure() throws Invalid {
      int n = 0;
      for (Av1TemplateStructure s : List.of(L1T3, l1t3(62), L3T3_KEY, S3T3)) {
        for (int i = 0; i < s.templates().size(); i++) {
          Av1DependencyDescriptor plain =
              Av1DependencyDescriptor.ofTemplate(
                  i % 2 == 0, i % 3 == 0, (65530 + i) & 0xffff, s, i);
          for (Av1DependencyDescriptor d :
              List.of(plain, plain.withStructure(s), plain.withActiveDecodeTargets(1))) {
            byte[] b = d.write(s);
            assertThat(parse(b, s)).as("%s template %d", d, i).isEqualTo(d);
            n++;
          }
        }
      }
      assertThat(n).isEqualTo(3 * (5 + 5 + 15 + 15));
    }

    @Test
    void customValuesAndAPartialActiveSetSurviveWithTheStructureAttached() throws Invalid {
      Av1DependencyDescriptor d =
          new Av1DependencyDescriptor(
              false,
              true,
              L3T3_KEY.templateId(7),
              42,
              L3T3_KEY,
              0b000_011_111L,
              7,
              1,
              1,
              Dti.parse("RRRDDD---"),
              List.of(15, 16, 17, 255, 256, 257, 4095, 4096),
              List.of(0, 200, 255));

      byte[] b = d.write(null);
      Av1DependencyDescriptor back = parse(b, null);

      assertThat(back).isEqualTo(d);
      assertThat(back.write(null)).isEqualTo(b);
    }

    @Test
    void theWriterRefusesAFrameItsStructureCannotExpress() {
      Av1DependencyDescriptor onL1t3 = Av1DependencyDescriptor.ofTemplate(true, true, 1, L1T3, 2);
      assertThatThrownBy(() -> onL1t3.write(null)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> onL1t3.write(L3T3_KEY)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> onL1t3.write(l1t3(30)))
          .as("template id names another template under another offset")
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class Errors {
    @Test
    void everyTruncationOfAFullDescriptorIsACleanError() throws Invalid {
      Av1DependencyDescriptor full =
          new Av1DependencyDescriptor(
              true,
              false,
              0,
              9,
              L3T3_KEY,
              0b111_111_011L,
              0,
              0,
              0,
              Dti.parse("SSSRRRDD-"),
              List.of(3, 300),
              List.of(1, 2, 3));
      byte[] b = full.write(null);
      assertThat(parse(b, null)).isEqualTo(full);

      for (int len = 0; len < b.length; len++) {
        byte[] cut = Arrays.copyOf(b, len);
        assertThat(reasonOf(cut, null))
            .as("cut to %d of %d bytes", len, b.length)
            .isEqualTo(len == 3 ? Reason.NO_STRUCTURE : Reason.TRUNCATED);
      }
    }

    @Test
    void aTemplateIdOutsideTheStructureIsUnknown() {
      assertThat(reasonOf(mandatory(true, true, 5, 1).bytes(), L1T3))
          .isEqualTo(Reason.UNKNOWN_TEMPLATE);
      assertThat(reasonOf(mandatory(true, true, 63, 1).bytes(), L1T3))
          .isEqualTo(Reason.UNKNOWN_TEMPLATE);
      // The structure in the same packet is the one that counts.
      Bits b = mandatory(true, true, 7, 1).flag(true).flag(false).flag(false).flag(false);
      b.flag(false);
      assertThat(reasonOf(l1t3Structure(b).bytes(), L3T3_KEY)).isEqualTo(Reason.UNKNOWN_TEMPLATE);
    }

    @Test
    void withoutAnyStructureNothingResolves() {
      assertThat(reasonOf(mandatory(true, true, 0, 1).bytes(), null))
          .isEqualTo(Reason.NO_STRUCTURE);
      byte[] activeOnly =
          mandatory(true, true, 0, 1)
              .flag(false)
              .flag(true)
              .flag(false)
              .flag(false)
              .flag(false)
              .f(8, 0xff)
              .bytes();
      assertThat(reasonOf(activeOnly, null)).isEqualTo(Reason.NO_STRUCTURE);
    }

    @Test
    void shorterThanTheMandatoryFieldsIsTruncated() {
      assertThat(reasonOf(new byte[0], L1T3)).isEqualTo(Reason.TRUNCATED);
      assertThat(reasonOf(new byte[] {(byte) 0x80, 0}, L1T3)).isEqualTo(Reason.TRUNCATED);
    }

    Bits structureHeader() {
      return mandatory(true, true, 0, 1)
          .flag(true)
          .flag(false)
          .flag(false)
          .flag(false)
          .flag(false)
          .f(6, 0)
          .f(5, 0);
    }

    @Test
    void moreThanFourSpatialLayersExceedsTheLimit() {
      Bits b = structureHeader().f(2, 2).f(2, 2).f(2, 2).f(2, 2).f(64, 0);
      assertThat(reasonOf(b.bytes(), null)).isEqualTo(Reason.LIMIT_EXCEEDED);
      Bits four = structureHeader().f(2, 2).f(2, 2).f(2, 2).f(2, 3);
      assertThat(reasonOf(four.bytes(), null)).as("S0..S3 fit").isEqualTo(Reason.TRUNCATED);
    }

    @Test
    void moreThanEightTemporalLayersExceedsTheLimit() {
      Bits b = structureHeader();
      for (int i = 0; i < 8; i++) {
        b.f(2, 1);
      }
      assertThat(reasonOf(b.f(64, 0).bytes(), null)).isEqualTo(Reason.LIMIT_EXCEEDED);
    }

    @Test
    void moreThan64TemplatesExceedsTheLimit() {
      Bits b = structureHeader();
      for (int i = 0; i < 64; i++) {
        b.f(2, 0);
      }
      assertThat(reasonOf(b.f(64, 0).bytes(), null)).isEqualTo(Reason.LIMIT_EXCEEDED);
    }

    @Test
    void exactly64TemplatesAreAllowedAndTheLastIsAddressable() throws Invalid {
      List<Template> ts = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        ts.add(Template.of(0, 0, "S", List.of(), List.of()));
      }
      Av1TemplateStructure s = new Av1TemplateStructure(10, 1, ts, 0, List.of(), List.of());
      byte[] b =
          Av1DependencyDescriptor.ofTemplate(true, true, 3, s, 63).withStructure(s).write(null);
      Av1DependencyDescriptor d = parse(b, null);
      assertThat(d.templateIndex()).isEqualTo(63);
      assertThat(d.templateId()).isEqualTo(9);
    }
  }

  @Nested
  class RandomBytes {
    /**
     * Seeded, so a failure reproduces. Random byte arrays and bit-flipped valid descriptors: each
     * parse either succeeds, and then writes back to an equal descriptor, or fails with {@link
     * Invalid}. Anything unchecked escapes and fails the test.
     */
    @Test
    void tenThousandArraysParseOrFailCleanly() {
      Random r = new Random(0xA71DDL);
      List<byte[]> seeds = new ArrayList<>();
      seeds.add(l1t3KeyFrame(3));
      seeds.add(
          Av1DependencyDescriptor.ofTemplate(true, false, 9, L3T3_KEY, 0)
              .withStructure(L3T3_KEY)
              .write(null));
      seeds.add(new CustomFields().custom());
      List<Av1TemplateStructure> currents = Arrays.asList(null, L1T3, L3T3_KEY, S3T3);
      Map<Reason, Integer> failures = new EnumMap<>(Reason.class);
      int parsed = 0;
      for (int i = 0; i < 10_000; i++) {
        byte[] b;
        if (i % 2 == 0) {
          b = new byte[r.nextInt(49)];
          r.nextBytes(b);
        } else {
          byte[] seed = seeds.get(r.nextInt(seeds.size()));
          b = Arrays.copyOf(seed, Math.max(0, seed.length - 2 + r.nextInt(5)));
          for (int k = 0, flips = 1 + r.nextInt(4); k < flips && b.length > 0; k++) {
            b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
          }
        }
        Av1TemplateStructure current = currents.get(r.nextInt(currents.size()));
        try {
          Av1DependencyDescriptor d = parse(b, current);
          parsed++;
          Av1DependencyDescriptor again = parse(d.write(current), current);
          if (!again.equals(d)) {
            fail("round trip of " + HexFormat.of().formatHex(b) + " gave " + again + ", not " + d);
          }
        } catch (Invalid e) {
          failures.merge(e.reason(), 1, Integer::sum);
        } catch (RuntimeException e) {
          fail("unchecked exception on " + HexFormat.of().formatHex(b) + " with " + current, e);
        }
      }
      assertThat(parsed).isGreaterThan(500);
      assertThat(failures)
          .containsKeys(
              Reason.TRUNCATED,
              Reason.NO_STRUCTURE,
              Reason.UNKNOWN_TEMPLATE,
              Reason.LIMIT_EXCEEDED);
    }
  }
}
