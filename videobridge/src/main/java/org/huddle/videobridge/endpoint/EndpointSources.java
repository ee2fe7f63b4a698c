package org.huddle.videobridge.endpoint;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.huddle.videobridge.pipeline.RtxTermination;
import org.huddle.videobridge.pipeline.SourceResolver;

/** An endpoint's sources, immutable, with the lookups the receive pipeline needs per packet. */
public final class EndpointSources implements SourceResolver.Sources {
  public static final EndpointSources EMPTY = new EndpointSources(List.of());

  private final List<MediaSourceDesc> sources;
  private final Map<Long, Long> resolved = new HashMap<>();
  private final Map<Long, Long> rtxToPrimary = new HashMap<>();

  public EndpointSources(List<MediaSourceDesc> sources) {
    this.sources = List.copyOf(sources);
    for (MediaSourceDesc s : this.sources) {
      for (int i = 0; i < s.layers().size(); i++) {
        resolved.put(s.layers().get(i), (s.primarySsrc() << 8) | i);
      }
      s.rtx().forEach((primary, rtx) -> rtxToPrimary.put(rtx, primary));
    }
  }

  public List<MediaSourceDesc> all() {
    return sources;
  }

  @Override
  public long resolve(long ssrc) {
    Long r = resolved.get(ssrc);
    return r == null ? -1 : r;
  }

  /** The source whose primary SSRC this is, or null. */
  public MediaSourceDesc byPrimary(long primarySsrc) {
    for (MediaSourceDesc s : sources) {
      if (s.primarySsrc() == primarySsrc) {
        return s;
      }
    }
    return null;
  }

  /** The RTX side of the sender's streams, for {@link RtxTermination}. */
  public long primaryOfRtx(long rtxSsrc) {
    Long p = rtxToPrimary.get(rtxSsrc);
    return p == null ? -1 : p;
  }
}
