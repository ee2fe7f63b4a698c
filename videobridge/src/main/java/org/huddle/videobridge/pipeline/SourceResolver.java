package org.huddle.videobridge.pipeline;

/**
 * Finds which signalled source an SSRC belongs to, and which simulcast layer. Packets on SSRCs
 * nobody signalled are dropped: they could not be described to receivers anyway.
 */
public final class SourceResolver extends Node {
  /** The sender's signalled sources. */
  public interface Sources {
    /** {@code (primarySsrc << 8) | layer}, or -1 when the SSRC is not signalled. */
    long resolve(long ssrc);
  }

  private final Sources sources;

  public SourceResolver(PipelineStats stats, Sources sources) {
    super("source-resolver", stats);
    this.sources = sources;
  }

  @Override
  protected PacketInfo handle(PacketInfo p) {
    long r = sources.resolve(p.ssrc);
    if (r < 0) {
      return drop("unknown-ssrc");
    }
    p.primarySsrc = r >>> 8;
    p.layer = (int) (r & 0xff);
    return p;
  }
}
