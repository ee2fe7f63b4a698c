package org.huddle.videobridge.endpoint;

/**
 * What the bridge measured of one endpoint over its stay: the RTP it received from it (packets,
 * bytes after SRTP decryption, and the packets its streams' sequence numbers say never arrived, RFC
 * 3550's cumulative loss summed over its streams), and how often the layer of a source forwarded to
 * it switched (simulcast encoding or SVC spatial layer).
 *
 * @param stayNanos from the endpoint's creation to the moment the totals were taken
 */
public record MediaTotals(
    long packetsReceived,
    long packetsLost,
    long bytesReceived,
    long stayNanos,
    long layerSwitches) {
  /** The mean bitrate received over the stay, bits per second; 0 for a stay of no length. */
  public long bitrateBps() {
    return stayNanos <= 0 ? 0 : (long) (bytesReceived * 8 * 1e9 / stayNanos);
  }
}
