package org.huddle.videobridge.pipeline;

import java.util.concurrent.atomic.LongAdder;

/**
 * One step of a pipeline. Subclasses implement {@link #handle}: return the packet (changed or not)
 * to pass it on, or {@link #drop} it. Counting, timing and the guarantee that a node's exception
 * drops only the packet live here, once.
 */
public abstract class Node {
  private final String name;
  private final PipelineStats stats;
  private final LongAdder in;
  private final LongAdder out;
  private final LongAdder dropped;
  private final LongAdder nanos;

  protected Node(String name, PipelineStats stats) {
    this.name = name;
    this.stats = stats;
    this.in = stats.counter(name + ".in");
    this.out = stats.counter(name + ".out");
    this.dropped = stats.counter(name + ".dropped");
    this.nanos = stats.counter(name + ".nanos");
  }

  public final String name() {
    return name;
  }

  /** Runs the node; null means the packet went no further. */
  public final PacketInfo process(PacketInfo p) {
    in.increment();
    long t0 = System.nanoTime();
    PacketInfo r;
    try {
      r = handle(p);
    } catch (RuntimeException e) {
      r = drop("exception");
    }
    nanos.add(System.nanoTime() - t0);
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
