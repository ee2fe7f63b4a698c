package org.huddle.videobridge.endpoint;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import org.huddle.rtp.PacketClass;
import org.huddle.rtp.RtcpFeedback;
import org.huddle.videobridge.VideobridgeConfig;
import org.huddle.videobridge.dtls.DtlsCertificate;
import org.huddle.videobridge.ice.Harvesters;
import org.huddle.videobridge.packet.Packet;
import org.huddle.videobridge.pipeline.PacketInfo;
import org.huddle.videobridge.pipeline.Pipeline;
import org.huddle.videobridge.pipeline.PipelineStats;
import org.huddle.videobridge.pipeline.SerialQueue;
import org.huddle.videobridge.rtcp.BandwidthEstimator;
import org.huddle.videobridge.rtcp.BitrateMeter;
import org.huddle.videobridge.rtcp.KeyframeRequester;
import org.huddle.videobridge.rtcp.ReceiveStreamStats;
import org.huddle.videobridge.rtcp.RetransmissionCache;
import org.huddle.videobridge.rtcp.SendStreamStats;
import org.huddle.videobridge.rtcp.TransportCcRecorder;

/**
 * One participant's presence on the bridge: its transport, its two pipelines (what it sends us,
 * what we send it), the state each needs, and what it signalled (formats, sources, constraints).
 *
 * <p>Threads: what the endpoint sends us is processed on its receive queue, what we send it on its
 * send queue; both are serial queues on the bridge's worker pool. Signalling setters publish
 * immutable snapshots through volatile fields.
 */
public final class Endpoint implements AutoCloseable {
  /** The conference, as an endpoint sees it. */
  public interface Host {
    /** A packet this endpoint sent, ready to be forwarded. */
    void route(Endpoint from, PacketInfo p);

    /** This endpoint (a receiver) asked for a key frame of a stream it receives. */
    void keyframeRequested(Endpoint receiver, long mediaSsrc);

    /** An audio level this endpoint sent. */
    void audioLevel(String endpointId, int level, long nanos);

    /** The RTX SSRC receivers know for a forwarded primary SSRC, or -1. */
    long rtxSsrcFor(long primarySsrc);

    /** ICE failed or consent expired. */
    void transportFailed(Endpoint e);
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String id;
  private final Host host;
  private final VideobridgeConfig.Media config;
  private final PipelineStats stats;
  private final EndpointTransport transport;
  private final SerialQueue<PacketInfo> receiveQueue;
  private final SerialQueue<PacketInfo> sendQueue;
  private final Pipeline receivePipeline;
  private final Pipeline sendPipeline;
  private final EndpointRtcp rtcp;
  private final long localAudioSsrc;
  private final long localVideoSsrc;
  private final String colibriWsPassword = randomPassword();

  private volatile String statsId;
  private volatile MediaFormats formats = MediaFormats.EMPTY;
  private volatile EndpointSources sources = EndpointSources.EMPTY;
  private volatile ReceiverConstraints constraints = ReceiverConstraints.DEFAULT;
  private volatile boolean expired;
  private volatile boolean audioForceMuted;
  private volatile boolean videoForceMuted;

  // Ingress state, written on the receive thread.
  final Map<Long, ReceiveStreamStats> receiveStats = new ConcurrentHashMap<>();
  final Map<Long, BitrateMeter> layerRates = new ConcurrentHashMap<>();

  /** Frame heights by {@link #layerKey}. */
  final Map<Long, Integer> layerHeights = new ConcurrentHashMap<>();

  /** Bitrates of spatial layers, by {@link #layerKey}. */
  final Map<Long, BitrateMeter> spatialRates = new ConcurrentHashMap<>();

  /** Bitrates of temporal layers, by {@link #temporalKey}. */
  final Map<Long, BitrateMeter> temporalRates = new ConcurrentHashMap<>();

  /** Temporal layers per SSRC, from the highest temporal id seen. */
  final Map<Long, Integer> temporalLayers = new ConcurrentHashMap<>();

  /** Spatial layers per SSRC (VP9, AV1), from the streams' structures. */
  final Map<Long, Integer> spatialLayers = new ConcurrentHashMap<>();

  final Map<Long, org.huddle.rtp.Av1TemplateStructure> av1Structures = new ConcurrentHashMap<>();

