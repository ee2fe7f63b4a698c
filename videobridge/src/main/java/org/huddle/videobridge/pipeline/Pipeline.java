package org.huddle.videobridge.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A list of nodes ending in a consumer or a demux. Built to read top to bottom:
 *
 * <pre>{@code
 * Pipeline.builder(stats)
 *     .demux("receive", d -> d
 *         .path("dtls", p -> p.packetClass == DTLS, b -> b.then(dtls::receive))
 *         .path("rtp", p -> p.packetClass == RTP, b -> b.node(decrypt).node(parse).then(route)))
 *     .build();
 * }</pre>
 */
public final class Pipeline implements Consumer<PacketInfo> {
  private final Node[] nodes;
  private final Consumer<PacketInfo> terminal;

  private Pipeline(List<Node> nodes, Consumer<PacketInfo> terminal) {
    this.nodes = nodes.toArray(new Node[0]);
    this.terminal = terminal;
  }

  public static Builder builder(PipelineStats stats) {
    return new Builder(stats);
  }

  @Override
  public void accept(PacketInfo p) {
    PacketInfo cur = p;
    for (Node n : nodes) {
      cur = n.process(cur);
      if (cur == null) {
        return;
      }
    }
    terminal.accept(cur);
  }

  /** Builds a pipeline. */
  public static final class Builder {
    private final PipelineStats stats;
    private final List<Node> nodes = new ArrayList<>();

    private Builder(PipelineStats stats) {
      this.stats = stats;
    }

    public Builder node(Node n) {
      nodes.add(n);
      return this;
    }

    /** Ends the pipeline in a consumer. */
    public Pipeline then(Consumer<PacketInfo> terminal) {
      return new Pipeline(nodes, terminal);
    }

    /** Ends the pipeline in a demux into named paths; the first matching path wins. */
    public Pipeline demux(String name, Consumer<DemuxBuilder> paths) {
      DemuxBuilder d = new DemuxBuilder(stats);
      paths.accept(d);
      return new Pipeline(nodes, d.build(name));
    }
  }

  /** The paths of a demux. */
  public static final class DemuxBuilder {
    private final PipelineStats stats;
    private final List<Predicate<PacketInfo>> predicates = new ArrayList<>();
    private final List<Pipeline> paths = new ArrayList<>();

    private DemuxBuilder(PipelineStats stats) {
      this.stats = stats;
    }

    public DemuxBuilder path(
        String name,
        Predicate<PacketInfo> predicate,
        java.util.function.Function<Builder, Pipeline> path) {
      predicates.add(predicate);
      paths.add(path.apply(new Builder(stats)));
      return this;
    }

    Consumer<PacketInfo> build(String name) {
      var unmatched = stats.counter(name + ".dropped.unmatched");
      var dropped = stats.counter(name + ".dropped");
      @SuppressWarnings("unchecked")
      Predicate<PacketInfo>[] preds = predicates.toArray(new Predicate[0]);
      Pipeline[] ps = paths.toArray(new Pipeline[0]);
      return p -> {
        for (int i = 0; i < preds.length; i++) {
          if (preds[i].test(p)) {
            ps[i].accept(p);
            return;
          }
        }
        unmatched.increment();
        dropped.increment();
      };
    }
  }
}
