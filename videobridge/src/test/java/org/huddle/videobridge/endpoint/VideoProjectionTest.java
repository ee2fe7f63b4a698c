package org.huddle.videobridge.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.huddle.rtp.RtpHeader;
import org.huddle.rtp.Vp8Descriptor;
import org.huddle.rtp.testkit.MediaFactory;
import org.huddle.videobridge.packet.Packet;
import org.huddle.videobridge.pipeline.PacketInfo;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class VideoProjectionTest {
  static final long PRIMARY = 100;

  static PacketInfo frame(int layer, int seq, long ts, int pid, boolean key) {
    byte[] b =
        MediaFactory.vp8(
            PRIMARY + layer, seq, ts, pid, pid & 0xff, key, 320, 180, -1, new byte[] {1});
    PacketInfo p = new PacketInfo(Packet.copyOf(b, 0, b.length), 0);
    p.layer = layer;
    p.primarySsrc = PRIMARY;
    p.keyFrame = key;
    p.codec = org.huddle.rtp.VideoCodec.VP8;
    return p;
  }

  static int seq(PacketInfo p) {
    return RtpHeader.sequenceNumber(p.packet().buffer(), p.packet().offset());
  }

  static int pid(PacketInfo p) {
    byte[] b = p.packet().buffer();
    int off = RtpHeader.headerLength(b, 0, p.packet().length());
    return Vp8Descriptor.pictureId(b, off, p.packet().length() - off);
  }

  @Nested
  class Starting {
    @Test
    void nothingIsForwardedWithoutATarget() {
      VideoProjection v = new VideoProjection(PRIMARY);
      assertThat(v.project(frame(0, 1, 0, 1, true), 0)).isEqualTo(VideoProjection.Decision.DROP);
    }

    @Test
    void forwardingStartsAtAKeyFrameOfTheTargetLayerAndAsksForOneBefore() {
      VideoProjection v = new VideoProjection(PRIMARY);
      assertThat(v.setTargetLayer(1)).isTrue();
      assertThat(v.project(frame(1, 10, 0, 5, false), 0))
          .isEqualTo(VideoProjection.Decision.NEED_KEYFRAME);
      assertThat(v.project(frame(0, 10, 0, 5, true), 0)).isEqualTo(VideoProjection.Decision.DROP);
      PacketInfo key = frame(1, 11, 3000, 6, true);
      assertThat(v.project(key, 0)).isEqualTo(VideoProjection.Decision.FORWARD);
      assertThat(RtpHeader.ssrc(key.packet().buffer(), 0)).isEqualTo(PRIMARY);
      assertThat(v.currentLayer()).isEqualTo(1);
    }
  }

  @Nested
  class Switching {
    @Test
    void aSwitchContinuesSequenceNumbersPictureIdsAndTimestamps() {
      VideoProjection v = new VideoProjection(PRIMARY);
      v.setTargetLayer(0);
      long t = 0;
      PacketInfo last = null;
      for (int i = 0; i < 5; i++) {
        last = frame(0, 1000 + i, 3000L * i, 50 + i, i == 0);
        assertThat(v.project(last, t += 33_000_000)).isEqualTo(VideoProjection.Decision.FORWARD);
      }
      int lastSeq = seq(last);
      int lastPid = pid(last);
      long lastTs = RtpHeader.timestamp(last.packet().buffer(), 0);

      v.setTargetLayer(2);
      // Until the new layer's key frame, the old layer keeps flowing and the new one is dropped.
      assertThat(v.project(frame(2, 40000, 900_000, 7000, false), t))
          .isEqualTo(VideoProjection.Decision.DROP);
      PacketInfo old = frame(0, 1005, 15000, 55, false);
      assertThat(v.project(old, t += 33_000_000)).isEqualTo(VideoProjection.Decision.FORWARD);
      PacketInfo key = frame(2, 40001, 903_000, 7001, true);
      assertThat(v.project(key, t += 33_000_000)).isEqualTo(VideoProjection.Decision.FORWARD);
      assertThat(seq(key)).isEqualTo(seq(old) + 1);
      assertThat(pid(key)).isEqualTo(pid(old) + 1);
      assertThat(RtpHeader.timestamp(key.packet().buffer(), 0)).isGreaterThan(lastTs);
      assertThat(seq(old)).isEqualTo(lastSeq + 1);
      assertThat(pid(old)).isEqualTo(lastPid + 1);
      // After the switch the old layer is dropped, the new one continues.
      assertThat(v.project(frame(0, 1006, 18000, 56, false), t))
          .isEqualTo(VideoProjection.Decision.DROP);
      PacketInfo next = frame(2, 40002, 906_000, 7002, false);
      assertThat(v.project(next, t += 33_000_000)).isEqualTo(VideoProjection.Decision.FORWARD);
      assertThat(seq(next)).isEqualTo(seq(key) + 1);
    }

    @Test
    void anEncodingKeepsFlowingPast2To15PacketsWithoutASwitch() {
      VideoProjection v = new VideoProjection(PRIMARY);
      v.setTargetLayer(0);
      int start = 60_000; // the 16-bit numbers wrap on the way
      for (int i = 0; i < 70_000; i++) {
        PacketInfo p = frame(0, (start + i) & 0xffff, 3000L * i, i & 0x7fff, i == 0);
        assertThat(v.project(p, 33_000_000L * i))
            .as("packet %d after the switch", i)
            .isEqualTo(VideoProjection.Decision.FORWARD);
      }
      // What came before the switch stays out, however late.
      assertThat(v.project(frame(0, start - 1, 0, 0, false), 0))
          .isEqualTo(VideoProjection.Decision.DROP);
    }

    @Test
    void turningASourceOffStopsIt() {
      VideoProjection v = new VideoProjection(PRIMARY);
      v.setTargetLayer(0);
      v.project(frame(0, 1, 0, 1, true), 0);
      v.setTargetLayer(-1);
      assertThat(v.wants(0)).isFalse();
      assertThat(v.project(frame(0, 2, 3000, 2, false), 0))
          .isEqualTo(VideoProjection.Decision.DROP);
    }
  }
}
