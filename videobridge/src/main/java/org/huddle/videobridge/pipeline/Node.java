package org.huddle.videobridge.pipeline;

import java.util.concurrent.atomic.LongAdder;

/**
 * One step of a pipeline. Subclasses implement {@link #handle}: return the packet (changed or not)
 * to pass it on, or {@link #drop} it. Counting, timing and the guarantee that a node's exception
 * drops only the packet live here, once. "{name}.nanos" is an estimate from one packet in {@value
 * #TIMING_SAMPLE}.
 */
public abstract class Node {
  /**
   * One packet in this many is timed, and its time counted this many times: two clock reads per
   * node per packet were a measurable share of the forwarding cost (issue 18).
   */
  static final int TIMING_SAMPLE = 16;

  private final String name;
  private final PipelineStats stats;
  private final LongAdder out;
  private final LongAdder dropped;
  private final LongAdder nanos;

  /** Packets seen, for choosing which to time; racy when threads change, which only shifts it. */
  private int seen;

  protected Node(String name, PipelineStats stats) {
    this.name = name;
    this.stats = stats;
    this.out = stats.counter(name + ".out");
    this.dropped = stats.counter(name + ".dropped");
    this.nanos = stats.counter(name + ".nanos");
    // Every packet in leaves as out or dropped, so "in" is their sum, not a third counter.
    stats.sumOf(name + ".in", name + ".out", name + ".dropped");
  }

  public final String name() {
    return name;
  }

  /** Runs the node; null means the packet went no further. */
  public final PacketInfo process(PacketInfo p) {
    boolean timed = (++seen & (TIMING_SAMPLE - 1)) == 0;
    long t0 = timed ? System.nanoTime() : 0;
    PacketInfo r;
    try {
      r = handle(p);
    } catch (RuntimeException e) {
      r = drop("exception");
    }
    if (timed) {
      nanos.add((System.nanoTime() - t0) * TIMING_SAMPLE);
    }
    if (r == null) {
      dropped.increment();
    } else {
      out.increment();
    }
    return r;
  }

  protected abstract PacketInfo handle(PacketInfo p);

  /** Drops the packet, counting why under "{name}.dropped.{reason}". */
  protected final PacketInfo drop(String reason) {
    stats.counter(name + ".dropped." + reason).increment();
    return null;
  }

  /** Drops and counts every packet, for a path whose packets are all bad input. */
  public static final class Dropper extends Node {
    private final String reason;

    public Dropper(String name, String reason, PipelineStats stats) {
      super(name, stats);
      this.reason = reason;
    }

    @Override
    protected PacketInfo handle(PacketInfo p) {
      return drop(reason);
    }
  }

  /** An observer: sees every packet and passes it on unchanged. */
  public abstract static class Observer extends Node {
    protected Observer(String name, PipelineStats stats) {
      super(name, stats);
    }

    @Override
    protected final PacketInfo handle(PacketInfo p) {
      observe(p);
      return p;
    }

    protected abstract void observe(PacketInfo p);
  }
}
