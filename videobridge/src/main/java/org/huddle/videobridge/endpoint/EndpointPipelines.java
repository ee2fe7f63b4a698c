package org.huddle.videobridge.endpoint;

import static org.huddle.rtp.PacketClass.DTLS;
import static org.huddle.rtp.PacketClass.RTCP;
import static org.huddle.rtp.PacketClass.RTP;
import static org.huddle.rtp.PacketClass.STUN;

import org.huddle.rtp.RtpHeader;
import org.huddle.rtp.TransportCc;
import org.huddle.videobridge.packet.Packet;
import org.huddle.videobridge.pipeline.AudioLevelReader;
import org.huddle.videobridge.pipeline.CodecParser;
import org.huddle.videobridge.pipeline.DtlsValidator;
import org.huddle.videobridge.pipeline.Node;
import org.huddle.videobridge.pipeline.PacketCapture;
import org.huddle.videobridge.pipeline.PacketClassifier;
import org.huddle.videobridge.pipeline.PacketInfo;
import org.huddle.videobridge.pipeline.Pipeline;
import org.huddle.videobridge.pipeline.PipelineStats;
import org.huddle.videobridge.pipeline.RtcpValidator;
import org.huddle.videobridge.pipeline.RtpParser;
import org.huddle.videobridge.pipeline.RtxTermination;
import org.huddle.videobridge.pipeline.SourceResolver;
import org.huddle.videobridge.pipeline.SrtpDecrypt;
import org.huddle.videobridge.pipeline.SrtpEncrypt;
import org.huddle.videobridge.rtcp.BitrateMeter;
import org.huddle.videobridge.rtcp.ReceiveStreamStats;
import org.huddle.videobridge.rtcp.SendStreamStats;
import org.huddle.videobridge.rtcp.SsrcSlots;

/** Builds an endpoint's two pipelines. Read each from top to bottom. */
final class EndpointPipelines {
  private static final int MAX_RECEIVE_STREAMS = 64;

  private final Endpoint e;
  private final PipelineStats stats;

  EndpointPipelines(Endpoint e, PipelineStats stats) {
    this.e = e;
    this.stats = stats;
  }

  /** What the endpoint sends us: demux, decrypt, parse, observe, route. */
  Pipeline receive(EndpointRtcp rtcp) {
    EndpointTransport t = e.transport();
    return Pipeline.builder(stats)
        .node(new PacketClassifier(stats))
        .demux(
            "ingress-demux",
            d ->
                d.path(
                        "dtls",
                        p -> p.packetClass == DTLS,
                        b -> b.node(new DtlsValidator(stats)).then(t::receiveDtls))
                    // The shared ports hand every well-formed STUN message to ice4j's stack
                    // (ice.StunMessages); what reaches us with a STUN first byte is malformed.
                    .path(
                        "stun",
                        p -> p.packetClass == STUN,
                        b -> b.node(new Node.Dropper("stun", "malformed", stats)).then(p -> {}))
                    .path(
                        "rtp",
                        p -> p.packetClass == RTP,
                        b ->
                            capture(
                                    b.node(new SrtpDecrypt(stats, t::srtp, false))
                                        .node(new RtpParser(stats, pt -> e.formats().kindOf(pt)))
                                        .node(new IngressStatistics())
                                        .node(new RtxTermination(stats, new SenderRtx()))
                                        .node(
                                            new SourceResolver(
                                                stats, ssrc -> e.sources().resolve(ssrc)))
                                        .node(new LossObserver())
                                        .node(
                                            new AudioLevelReader(
                                                stats,
                                                () ->
                                                    e.formats()
                                                        .extensionId(MediaFormats.AUDIO_LEVEL),
                                                e.host()::audioLevel))
                                        .node(new CodecParser(stats, new EndpointCodecs(e)))
                                        .node(new LayerStatistics()))
                                .then(p -> e.host().route(e, p)))
                    .path(
                        "rtcp",
                        p -> p.packetClass == RTCP,
                        b ->
                            b.node(new SrtpDecrypt(stats, t::srtp, true))
                                .node(new RtcpValidator(stats))
                                .then(rtcp::terminate)));
  }

