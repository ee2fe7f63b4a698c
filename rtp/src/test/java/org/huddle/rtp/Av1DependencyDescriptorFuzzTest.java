package org.huddle.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.huddle.rtp.testkit.MediaFactory;

/**
 * Coverage-guided fuzzing of the AV1 dependency descriptor (docs/fuzzing.md). The bridge rewrites
 * descriptors for each receiver, so what it reads it must be able to write back unchanged. Seeds
 * are descriptors from the corpus and from Chromium's L3T3 K-SVC capture; a descriptor without its
 * own structure resolves against the L3T3 key frame's, as it would a few packets into the stream.
 */
class Av1DependencyDescriptorFuzzTest {
  private static final Av1TemplateStructure L3T3 = MediaFactory.av1L3T3Key();

  @FuzzTest
  void writingWhatWasReadReadsTheSame(byte[] extension) {
    Av1DependencyDescriptor read;
    try {
      read = Av1DependencyDescriptor.parse(extension, 0, extension.length, L3T3);
    } catch (Av1DependencyDescriptor.Invalid e) {
      assertThat(e.reason()).isNotNull();
      return;
    }
    Av1TemplateStructure s = read.structure() != null ? read.structure() : L3T3;
    assertThat(read.spatialId()).isBetween(0, s.maxSpatialId());
    assertThat(read.temporalId()).isBetween(0, Av1TemplateStructure.MAX_TEMPORAL_ID);
    assertThat(read.fdiffs()).allMatch(d -> d >= 1 && d <= 4096);
    assertThat(read.chainFdiffs()).allMatch(d -> d >= 0 && d <= 255);

    byte[] written = read.write(L3T3);
    assertThat(written.length).isGreaterThanOrEqualTo(Av1DependencyDescriptor.MANDATORY_LENGTH);
    Av1DependencyDescriptor again;
    try {
      again = Av1DependencyDescriptor.parse(written, 0, written.length, L3T3);
    } catch (Av1DependencyDescriptor.Invalid e) {
      throw new AssertionError("the writer's descriptor does not parse: " + e.getMessage(), e);
    }
    assertThat(again).isEqualTo(read);
  }
}
