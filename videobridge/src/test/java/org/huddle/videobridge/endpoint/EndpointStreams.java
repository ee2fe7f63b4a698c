package org.huddle.videobridge.endpoint;

import org.huddle.videobridge.pipeline.CodecParser;
import org.huddle.videobridge.rtcp.BitrateMeter;

/**
 * Gives an endpoint what its receive pipeline learns from the media it sends, for tests of the
 * allocator in other packages, where no media flows: which SSRCs send, what the codec parser read
 * (spatial layers, heights), and each source's payload type. It writes the endpoint's maps under
 * the keys {@code EndpointPipelines}' nodes use, and the codec parser's part goes through a real
 * {@link CodecParser} with {@link #codecs}.
 */
public final class EndpointStreams {
  private EndpointStreams() {}

  /**
   * A packet of {@code bytes} arrived on {@code ssrc} at {@code nowNanos}, as ingress counts it.
   */
  public static void sending(Endpoint e, long ssrc, int bytes, long nowNanos) {
    e.layerRates.computeIfAbsent(ssrc, x -> new BitrateMeter()).add(bytes, nowNanos);
  }

  /** As if packets of {@code count} temporal layers had arrived on the SSRC. */
  public static void temporalLayers(Endpoint e, long ssrc, int count) {
    e.temporalLayers.put(ssrc, count);
  }

  /** The source whose primary SSRC is {@code primarySsrc} was last sent with {@code pt}. */
  public static void payloadType(Endpoint e, long primarySsrc, int pt) {
    e.sourcePayloadTypes.put(primarySsrc, pt);
  }

  /** The codec parser's view of the endpoint, as its receive pipeline has it. */
  public static CodecParser.Sender codecs(Endpoint e) {
    return new EndpointCodecs(e);
  }
}