  /** The payload type each source (by primary SSRC) was last sent with. */
  final Map<Long, Integer> sourcePayloadTypes = new ConcurrentHashMap<>();

  final TransportCcRecorder transportCc = new TransportCcRecorder();
  final org.huddle.videobridge.rtcp.LossDetector losses =
      new org.huddle.videobridge.rtcp.LossDetector();
  final KeyframeRequester keyframes;

  // Egress state, written on the send thread.
  final BandwidthEstimator bandwidth;
  final RetransmissionCache retransmissions;
  final Map<Long, SendStreamStats> sendStats = new ConcurrentHashMap<>();
  final VideoForwarding forwarding = new VideoForwarding();
  int transportCcSeqOut;

  /** RTP packets and their bytes (decrypted), for the endpoint's media summary. */
  final LongAdder rtpPacketsReceived = new LongAdder();

  final LongAdder rtpBytesReceived = new LongAdder();
  private final long createdNanos = System.nanoTime();

  final LongAdder packetsReceived = new LongAdder();
  final LongAdder packetsSent = new LongAdder();
  final LongAdder bytesReceived = new LongAdder();
  final LongAdder bytesSent = new LongAdder();

  public Endpoint(
      String id,
      Host host,
      VideobridgeConfig.Media config,
      Harvesters harvesters,
      DtlsCertificate certificate,
      Executor workers,
      PipelineStats stats,
      long localAudioSsrc,
      long localVideoSsrc)
      throws IOException {
    this.id = id;
    this.localAudioSsrc = localAudioSsrc;
    this.localVideoSsrc = localVideoSsrc;
    this.host = host;
    this.config = config;
    this.stats = stats;
    this.keyframes = new KeyframeRequester(config.keyframeRequestInterval().toNanos());
    this.bandwidth = new BandwidthEstimator(config.initialBandwidthBps(), config.minBandwidthBps());
    this.retransmissions = new RetransmissionCache(config.retransmissionCacheDuration().toNanos());
    this.rtcp = new EndpointRtcp(this, stats);
    EndpointPipelines pipelines = new EndpointPipelines(this, stats);
    this.receiveQueue =
        new SerialQueue<>(
            "receive-queue", config.queueCapacity(), workers, this::processReceived, stats);
    this.sendQueue =
        new SerialQueue<>("send-queue", config.queueCapacity(), workers, this::processSend, stats);
    this.transport =
        new EndpointTransport(
            id,
            harvesters.all(),
            certificate,
            Duration.ofSeconds(30),
            receiveQueue::offer,
            () -> host.transportFailed(this),
            stats);
    this.receivePipeline = pipelines.receive(rtcp);
    this.sendPipeline = pipelines.send();
  }

