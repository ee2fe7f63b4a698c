package org.huddle.videobridge.endpoint;

import org.huddle.rtp.Av1TemplateStructure;
import org.huddle.rtp.VideoCodec;
import org.huddle.videobridge.pipeline.CodecParser;

/**
 * The codec parser's view of a sending endpoint: its negotiated formats, and where the endpoint
 * keeps what the parser learns of its streams (layer heights, spatial layers, AV1 structures), each
 * map bounded.
 */
final class EndpointCodecs implements CodecParser.Sender {
  private static final int MAX_STREAMS = 64;

  private final Endpoint e;

  EndpointCodecs(Endpoint e) {
    this.e = e;
  }

  @Override
  public VideoCodec codecOf(int payloadType) {
    return e.formats().codecOf(payloadType);
  }

  @Override
  public int dependencyDescriptorId() {
    return e.formats().extensionId(MediaFormats.DEPENDENCY_DESCRIPTOR);
  }

  @Override
  public void height(long ssrc, int spatial, int height) {
    if (e.layerHeights.size() < MAX_STREAMS * 4) {
      e.layerHeights.put(Endpoint.layerKey(ssrc, spatial), height);
    }
  }

  @Override
  public void spatialLayers(long ssrc, int count) {
    // The latest structure counts, in both directions (an encoder adds and drops spatial layers
    // under load), so a known stream is updated even when the map is full.
    if (e.spatialLayers.size() < MAX_STREAMS || e.spatialLayers.containsKey(ssrc)) {
      e.spatialLayers.put(ssrc, count);
    }
  }

  @Override
  public Av1TemplateStructure av1Structure(long ssrc) {
    return e.av1Structures.get(ssrc);
  }

  @Override
  public void av1Structure(long ssrc, Av1TemplateStructure structure) {
    if (e.av1Structures.size() < MAX_STREAMS) {
      e.av1Structures.put(ssrc, structure);
    }
  }

  @Override
  public void requestKeyframe(long ssrc) {
    e.requestKeyframe(ssrc);
  }
}