  /** What we send the endpoint: project, tag, remember, count, encrypt, send. */
  Pipeline send() {
    EndpointTransport t = e.transport();
    return Pipeline.builder(stats)
        .demux(
            "egress-demux",
            d ->
                d.path(
                        "rtp",
                        p -> p.packetClass == RTP,
                        b ->
                            b.node(new Projection())
                                .node(new EgressStatistics())
                                .node(new SrtpEncrypt(stats, t::srtp))
                                .then(this::transmit))
                    .path(
                        "rtcp",
                        p -> p.packetClass == RTCP,
                        b -> b.node(new SrtpEncrypt(stats, t::srtp)).then(this::transmit)));
  }

  private void transmit(PacketInfo p) {
    e.packetsSent.increment();
    e.bytesSent.add(p.packet().length());
    e.transport().send(p);
  }

  /** RTX maps from the sender's signalling. */
  private final class SenderRtx implements RtxTermination.RtxMap {
    @Override
    public long primaryOf(long rtxSsrc) {
      return e.sources().primaryOfRtx(rtxSsrc);
    }

    @Override
    public int associatedPayloadType(int rtxPayloadType) {
      return e.formats().associatedPayloadType(rtxPayloadType);
    }
  }

  /**
   * Reception statistics for receiver reports, transport-cc arrivals, and per-SSRC bitrates for the
   * allocator.
   */
  private final class IngressStatistics extends Node.Observer {
    IngressStatistics() {
      super("ingress-statistics", stats);
    }

    @Override
    protected void observe(PacketInfo p) {
      Packet k = p.packet();
      byte[] b = k.buffer();
      int o = k.offset();
      long now = p.receivedNanos();
      e.rtpPacketsReceived.increment();
      e.rtpBytesReceived.add(k.length());
      int tccId = e.formats().extensionId(MediaFormats.TRANSPORT_CC);
      int tccSeq = TransportCc.readSequence(b, o, k.length(), tccId);
      if (tccSeq >= 0) {
        e.transportCc.record(tccSeq, now);
      }
      ReceiveStreamStats s = e.receiveStats.get(p.ssrc);
      if (s == null && e.receiveStats.size() < MAX_RECEIVE_STREAMS) {
        s = new ReceiveStreamStats(p.ssrc, p.audio ? 48_000 : 90_000);
        e.receiveStats.put(p.ssrc, s);
      }
      if (s != null) {
        s.received(p.sequenceNumber, RtpHeader.timestamp(b, o), now);
      }
      if (!p.audio && e.layerRates.size() < MAX_RECEIVE_STREAMS) {
        e.layerRates.computeIfAbsent(p.ssrc, x -> new BitrateMeter()).add(k.length(), now);
      }
    }
  }

  /** Adds the packet capture when a folder is configured (a debugging aid); else nothing. */
  private Pipeline.Builder capture(Pipeline.Builder b) {
    String dir = e.config().captureDir();
    if (dir == null || dir.isBlank()) {
      return b;
    }
    return b.node(
        new PacketCapture(
            stats, java.nio.file.Path.of(dir), e.id(), e.config().capturePacketsPerStream()));
  }

  /**
   * Per spatial layer bitrates (VP9 and AV1 send all of a source's spatial layers on one SSRC), and
   * each source's current payload type, for the allocator.
   */
  private final class LayerStatistics extends Node.Observer {
    LayerStatistics() {
      super("layer-statistics", stats);
    }

    @Override
    protected void observe(PacketInfo p) {
      if (p.audio) {
        return;
      }
      if (p.primarySsrc >= 0) {
        Integer known = e.sourcePayloadTypes.get(p.primarySsrc);
        if (known == null
            ? e.sourcePayloadTypes.size() < MAX_RECEIVE_STREAMS
            : known != p.payloadType) { // written only when it changes: this runs per packet
          e.sourcePayloadTypes.put(p.primarySsrc, p.payloadType);
        }
      }
      if (p.temporal >= 0 && p.temporal < 8 && e.temporalRates.size() < MAX_RECEIVE_STREAMS * 16) {
        if (e.temporalLayers.size() < MAX_RECEIVE_STREAMS || e.temporalLayers.containsKey(p.ssrc)) {
          e.temporalLayers.merge(p.ssrc, p.temporal + 1, Math::max);
        }
        e.temporalRates
            .computeIfAbsent(
                Endpoint.temporalKey(p.ssrc, p.spatial, p.temporal), x -> new BitrateMeter())
            .add(p.packet().length(), p.receivedNanos());
      }
      if (p.spatial >= 0 && e.spatialRates.size() < MAX_RECEIVE_STREAMS * 4) {
        e.spatialRates
            .computeIfAbsent(Endpoint.layerKey(p.ssrc, p.spatial), x -> new BitrateMeter())
            .add(p.packet().length(), p.receivedNanos());
      }
    }
  }

