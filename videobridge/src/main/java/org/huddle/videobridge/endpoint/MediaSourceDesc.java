package org.huddle.videobridge.endpoint;

import java.util.List;
import java.util.Map;

/**
 * A signalled media source (colibri2 {@code media-source}): its name, its SSRCs in simulcast order
 * (lowest layer first, as the SIM group lists them), and the RTX SSRC of each (FID groups).
 *
 * @param name the source name, e.g. "a1b2c3d4-v0"
 * @param owner the endpoint id
 * @param video video or audio
 * @param layers SSRCs, lowest quality first; one entry without simulcast
 * @param rtx primary SSRC to its RTX SSRC
 * @param videoType camera, desktop, ... or null
 */
public record MediaSourceDesc(
    String name,
    String owner,
    boolean video,
    List<Long> layers,
    Map<Long, Long> rtx,
    String videoType) {

  public MediaSourceDesc {
    layers = List.copyOf(layers);
    rtx = Map.copyOf(rtx);
  }

  /** The SSRC receivers see: the first one. */
  public long primarySsrc() {
    return layers.get(0);
  }

  /** Index of {@code ssrc} among the layers, or -1. */
  public int layerOf(long ssrc) {
    return layers.indexOf(ssrc);
  }
}