  private static String randomPassword() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder sb = new StringBuilder(24);
    for (int i = 0; i < 24; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private void processReceived(PacketInfo p) {
    p.senderId = id;
    packetsReceived.increment();
    bytesReceived.add(p.packet().length());
    receivePipeline.accept(p);
  }

  private void processSend(PacketInfo p) {
    sendPipeline.accept(p);
  }

  // --- what the conference calls -------------------------------------------------------------

  public String id() {
    return id;
  }

  /** Queues a packet from another endpoint for this one; it is projected on the send thread. */
  public void send(PacketInfo p) {
    if (!expired) {
      sendQueue.offer(p);
    }
  }

  /** Queues an RTCP packet we generated for this endpoint. */
  void sendRtcp(Packet packet) {
    PacketInfo p = new PacketInfo(packet, System.nanoTime());
    p.packetClass = PacketClass.RTCP;
    send(p);
  }

  /** Queues a retransmission (already projected) for this endpoint. */
  void sendRetransmission(PacketInfo p) {
    p.packetClass = PacketClass.RTP;
    p.retransmission = true;
    send(p);
  }

  /**
   * Asks this endpoint (a sender) for a key frame on {@code ssrc}, rate-limited. Not before its
   * transport is up: such a request could not be sent, and counting it against the rate limit would
   * hold back the one that matters, made when the first packets arrive.
   */
  public void requestKeyframe(long ssrc) {
    if (!transport.isConnected()) {
      stats.add("keyframe-requests.not-connected", 1);
      return;
    }
    long now = System.nanoTime();
    if (!keyframes.allow(ssrc, now)) {
      stats.add("keyframe-requests.suppressed", 1);
      return;
    }
    byte[] buf = new byte[20 + Packet.TAIL_ROOM];
    int len;
    if (formats.supportsPli()) {
      len = RtcpFeedback.writePli(buf, 0, localVideoSsrc, ssrc);
      stats.add("keyframe-requests.pli", 1);
    } else {
      len = RtcpFeedback.writeFir(buf, 0, localVideoSsrc, ssrc, rtcp.nextFirSequence());
      stats.add("keyframe-requests.fir", 1);
    }
    sendRtcp(Packet.wrap(buf, 0, len));
  }

  /** Sends periodic RTCP: sender and receiver reports. */
  public void sendReports() {
    if (transport.isConnected()) {
      rtcp.sendReports(System.currentTimeMillis(), System.nanoTime());
    }
  }

  /** Sends transport-cc feedback for what arrived since the last call, and NACKs for gaps. */
  public void sendTransportCcFeedback() {
    if (transport.isConnected()) {
      rtcp.sendTransportCcFeedback();
      rtcp.sendNacks(System.nanoTime());
    }
  }

  // --- signalling --------------------------------------------------------------------------------

  public EndpointTransport transport() {
    return transport;
  }

  public String statsId() {
    return statsId;
  }

  public void setStatsId(String statsId) {
    this.statsId = statsId;
  }

  public MediaFormats formats() {
    return formats;
  }

  public void setFormats(MediaFormats formats) {
    this.formats = formats;
  }

  public EndpointSources sources() {
    return sources;
  }

  public void setSources(EndpointSources sources) {
    this.sources = sources;
  }

  public ReceiverConstraints constraints() {
    return constraints;
  }

  public void setConstraints(ReceiverConstraints constraints) {
    this.constraints = constraints;
  }

  /** Colibri2 {@code force-mute}: the bridge forwards none of this endpoint's audio or video. */
  public void setForceMute(boolean audio, boolean video) {
    this.audioForceMuted = audio;
    this.videoForceMuted = video;
  }

  /** Whether this endpoint's audio (or video) is force-muted. */
  public boolean isForceMuted(boolean audio) {
    return audio ? audioForceMuted : videoForceMuted;
  }

  public VideoForwarding forwarding() {
    return forwarding;
  }

  /** The bridge's audio SSRC as signalled to this endpoint (jvb-a0). */
  public long localAudioSsrc() {
    return localAudioSsrc;
  }

  /** The bridge's video SSRC as signalled to this endpoint (jvb-v0): the sender of our RTCP. */
  public long localVideoSsrc() {
    return localVideoSsrc;
  }

  /** The colibri-ws {@code pwd}: 24 random alphanumerics, fixed for the endpoint's life. */
  public String colibriWsPassword() {
    return colibriWsPassword;
  }

  Host host() {
    return host;
  }

  VideobridgeConfig.Media config() {
    return config;
  }

  // --- what the allocator reads ------------------------------------------------------------------

  /**
   * The downlink bandwidth, bits per second: the receiver's {@code assumedBandwidthBps} while it
   * sets one (as jitsi-videobridge, it replaces the estimate until the receiver sends -1), else the
   * estimate from transport-wide feedback.
   */
  public long bandwidthEstimateBps() {
    long assumed = constraints.assumedBandwidthBps();
    return assumed > 0 ? Math.max(config.minBandwidthBps(), assumed) : bandwidth.estimateBps();
  }

  public boolean hasBandwidthFeedback() {
    return bandwidth.hasFeedback();
  }

  /** Height of a layer from its key frames, or the usual simulcast height for its index. */
  public int layerHeight(long ssrc, int index) {
    Integer h = layerHeights.get(ssrc);
    return h != null ? h : 180 << index;
  }

  /**
   * The key of a layer in the per-layer maps: the SSRC, and for one spatial layer of several on it,
   * that layer.
   */
  static long layerKey(long ssrc, int spatial) {
    return spatial < 0 ? ssrc : ssrc | ((long) (spatial + 1) << 32);
  }

  /** The key of one temporal layer of a layer in the per-layer maps. */
  static long temporalKey(long ssrc, int spatial, int temporal) {
    return layerKey(ssrc, spatial) | ((long) (temporal + 1) << 40);
  }

  /** How many temporal layers the SSRC carries; 1 when unknown or none. */
  public int temporalLayerCount(long ssrc) {
    return temporalLayers.getOrDefault(ssrc, 1);
  }

  /** A temporal layer's own bitrate over the last second, or 0 while unmeasured. */
  public long temporalBitrate(long ssrc, int spatial, int temporal, long nowNanos) {
    BitrateMeter m = temporalRates.get(temporalKey(ssrc, spatial, temporal));
    return m == null || !m.isFull(nowNanos) ? 0 : m.bps(nowNanos);
  }

  /** How many spatial layers the SSRC carries; 1 when it has no spatial layers. */
  public int spatialLayerCount(long ssrc) {
    return spatialLayers.getOrDefault(ssrc, 1);
  }

  /** The height of spatial layer {@code spatial} of an SSRC that carries several. */
  public int spatialHeight(long ssrc, int spatial) {
    Integer h = layerHeights.get(layerKey(ssrc, spatial));
    return h != null ? h : 180 << spatial;
  }

  /**
   * Whether packets of spatial layer {@code spatial} arrived on the SSRC in the last second. A
   * sender may stop a layer its scalability structure still announces (Chrome drops the upper
   * layers of its SVC under CPU or bandwidth limits).
   */
  public boolean isSending(long ssrc, int spatial, long nowNanos) {
    BitrateMeter m = spatialRates.get(layerKey(ssrc, spatial));
    return m != null && m.bps(nowNanos) > 0;
  }

  /** A spatial layer's own bitrate over the last second, or 0 while unmeasured. */
  public long spatialBitrate(long ssrc, int spatial, long nowNanos) {
    BitrateMeter m = spatialRates.get(layerKey(ssrc, spatial));
    return m == null || !m.isFull(nowNanos) ? 0 : m.bps(nowNanos);
  }

  /**
   * Whether packets arrived on the SSRC in the last second. Jitsi clients sending VP9 or AV1 SVC
   * signal three simulcast SSRCs and send on the first only.
   */
  public boolean isSending(long ssrc, long nowNanos) {
    BitrateMeter m = layerRates.get(ssrc);
    return m != null && m.bps(nowNanos) > 0;
  }

  /** Whether any packet ever arrived on the SSRC. */
  public boolean hasSent(long ssrc) {
    return layerRates.containsKey(ssrc);
  }

  /** The payload type a source (by primary SSRC) was last sent with, or -1. */
  public int sourcePayloadType(long primarySsrc) {
    return sourcePayloadTypes.getOrDefault(primarySsrc, -1);
  }

  /**
   * A layer's bitrate over the last second, or 0 until it has been measured over a whole second: a
   * partly filled window undercounts, which made every layer look cheap in its first second (the
   * allocator then forwarded 720p within a 150 kb/s estimate). With 0 the allocator assumes a
   * bitrate from the layer's height.
   */
  public long layerBitrate(long ssrc, long nowNanos) {
    BitrateMeter m = layerRates.get(ssrc);
    return m == null || !m.isFull(nowNanos) ? 0 : m.bps(nowNanos);
  }

  public boolean isConnected() {
    return transport.isConnected();
  }

  /** Nanoseconds since we last heard from the endpoint. */
  public long silentForNanos(long nowNanos) {
    return nowNanos - transport.lastHeardNanos();
  }

  public long packetsReceived() {
    return packetsReceived.sum();
  }

  public long packetsSent() {
    return packetsSent.sum();
  }

  public long bytesReceived() {
    return bytesReceived.sum();
  }

  public long bytesSent() {
    return bytesSent.sum();
  }

  /** What the bridge measured of this endpoint from its creation until {@code nowNanos}. */
  public MediaTotals mediaTotals(long nowNanos) {
    long lost = 0;
    for (ReceiveStreamStats s : receiveStats.values()) {
      lost += s.packetsLost();
    }
    return new MediaTotals(
        rtpPacketsReceived.sum(),
        lost,
        rtpBytesReceived.sum(),
        nowNanos - createdNanos,
        forwarding.layerSwitches());
  }

  public boolean isExpired() {
    return expired;
  }

  @Override
  public void close() {
    expired = true;
    receiveQueue.close();
    sendQueue.close();
    transport.close();
  }
}
