package org.huddle.bench.videobridge;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.huddle.bench.videobridge.VideoStream.Codec;

/**
 * A load generator that costs little per packet, so that the forwarder, not the generator, runs out
 * of CPU first: each sender's packets are built and (for the bridge) SRTP-protected once, before
 * the run, and replayed from memory at a fixed rate; receivers do not decrypt, they read the RTP
 * header, which SRTP leaves in the clear.
 *
 * <p>Every packet is VP8 with its own RTP timestamp ({@code 3000 * k} for the sender's k-th packet)
 * and sequence number ({@code k mod 2^16}); sender i's SSRC is {@code SSRC_STEP * (i + 1) + VIDEO}.
 * A received packet is matched to its send time by these three fields; a packet whose fields the
 * forwarder changed (the bridge projects sequence numbers and timestamps, but with one encoding and
 * no loss leaves them as they are) is counted as unmatched instead of giving a wrong latency.
 *
 * <p>Every packet index is sent once: the bridge's SRTP replay protection drops a packet whose
 * index it has seen, so the replay is long enough for the whole run, not a loop.
 */
final class ReplayLoad {
  static final long SSRC_STEP = 1000;

  /** A sender's video SSRC is this much above its audio SSRC, {@code SSRC_STEP * (i + 1)}. */
  static final long VIDEO = 10;

  private static final int BODY = 1000;
  private static final long TS_STEP = 3000;

  /** How a sender's bytes leave the generator. */
  interface Sink {
    void send(int sender, byte[] datagram) throws java.io.IOException;
  }

  private final int senders;
  private final int count;
  private final int rate;
  private final byte[][][] packets;
  private final long[][] sentNanos;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong sendErrors = new AtomicLong();
  private final LongAdder unmatched = new LongAdder();
  private final List<Receiver> receivers = new ArrayList<>();
  private volatile boolean stop;
  private Thread pacer;

  /**
   * Builds {@code count} packets for each of {@code senders}, each passed through {@code protect}
   * (the sender's SRTP, or nothing).
   */
  ReplayLoad(int senders, int rate, int count, List<UnaryOperator<byte[]>> protect) {
    this.senders = senders;
    this.rate = rate;
    this.count = count;
    this.packets = new byte[senders][count][];
    this.sentNanos = new long[senders][count];
    byte[] body = new byte[BODY];
    for (int i = 0; i < senders; i++) {
      VideoStream s = new VideoStream(Codec.VP8, ssrcOf(i), Integer.MAX_VALUE);
      for (int k = 0; k < count; k++) {
        packets[i][k] = protect.get(i).apply(s.next(layer -> body).packets().get(0));
      }
    }
  }

  static long ssrcOf(int sender) {
    return SSRC_STEP * (sender + 1) + VIDEO;
  }

  /** The size of every packet, as sent. */
  int packetSize() {
    return packets[0][0].length;
  }

  /** A new receiver's accounting; give its {@link Receiver#received} every RTP packet it gets. */
  Receiver receiver() {
    Receiver r = new Receiver();
    synchronized (receivers) {
      receivers.add(r);
    }
    return r;
  }

  /** Starts sending: each sender's next packet is due every 1/rate s from now. */
  void start(Sink sink) {
    pacer =
        Thread.ofPlatform()
            .name("replay-pacer")
            .daemon()
            .start(
                () -> {
                  long start = System.nanoTime();
                  int next = 0;
                  while (!stop && next < count) {
                    long due = Math.min(count, (System.nanoTime() - start) * rate / 1_000_000_000L);
                    for (; next < due && !stop; next++) {
                      for (int i = 0; i < senders; i++) {
                        sentNanos[i][next] = System.nanoTime();
                        try {
                          sink.send(i, packets[i][next]);
                          sent.incrementAndGet();
                        } catch (java.io.IOException e) {
                          sendErrors.incrementAndGet();
                        }
                      }
                    }
                    LockSupport.parkNanos(200_000);
                  }
                });
  }

  void stop() throws InterruptedException {
    stop = true;
    if (pacer != null) {
      pacer.join(5_000);
    }
  }

  /** Packets sent so far, over all senders. */
  long sent() {
    return sent.get();
  }

  long sendErrors() {
    return sendErrors.get();
  }

  /** Packets received since the last {@link #reset()}, over all receivers. */
  long received() {
    long n = 0;
    for (Receiver r : receivers) {
      n += r.latencies.received();
    }
    return n;
  }

  long unmatched() {
    return unmatched.sum();
  }

  void reset() {
    for (Receiver r : receivers) {
      r.latencies.reset();
    }
    unmatched.reset();
  }

  /** The p-th percentile of latency over every receiver's samples, in microseconds. */
  long percentile(double p) {
    List<Latencies> all = new ArrayList<>();
    for (Receiver r : receivers) {
      all.add(r.latencies);
    }
    return Latencies.percentile(all, p);
  }

  /** One receiver's packets and latencies; called on that receiver's own thread. */
  final class Receiver {
    private final Latencies latencies = new Latencies(400_000);

    void received(byte[] b, int off, int len) {
      long now = System.nanoTime();
      if (len < 12) {
        return;
      }
      int seq = ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
      long ts = u32(b, off + 4);
      long ssrc = u32(b, off + 8);
      int sender = (int) ((ssrc - VIDEO) / SSRC_STEP) - 1;
      long k = ts / TS_STEP;
      if ((ssrc - VIDEO) % SSRC_STEP != 0
          || sender < 0
          || sender >= senders
          || ts % TS_STEP != 0
          || k >= count
          || (k & 0xffff) != seq
          || sentNanos[sender][(int) k] == 0) {
        unmatched.increment();
        latencies.count();
        return;
      }
      latencies.add((now - sentNanos[sender][(int) k]) / 1000);
    }
  }

  private static long u32(byte[] b, int at) {
    return ((b[at] & 0xffL) << 24)
        | ((b[at + 1] & 0xffL) << 16)
        | ((b[at + 2] & 0xffL) << 8)
        | (b[at + 3] & 0xffL);
  }
}
