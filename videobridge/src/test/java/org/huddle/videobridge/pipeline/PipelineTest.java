package org.huddle.videobridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.huddle.rtp.PacketClass;
import org.huddle.videobridge.packet.Packet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PipelineTest {
  static PacketInfo packet(int first) {
    return new PacketInfo(Packet.copyOf(new byte[] {(byte) first, (byte) 111, 0, 0}, 0, 4), 0);
  }

  @Nested
  class Nodes {
    @Test
    void aNodeCountsWhatPassesAndWhatItDropsByReason() {
      PipelineStats stats = new PipelineStats();
      Node evenOnly =
          new Node("even-only", stats) {
            @Override
            protected PacketInfo handle(PacketInfo p) {
              return (p.packet().buffer()[0] & 1) == 0 ? p : drop("odd");
            }
          };
      List<PacketInfo> out = new ArrayList<>();
      Pipeline pl = Pipeline.builder(stats).node(evenOnly).then(out::add);
      for (int i = 0; i < 10; i++) {
        pl.accept(packet(i));
      }
      assertThat(out).hasSize(5);
      assertThat(stats.get("even-only.in")).isEqualTo(10);
      assertThat(stats.get("even-only.out")).isEqualTo(5);
      assertThat(stats.get("even-only.dropped")).isEqualTo(5);
      assertThat(stats.get("even-only.dropped.odd")).isEqualTo(5);
    }

    @Test
    void inIsOutPlusDroppedInTheSnapshotAndTimeIsCountedFromSamples() {
      PipelineStats stats = new PipelineStats();
      Node pass =
          new Node("pass", stats) {
            @Override
            protected PacketInfo handle(PacketInfo p) {
              return p;
            }
          };
      Pipeline pl = Pipeline.builder(stats).node(pass).then(p -> {});
      for (int i = 0; i < 3 * Node.TIMING_SAMPLE; i++) {
        pl.accept(packet(i));
      }
      assertThat(stats.snapshot()).containsEntry("pass.in", 3L * Node.TIMING_SAMPLE);
      assertThat(stats.snapshot()).containsEntry("pass.dropped", 0L);
      // three packets were timed, each counted for the sample; the clock may read 0 between
      assertThat(stats.get("pass.nanos") % Node.TIMING_SAMPLE).isZero();
    }

    @Test
    void aSharedPacketIsCopiedOnlyWhenOwnedAndIntoTheBufferOffered() {
      PacketInfo original = packet(1);
      original.senderId = "a";
      PacketInfo shared = original.share();
      assertThat(shared.shared()).isTrue();
      assertThat(shared.packet()).isSameAs(original.packet());
      assertThat(shared.senderId).isEqualTo("a");
      Packet scratch = Packet.copyOf(new byte[64], 0, 64);
      Packet own = shared.own(scratch);
      assertThat(own).isSameAs(scratch).isSameAs(shared.packet());
      assertThat(shared.shared()).isFalse();
      assertThat(shared.source()).isSameAs(original.packet());
      assertThat(own.toByteArray()).isEqualTo(original.packet().toByteArray());
      own.buffer()[0] = 9;
      assertThat(original.packet().buffer()[0]).isEqualTo((byte) 1);
      assertThat(shared.own(null)).isSameAs(own); // owned already: nothing copied again
      assertThat(original.own(null)).isSameAs(original.packet()); // never shared
    }

    @Test
    void aNodeThatThrowsDropsOnlyThatPacket() {
      PipelineStats stats = new PipelineStats();
      Node boom =
          new Node("boom", stats) {
            @Override
            protected PacketInfo handle(PacketInfo p) {
              if (p.packet().buffer()[0] == 3) {
                throw new IllegalStateException("bad");
              }
              return p;
            }
          };
      List<PacketInfo> out = new ArrayList<>();
      Pipeline pl = Pipeline.builder(stats).node(boom).then(out::add);
      for (int i = 0; i < 5; i++) {
        pl.accept(packet(i));
      }
      assertThat(out).hasSize(4);
      assertThat(stats.get("boom.dropped.exception")).isEqualTo(1);
    }

    @Test
    void theDemuxSendsEachPacketDownItsPathAndCountsTheUnmatched() {
      PipelineStats stats = new PipelineStats();
      List<String> seen = new ArrayList<>();
      Pipeline pl =
          Pipeline.builder(stats)
              .node(new PacketClassifier(stats))
              .demux(
                  "demux",
                  d ->
                      d.path(
                              "dtls",
                              p -> p.packetClass == PacketClass.DTLS,
                              b -> b.then(p -> seen.add("dtls")))
                          .path(
                              "rtp",
                              p -> p.packetClass == PacketClass.RTP,
                              b -> b.then(p -> seen.add("rtp"))));
      pl.accept(packet(22));
      pl.accept(packet(0x80));
      pl.accept(packet(0x41));
      assertThat(seen).containsExactly("dtls", "rtp");
      assertThat(stats.get("demux.dropped.unmatched")).isEqualTo(1);
    }
  }

  @Nested
  class Queues {
    @Test
    void aFullQueueDropsAndCountsInsteadOfGrowing() throws Exception {
      PipelineStats stats = new PipelineStats();
      ExecutorService pool = Executors.newSingleThreadExecutor();
      CountDownLatch release = new CountDownLatch(1);
      List<Integer> handled = new ArrayList<>();
      SerialQueue<Integer> q =
          new SerialQueue<>(
              "q",
              10,
              pool,
              i -> {
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                synchronized (handled) {
                  handled.add(i);
                }
              },
              stats);
      int accepted = 0;
      for (int i = 0; i < 100; i++) {
        if (q.offer(i)) {
          accepted++;
        }
      }
      assertThat(accepted).isLessThanOrEqualTo(11); // ten queued, perhaps one being handled
      assertThat(stats.get("q.dropped")).isEqualTo(100 - accepted);
      release.countDown();
      int expected = accepted;
      await()
          .until(
              () -> {
                synchronized (handled) {
                  return handled.size() == expected;
                }
              });
      synchronized (handled) {
        assertThat(handled).isSorted();
      }
      pool.shutdownNow();
    }
  }
}
