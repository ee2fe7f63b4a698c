package org.huddle.videobridge;

import java.time.Duration;
import java.time.Instant;

/**
 * The bridge's summary of one endpoint's stay, told once when the endpoint expires (Colibri2
 * expire, the conference's end, or its ICE consent timing out): what it received from the endpoint
 * and how often the layer forwarded to it switched. Keyed by the Colibri2 {@code meeting-id} (the
 * focus's meeting id) and the endpoint id (the participant's occupant nick).
 *
 * @param packetsReceived RTP packets received from the endpoint (audio, video and retransmissions)
 * @param packetsLost packets its streams' sequence numbers say never arrived (RFC 3550's cumulative
 *     loss, summed over its streams; a retransmission on an RTX stream does not undo a loss)
 * @param bytesReceived those packets' bytes after SRTP decryption (RTP headers and payload)
 * @param stay from the endpoint's creation to its expiry
 * @param bitrateBps {@code bytesReceived} over the stay, bits per second
 * @param layerSwitches how often the simulcast encoding or SVC spatial layer of a source forwarded
 *     to the endpoint changed, once it was getting that source
 */
public record MediaSummary(
    String meetingId,
    String endpointId,
    Instant at,
    long packetsReceived,
    long packetsLost,
    long bytesReceived,
    Duration stay,
    long bitrateBps,
    long layerSwitches) {

  /** Who hears of the summaries. Called on the bridge's threads: must not block. */
  @FunctionalInterface
  public interface Listener {
    void summary(MediaSummary summary);
  }
}
