package org.huddle.videobridge.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.huddle.rtp.Rtcp;
import org.huddle.rtp.TransportCc;
import org.huddle.videobridge.packet.Packet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RtcpStateTest {
  @Nested
  class ReceiverReports {
    @Test
    void lossIsReportedAsRfc3550AppendixA3Counts() {
      ReceiveStreamStats s = new ReceiveStreamStats(7, 90_000);
      for (int seq = 65530; seq < 65530 + 20; seq++) {
        if (seq % 5 != 0) {
          s.received(seq & 0xffff, seq * 3000L, seq * 33_000_000L);
        }
      }
      Rtcp.ReportBlock b = s.reportBlock(0);
      assertThat(b.ssrc()).isEqualTo(7);
      assertThat(b.extendedHighestSeq()).isEqualTo(65530 + 19);
      // 65530 was lost before the first packet, so it is not counted: 19 expected, 16 received.
      assertThat(b.cumulativeLost()).isEqualTo(3);
      assertThat(b.fractionLost()).isEqualTo(3 * 256 / 19);
      Rtcp.ReportBlock again = s.reportBlock(0);
      assertThat(again.fractionLost()).isZero(); // nothing new since the last report
    }
  }

  @Nested
  class Retransmissions {
    @Test
    void aCachedPacketIsFoundUntilItIsTooOld() {
      RetransmissionCache c = new RetransmissionCache(1_000_000_000L);
      Packet p = Packet.copyOf(new byte[] {(byte) 0x80, 1, 2, 3}, 0, 4);
      c.store(5, 100, p, 0);
      assertThat(c.get(5, 100, 500_000_000L).toByteArray()).isEqualTo(p.toByteArray());
      assertThat(c.get(5, 101, 0)).isNull();
      assertThat(c.get(6, 100, 0)).isNull();
      assertThat(c.get(5, 100, 2_000_000_000L)).isNull();
    }

    @Test
    void aPacketThatTakesAnOlderOnesSlotKeepsItsOwnBytesAndLength() {
      RetransmissionCache c = new RetransmissionCache(1_000_000_000L);
      byte[] big = new byte[900];
      big[0] = (byte) 0x80;
      big[899] = 9;
      Packet first = Packet.copyOf(big, 0, big.length);
      c.store(5, 100, first, 0);
      Packet handedOut = c.get(5, 100, 0);
      // 100 + 512 falls in the same slot; the smaller packet is copied into the old one's buffer
      Packet second = Packet.copyOf(new byte[] {(byte) 0x80, 7, 7, 7, 7}, 0, 5);
      c.store(5, 612, second, 0);
      first.buffer()[1] = 42; // the cache keeps copies, not the packets given to it
      assertThat(c.get(5, 612, 0).toByteArray()).containsExactly(0x80, 7, 7, 7, 7);
      assertThat(c.get(5, 100, 0)).isNull();
      // what was handed out before is a copy of its own, untouched by the slot's reuse
      assertThat(handedOut.length()).isEqualTo(900);
      assertThat(handedOut.buffer()[handedOut.offset() + 899]).isEqualTo((byte) 9);
      // a larger packet than the slot's buffer holds still fits
      byte[] larger = new byte[1200];
      larger[0] = (byte) 0x80;
      larger[1199] = 3;
      c.store(5, 100 + 1024, Packet.copyOf(larger, 0, larger.length), 0);
      assertThat(c.get(5, 100 + 1024, 0).toByteArray()).isEqualTo(larger);
    }

    /** An RTP packet of {@code len} bytes whose payload byte i is i. */
    private static Packet rtp(int len, int seq) {
      byte[] b = new byte[len];
      org.huddle.rtp.RtpHeader.write(b, 0, false, 96, seq, 3000, 7);
      for (int i = 12; i < len; i++) {
        b[i] = (byte) i;
      }
      return Packet.copyOf(b, 0, len);
    }

    @Test
    void aPacketCopiedFromASharedOneIsKeptAsItsSourceAndTheBytesThisReceiverRewrote() {
      RetransmissionCache c = new RetransmissionCache(1_000_000_000L);
      Packet source = rtp(1000, 1);
      Packet sent = source.copy();
      org.huddle.rtp.RtpHeader.setSequenceNumber(sent.buffer(), 0, 500); // projected
      sent.buffer()[14] = 99; // a payload descriptor's byte, rewritten
      c.store(7, 500, sent, source, 0);
      byte[] expected = sent.toByteArray();
      sent.buffer()[2] = 0; // the receiver's buffer is reused for its next packet
      sent.buffer()[500] = 0;
      assertThat(c.get(7, 500, 0).toByteArray()).isEqualTo(expected);
      assertThat(source.buffer()[14]).isEqualTo((byte) 14); // the shared packet is not written
    }

    @Test
    void aPacketThatDiffersFromItsSourceBeyondItsDescriptorIsCopiedWhole() {
      RetransmissionCache c = new RetransmissionCache(1_000_000_000L);
      Packet source = rtp(1000, 1);
      Packet sent = source.copy();
      sent.buffer()[900] = 1; // not a byte any projection writes: the source cannot stand for it
      c.store(7, 1, sent, source, 0);
      byte[] expected = sent.toByteArray();
      sent.buffer()[900] = 2;
      assertThat(c.get(7, 1, 0).toByteArray()).isEqualTo(expected);
      // nor can a source of another length
      Packet shorter = rtp(999, 1);
      c.store(7, 2, source.copy(), shorter, 0);
      assertThat(c.get(7, 2, 0).toByteArray()).isEqualTo(source.toByteArray());
      // a header with 30 words of extensions leaves no room for its bytes in the slot: whole copy
      Packet longHeader = rtp(1000, 3);
      byte[] b = longHeader.buffer();
      b[0] |= 0x10; // X
      b[14] = 0;
      b[15] = 30; // 30 words of extension
      Packet sentLong = longHeader.copy();
      sentLong.buffer()[40] = 1; // a byte of the extension, rewritten for this receiver
      c.store(7, 3, sentLong, longHeader, 0);
      byte[] expectedLong = sentLong.toByteArray();
      sentLong.buffer()[40] = 2;
      assertThat(c.get(7, 3, 0).toByteArray()).isEqualTo(expectedLong);
    }

    @Test
    void keyFrameRequestsAreRateLimitedPerSsrc() {
      KeyframeRequester k = new KeyframeRequester(300_000_000L);
      assertThat(k.allow(1, 0)).isTrue();
      assertThat(k.allow(1, 100_000_000L)).isFalse();
      assertThat(k.allow(2, 100_000_000L)).isTrue();
      assertThat(k.allow(1, 400_000_000L)).isTrue();
    }
  }

  @Nested
  class LossDetection {
    @Test
    void aGapIsAskedForAFewTimesSpacedOutThenGivenUp() {
      LossDetector d = new LossDetector();
      d.received(1, 65534, 0);
      d.received(1, 1, 0); // 65535 and 0 are missing
      assertThat(d.due(0).get(1L)).containsExactly(65535, 0);
      assertThat(d.due(50_000_000L)).isEmpty(); // too soon to ask again
      d.received(1, 0, 60_000_000L); // the retransmission of 0 arrives
      assertThat(d.due(110_000_000L).get(1L)).containsExactly(65535);
      assertThat(d.due(220_000_000L).get(1L)).containsExactly(65535);
      assertThat(d.due(330_000_000L)).isEmpty(); // asked three times: given up
    }

    @Test
    void aHugeJumpIsNotTakenForLoss() {
      LossDetector d = new LossDetector();
      d.received(1, 10, 0);
      d.received(1, 5000, 0);
      assertThat(d.due(0)).isEmpty();
    }
  }

  @Nested
  class CongestionControl {
    @Test
    void feedbackReportsGapsAsLostAndEveryArrival() {
      TransportCcRecorder r = new TransportCcRecorder();
      long t = 1_000_000_000L;
      for (int seq : new int[] {65534, 65535, 1, 2}) {
        r.record(seq, t += 5_000_000);
      }
      byte[] b = new byte[4000];
      int len = r.writeFeedback(b, 0, 1, 2);
      List<Integer> received = new ArrayList<>();
      List<Integer> lost = new ArrayList<>();
      TransportCc.read(b, 0, len, (s, a) -> (a < 0 ? lost : received).add(s));
      assertThat(received).containsExactly(65534, 65535, 1, 2);
      assertThat(lost).containsExactly(0);
      assertThat(r.writeFeedback(b, 0, 1, 2)).isZero();
    }

    /**
     * One second of feedback, in ten messages of ten packets sent 10 ms apart; {@code lost} says
     * which of them the receiver reports missing. Returns the time after the last message.
     */
    private static long second(BandwidthEstimator e, int[] seq, long now, IntPredicate lost) {
      for (int message = 0; message < 10; message++) {
        int first = seq[0];
        for (int i = 0; i < 10; i++) {
          e.sent(seq[0]++, 1000, now += 10_000_000L);
        }
        e.beginFeedback();
        for (int s = first; s < seq[0]; s++) {
          e.feedback(s, lost.test(s) ? -1 : (now - (seq[0] - 1 - s) * 10_000_000L) / 1000);
        }
        e.endFeedback(now);
      }
      return now;
    }

    @Test
    void heavyLossLowersTheEstimateAndCleanFeedbackRaisesIt() {
      BandwidthEstimator e = new BandwidthEstimator(2_000_000, 100_000);
      int[] seq = {0};
      long now = second(e, seq, 0, s -> false);
      now = second(e, seq, now, s -> s % 3 == 0);
      now = second(e, seq, now, s -> s % 3 == 0);
      long afterLoss = e.estimateBps();
      assertThat(afterLoss).isLessThan(2_000_000);
      for (int round = 1; round <= 5; round++) {
        now = second(e, seq, now, s -> false);
      }
      assertThat(e.estimateBps()).isGreaterThan(afterLoss);
    }

    @Test
    void oneLostBurstAmongCleanFeedbackDoesNotCollapseTheEstimate() {
      BandwidthEstimator e = new BandwidthEstimator(2_000_000, 100_000);
      int[] seq = {0};
      long now = second(e, seq, 0, s -> false);
      // Half of one message lost (a key frame burst into a busy receiver): 5% over the second.
      now = second(e, seq, now, s -> s >= 130 && s < 135);
      now = second(e, seq, now, s -> false);
      assertThat(e.estimateBps()).isGreaterThanOrEqualTo(2_000_000);
      now = second(e, seq, now, s -> false);
      second(e, seq, now, s -> false);
      assertThat(e.estimateBps()).isGreaterThan(2_000_000);
    }

    @Test
    void growingQueuesLowerTheEstimateToWhatArrives() {
      BandwidthEstimator e = new BandwidthEstimator(10_000_000, 100_000);
      for (int message = 0; message < 2; message++) {
        e.beginFeedback();
        for (int seq = 50 * message; seq < 50 * message + 50; seq++) {
          e.sent(seq, 1200, seq * 1_000_000L); // sent 1 ms apart
          e.feedback(seq, seq * 4000L); // arrive 4 ms apart: a queue builds up
        }
        e.endFeedback(50_000_000L * (message + 1));
      }
      assertThat(e.estimateBps()).isLessThan(10_000_000).isGreaterThanOrEqualTo(100_000);
    }

    @Test
    void aGrowingQueueWhileSendingFarBelowTheEstimateDoesNotPinItToWhatIsSent() {
      // One 180p video, about 100 kb/s, under a 2.5 Mb/s estimate, into a busy receiver whose
      // arrivals spread out: the estimate is not cut to the little that arrives.
      BandwidthEstimator e = new BandwidthEstimator(2_500_000, 100_000);
      for (int message = 0; message < 4; message++) {
        e.beginFeedback();
        for (int seq = 10 * message; seq < 10 * message + 10; seq++) {
          e.sent(seq, 1000, seq * 80_000_000L); // sent 80 ms apart
          e.feedback(seq, seq * 84_000L); // arrive 84 ms apart
        }
        e.endFeedback(800_000_000L * (message + 1));
      }
      assertThat(e.estimateBps()).isGreaterThanOrEqualTo(2_500_000);
    }

    @Test
    void aQueueSeenInOneMessageOnlyIsJitter() {
      BandwidthEstimator e = new BandwidthEstimator(10_000_000, 100_000);
      e.beginFeedback();
      for (int seq = 0; seq < 50; seq++) {
        e.sent(seq, 1200, seq * 1_000_000L);
        e.feedback(seq, seq * 4000L);
      }
      e.endFeedback(50_000_000L);
      assertThat(e.estimateBps()).isEqualTo(10_000_000);
    }
  }
}
