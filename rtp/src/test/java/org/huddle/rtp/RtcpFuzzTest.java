package org.huddle.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the RTCP readers (docs/fuzzing.md): the compound walk, report blocks,
 * NACK and transport-cc feedback, on any bytes; and the NACK and transport-cc writers, whose output
 * the readers must read back as written.
 */
class RtcpFuzzTest {
  /**
   * A compound packet is either refused or walked in whole packets that tile it exactly; each
   * reader then stays inside the packet it is given.
   */
  @FuzzTest
  void aCompoundIsTiledByItsPacketsOrRefused(byte[] compound) {
    List<int[]> packets = new ArrayList<>();
    boolean ok =
        Rtcp.forEach(
            compound,
            0,
            compound.length,
            (t, c, off, len) -> packets.add(new int[] {t, c, off, len}));
    int at = 0;
    for (int[] p : packets) {
      int type = p[0];
      int count = p[1];
      int off = p[2];
      int len = p[3];
      assertThat(off).isEqualTo(at);
      assertThat(len).isGreaterThanOrEqualTo(4).isLessThanOrEqualTo(compound.length - off);
      assertThat(type).isBetween(192, 223);
      at = off + len;
      if (type == Rtcp.SR || type == Rtcp.RR) {
        assertThat(Rtcp.reportBlocks(compound, off, len)).hasSizeLessThanOrEqualTo(count);
      }
      if (type == Rtcp.RTPFB && count == RtcpFeedback.FMT_NACK) {
        List<Integer> seqs = RtcpFeedback.nackedSequenceNumbers(compound, off, len);
        assertThat(seqs).allMatch(s -> s >= 0 && s <= 0xffff);
        assertThat(seqs.size()).isLessThanOrEqualTo(17 * Math.max(0, (len - 12) / 4));
      }
      if (type == Rtcp.RTPFB && count == RtcpFeedback.FMT_TRANSPORT_CC) {
        int[] reported = {0};
        TransportCc.read(
            compound,
            off,
            len,
            (seq, arrival) -> {
              assertThat(seq).isBetween(0, 0xffff);
              assertThat(arrival).isGreaterThanOrEqualTo(-1L);
              reported[0]++;
            });
        assertThat(reported[0]).isLessThanOrEqualTo(len < 16 ? 0 : Bytes.u16(compound, off + 14));
      }
      if (type == Rtcp.PSFB && count == RtcpFeedback.FMT_FIR) {
        long ssrc = RtcpFeedback.firTargetSsrc(compound, off, len);
        assertThat(ssrc).isBetween(-1L, 0xffff_ffffL);
      }
    }
    if (ok) {
      assertThat(at).as("a valid compound is covered to its end").isEqualTo(compound.length);
      assertThat(Rtcp.validate(compound, 0, compound.length)).isTrue();
    }
  }

  /** Whatever sequence numbers are lost, the NACK written for them asks for exactly those. */
  @FuzzTest
  void aNackAsksForWhatWasLost(FuzzedDataProvider data) {
    int n = data.consumeInt(1, 64);
    int[] seqs = new int[n];
    int seq = data.consumeInt(0, 0xffff);
    for (int i = 0; i < n; i++) {
      seqs[i] = seq;
      seq = (seq + data.consumeInt(1, 40)) & 0xffff;
    }
    byte[] buf = new byte[12 + 4 * n];
    int len = RtcpFeedback.writeNack(buf, 0, 1, 2, seqs);
    assertThat(Rtcp.validate(buf, 0, len)).isTrue();
    TreeSet<Integer> asked = new TreeSet<>(RtcpFeedback.nackedSequenceNumbers(buf, 0, len));
    TreeSet<Integer> lost = new TreeSet<>();
    for (int s : seqs) {
      lost.add(s);
    }
    assertThat(asked).isEqualTo(lost);
  }

  /**
   * Transport-cc feedback written for any arrivals reads back with the same sequence numbers, the
   * same losses, and arrival times within the 250 µs the format resolves.
   */
  @FuzzTest
  void transportCcFeedbackReadsBackAsWritten(FuzzedDataProvider data) {
    int base = data.consumeInt(0, 0xffff);
    int n = data.consumeInt(1, 100);
    long[] arrivals = new long[n];
    long t = data.consumeLong(1_000, (1L << 24) * 64_000 - 1);
    for (int i = 0; i < n; i++) {
      if (data.consumeBoolean()) {
        arrivals[i] = -1;
        continue;
      }
      arrivals[i] = t;
      // From one received packet to the next, deltas the format carries (within +-8.19 s; the
      // writer clamps beyond, see TransportCc.write), arrivals reordered by up to 100 ms.
      t = Math.max(1_000, t + data.consumeLong(-100_000, 2_000_000));
    }
    byte[] buf = new byte[20 + 2 * ((n + 6) / 7) + 2 * n + 3];
    int len = TransportCc.write(buf, 0, 1, 2, base, arrivals, 7);
    assertThat(len).isLessThanOrEqualTo(buf.length);
    assertThat(Rtcp.validate(buf, 0, len)).isTrue();
    List<long[]> read = new ArrayList<>();
    assertThat(TransportCc.read(buf, 0, len, (seq, at) -> read.add(new long[] {seq, at}))).isTrue();
    assertThat(read).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(read.get(i)[0]).isEqualTo((base + i) & 0xffff);
      if (arrivals[i] < 0) {
        assertThat(read.get(i)[1]).isEqualTo(-1);
      } else {
        assertThat(read.get(i)[1]).isBetween(arrivals[i] - 125, arrivals[i] + 125);
      }
    }
  }

  @Test
  void aReferenceTimeWithItsTopBitSetIsALaterTimeNotALoss() {
    long late = ((1L << 23) + 5) * 64_000 + 1_000;
    byte[] buf = new byte[64];
    int len = TransportCc.write(buf, 0, 1, 2, 7, new long[] {late, -1}, 0);
    List<long[]> read = new ArrayList<>();
    assertThat(TransportCc.read(buf, 0, len, (seq, at) -> read.add(new long[] {seq, at}))).isTrue();
    assertThat(read).extracting(r -> r[1]).containsExactly(late, -1L);
  }

  @Test
  void feedbackWhoseDeltasGoBelowTimeZeroIsRefused() {
    byte[] buf = new byte[64];
    // Written: reference time 0, a small delta to 1 ms, then a large one of -1 ms back to 0.
    int len = TransportCc.write(buf, 0, 1, 2, 7, new long[] {1_000, 0}, 0);
    assertThat(Bytes.u16(buf, 23)).isEqualTo(0xfffc);
    // Make the large delta -2.954 s, below time zero.
    Bytes.put16(buf, 23, 0xd1d8);
    List<Long> times = new ArrayList<>();
    assertThat(TransportCc.read(buf, 0, len, (seq, at) -> times.add(at))).isFalse();
    assertThat(times).allMatch(t -> t >= 0);
  }
}