  /** Notes gaps in each video stream (after RTX termination, so retransmissions fill them). */
  private final class LossObserver extends Node.Observer {
    LossObserver() {
      super("loss-observer", stats);
    }

    @Override
    protected void observe(PacketInfo p) {
      if (!p.audio) {
        e.losses.received(p.ssrc, p.sequenceNumber, p.receivedNanos());
      }
    }
  }

  /**
   * Applies the receiver's simulcast projection to video; audio passes. First, a packet shared by
   * the fan-out is copied into this receiver's buffer, which the nodes after it rewrite and encrypt
   * in place: one buffer per receiver, reused for every packet, since the send pipeline finishes
   * each packet (the transport's send copies or sends it) before it starts the next.
   */
  private final class Projection extends Node {
    private Packet scratch;

    Projection() {
      super("video-projection", stats);
    }

    @Override
    protected PacketInfo handle(PacketInfo p) {
      if (p.shared()) {
        scratch = p.own(scratch);
      }
      if (p.audio || p.retransmission) {
        return p;
      }
      VideoProjection v = e.forwarding().projection(p.primarySsrc);
      if (v == null) {
        return drop("not-forwarded");
      }
      return switch (v.project(p, System.nanoTime())) {
        case FORWARD -> p;
        case DROP -> drop("other-layer");
        case NEED_KEYFRAME -> {
          e.host().keyframeRequested(e, p.primarySsrc);
          yield drop("awaiting-keyframe");
        }
      };
    }
  }

  /**
   * Transport-wide sequence numbers of our own (the receiver's congestion controller sees one
   * transport), the retransmission cache, and sender statistics.
   */
  private final class EgressStatistics extends Node.Observer {
    /**
     * The endpoint's send statistics by SSRC without the map's boxed key per packet (a profile
     * showed that lookup as a tenth of the forwarding time). Touched on the send thread only;
     * {@code e.sendStats} keeps every entry, so what is here is what the reports read.
     */
    private final SsrcSlots<SendStreamStats> sendStatsBySsrc = new SsrcSlots<>(MAX_RECEIVE_STREAMS);

    EgressStatistics() {
      super("egress-statistics", stats);
    }

    private SendStreamStats sendStats(long ssrc, boolean audio) {
      SendStreamStats s = sendStatsBySsrc.get(ssrc);
      if (s == null) {
        s = e.sendStats.computeIfAbsent(ssrc, x -> new SendStreamStats(x, audio ? 48_000 : 90_000));
        sendStatsBySsrc.add(ssrc, s);
      }
      return s;
    }

    @Override
    protected void observe(PacketInfo p) {
      Packet k = p.packet();
      byte[] b = k.buffer();
      int o = k.offset();
      long now = System.nanoTime();
      int tccId = e.formats().extensionId(MediaFormats.TRANSPORT_CC);
      if (tccId > 0) {
        int seq = e.transportCcSeqOut & 0xffff;
        if (TransportCc.writeSequence(b, o, k.length(), tccId, seq)) {
          e.transportCcSeqOut++;
          e.bandwidth.sent(seq, k.length(), now);
        }
      }
      long ssrc = RtpHeader.ssrc(b, o);
      if (!p.retransmission) {
        if (!p.audio) { // audio is not retransmitted: Opus has its own FEC
          e.retransmissions.store(ssrc, RtpHeader.sequenceNumber(b, o), k, p.source(), now);
        }
        SendStreamStats s = sendStats(ssrc, p.audio);
        s.sent(RtpHeader.timestamp(b, o), RtpHeader.payloadLength(b, o, k.length()), now);
      }
    }
  }
}
