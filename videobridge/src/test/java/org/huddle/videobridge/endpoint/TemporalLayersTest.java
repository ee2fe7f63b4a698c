package org.huddle.videobridge.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.huddle.rtp.RtpHeader;
import org.huddle.videobridge.pipeline.PacketInfo;
import org.junit.jupiter.api.Test;

/** Frame-rate selection: a receiver limited to lower temporal layers gets a gapless stream. */
class TemporalLayersTest {
  /** One packet per frame, temporal pattern T0 T2 T1 T2 as L1T3 sends it. */
  private static final int[] PATTERN = {0, 2, 1, 2};

  private static List<Integer> run(VideoProjection v, int from, int frames, List<Integer> seqs) {
    List<Integer> temporal = new ArrayList<>();
    for (int i = from; i < from + frames; i++) {
      PacketInfo p = VideoProjectionTest.frame(0, 1000 + i, 3000L * i, i, i == 0);
      p.temporal = PATTERN[i % PATTERN.length];
      if (v.project(p, i * 33_000_000L) == VideoProjection.Decision.FORWARD) {
        temporal.add(p.temporal);
        seqs.add(RtpHeader.sequenceNumber(p.packet().buffer(), p.packet().offset()));
      }
    }
    return temporal;
  }

  @Test
  void aReceiverAtTheBaseLayerGetsOnlyT0FramesNumberedWithoutGaps() {
    VideoProjection v = new VideoProjection(VideoProjectionTest.PRIMARY);
    assertThat(v.setTarget(0, -1, 0)).isTrue(); // the first key frame is needed anyway
    List<Integer> seqs = new ArrayList<>();
    assertThat(run(v, 0, 12, seqs)).containsOnly(0).hasSize(3);
    assertThat(seqs).containsExactly(1000, 1001, 1002);
  }

  @Test
  void aFrameRateChangeNeedsNoKeyFrameAndTakesEffectAtTheNextBaseLayerFrame() {
    VideoProjection v = new VideoProjection(VideoProjectionTest.PRIMARY);
    v.setTarget(0, -1, -1);
    List<Integer> seqs = new ArrayList<>();
    assertThat(run(v, 0, 4, seqs)).containsExactly(0, 2, 1, 2);
    assertThat(v.setTarget(0, -1, 1)).as("no key frame for a frame-rate change").isFalse();
    assertThat(run(v, 4, 4, seqs)).containsExactly(0, 1);
    assertThat(v.setTarget(0, -1, -1)).isFalse();
    assertThat(run(v, 8, 5, seqs)).containsExactly(0, 2, 1, 2, 0);
    for (int i = 1; i < seqs.size(); i++) {
      assertThat(seqs.get(i) - seqs.get(i - 1)).as("after packet %d", i).isEqualTo(1);
    }
  }

  @Test
  void aSwitchWaitsForAKeyFrameAndSaysSoUntilOneArrives() {
    VideoProjection v = new VideoProjection(VideoProjectionTest.PRIMARY);
    v.setTarget(0, 0);
    assertThat(v.awaitingKeyframe()).isTrue();
    run(v, 0, 4, new ArrayList<>()); // frame 0 is a key frame
    assertThat(v.awaitingKeyframe()).isFalse();
    v.setTarget(0, 1);
    run(v, 4, 4, new ArrayList<>()); // no key frame: the switch still waits
    assertThat(v.awaitingKeyframe()).as("asked again until a key frame comes").isTrue();
    PacketInfo key = VideoProjectionTest.frame(0, 2000, 90_000, 9, true);
    key.temporal = 0;
    v.project(key, 1_000_000_000L);
    assertThat(v.awaitingKeyframe()).isFalse();
    assertThat(v.currentSpatial()).isEqualTo(1);
  }
}
