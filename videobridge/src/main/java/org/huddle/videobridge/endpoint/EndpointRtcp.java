package org.huddle.videobridge.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.huddle.rtp.Bytes;
import org.huddle.rtp.Rtcp;
import org.huddle.rtp.RtcpFeedback;
import org.huddle.rtp.RtpHeader;
import org.huddle.rtp.TransportCc;
import org.huddle.videobridge.packet.Packet;
import org.huddle.videobridge.pipeline.PacketInfo;
import org.huddle.videobridge.pipeline.PipelineStats;
import org.huddle.videobridge.rtcp.ReceiveStreamStats;
import org.huddle.videobridge.rtcp.SendStreamStats;

/**
 * The RTCP of one endpoint, terminated as an SFU must (RFC 7667 §3.7): reports it sends are
 * consumed and ours regenerated; key frame requests go to the conference, which forwards them to
 * the sender, rate-limited; NACKs are answered from our retransmission cache; transport-cc feedback
 * feeds this receiver's bandwidth estimate.
 */
final class EndpointRtcp {
  private final Endpoint e;
  private final PipelineStats stats;
  private final Map<Long, Integer> rtxSequence = new ConcurrentHashMap<>();
  private int firSequence;

  EndpointRtcp(Endpoint e, PipelineStats stats) {
    this.e = e;
    this.stats = stats;
  }

  synchronized int nextFirSequence() {
    return firSequence++ & 0xff;
  }

  /** Consumes one decrypted, validated compound packet the endpoint sent. */
  void terminate(PacketInfo p) {
    Packet k = p.packet();
    long now = System.nanoTime();
    Rtcp.forEach(
        k.buffer(),
        k.offset(),
        k.length(),
        (type, fmt, off, len) -> {
          byte[] b = k.buffer();
          switch (type) {
            case Rtcp.SR -> {
              stats.add("rtcp.rx.sr", 1);
              ReceiveStreamStats s = e.receiveStats.get(Rtcp.senderSsrc(b, off));
              if (s != null) {
                s.senderReport(Rtcp.srCompactNtp(b, off), now);
              }
            }
            case Rtcp.RR -> stats.add("rtcp.rx.rr", 1);
            case Rtcp.PSFB -> {
              if (fmt == RtcpFeedback.FMT_PLI) {
                stats.add("rtcp.rx.pli", 1);
                e.host().keyframeRequested(e, Rtcp.mediaSsrc(b, off));
              } else if (fmt == RtcpFeedback.FMT_FIR) {
                stats.add("rtcp.rx.fir", 1);
                long target = RtcpFeedback.firTargetSsrc(b, off, len);
                if (target >= 0) {
                  e.host().keyframeRequested(e, target);
                }
              } else {
                stats.add("rtcp.rx.psfb-other", 1);
              }
            }
            case Rtcp.RTPFB -> {
              if (fmt == RtcpFeedback.FMT_NACK) {
                stats.add("rtcp.rx.nack", 1);
                answerNack(Rtcp.mediaSsrc(b, off), RtcpFeedback.nackedSequenceNumbers(b, off, len));
              } else if (fmt == RtcpFeedback.FMT_TRANSPORT_CC) {
                stats.add("rtcp.rx.transport-cc", 1);
                e.bandwidth.beginFeedback();
                TransportCc.read(b, off, len, e.bandwidth::feedback);
                e.bandwidth.endFeedback(now);
              }
            }
            default -> stats.add("rtcp.rx.other", 1);
          }
        });
  }

  private void answerNack(long ssrc, List<Integer> seqs) {
    long now = System.nanoTime();
    for (int seq : seqs) {
      Packet cached = e.retransmissions.get(ssrc, seq, now);
      if (cached == null) {
        stats.add("retransmissions.missed", 1);
        continue;
      }
      PacketInfo out = new PacketInfo(toRtx(cached, ssrc), now);
      stats.add("retransmissions.sent", 1);
      e.sendRetransmission(out);
    }
  }

  /** Wraps a cached packet in RTX (RFC 4588 §4) when the receiver negotiated it. */
  private Packet toRtx(Packet original, long ssrc) {
    byte[] b = original.buffer();
    int o = original.offset();
    int pt = RtpHeader.payloadType(b, o);
    int rtxPt = e.formats().rtxPayloadTypeFor(pt);
    long rtxSsrc = e.host().rtxSsrcFor(ssrc);
    if (rtxPt < 0 || rtxSsrc < 0) {
      stats.add("retransmissions.plain", 1);
      return original;
    }
    stats.add("retransmissions.rtx", 1);
    int len = original.length();
    int header = RtpHeader.headerLength(b, o, len);
    int osn = RtpHeader.sequenceNumber(b, o);
    Packet rtx = Packet.copyOf(b, o, header);
    rtx.setLength(len + 2);
    byte[] r = rtx.buffer();
    Bytes.put16(r, header, osn);
    System.arraycopy(b, o + header, r, header + 2, len - header);
    int seq = rtxSequence.merge(rtxSsrc, 1, Integer::sum) & 0xffff;
    RtpHeader.setPayloadType(r, 0, rtxPt);
    RtpHeader.setSsrc(r, 0, rtxSsrc);
    RtpHeader.setSequenceNumber(r, 0, seq);
    return rtx;
  }

  /**
   * Sender reports for what we forward to the endpoint, then a receiver report for what it sends.
   */
  void sendReports(long wallMillis, long nowNanos) {
    List<SendStreamStats> sent = new ArrayList<>(e.sendStats.values());
    List<Rtcp.ReportBlock> blocks = new ArrayList<>();
    for (ReceiveStreamStats s : e.receiveStats.values()) {
      Rtcp.ReportBlock block = s.reportBlock(nowNanos);
      if (block != null) {
        blocks.add(block);
      }
    }
    byte[] buf =
        new byte[28 * sent.size() + 8 + 24 * Math.min(31, blocks.size()) + Packet.TAIL_ROOM];
    int len = 0;
    for (SendStreamStats s : sent) {
      len += s.writeSenderReport(buf, len, wallMillis, nowNanos);
    }
    if (!blocks.isEmpty() || len == 0) {
      len += Rtcp.writeReceiverReport(buf, len, e.localVideoSsrc(), blocks);
    }
    stats.add("rtcp.tx.reports", 1);
    e.sendRtcp(Packet.wrap(buf, 0, len));
  }

  /** Asks the endpoint (a sender) to retransmit what did not arrive, when it negotiated NACK. */
  void sendNacks(long nowNanos) {
    if (!e.formats().supportsNack()) {
      return;
    }
    for (var due : e.losses.due(nowNanos).entrySet()) {
      int[] seqs = due.getValue();
      byte[] buf = new byte[12 + 4 * seqs.length + Packet.TAIL_ROOM];
      int len = RtcpFeedback.writeNack(buf, 0, e.localVideoSsrc(), due.getKey(), seqs);
      stats.add("rtcp.tx.nack", 1);
      e.sendRtcp(Packet.wrap(buf, 0, len));
    }
  }

  /** Transport-cc feedback for the endpoint's congestion controller. */
  void sendTransportCcFeedback() {
    byte[] buf = new byte[20 + 2 * 143 + 2 * 1000 + 4 + Packet.TAIL_ROOM];
    long media = e.receiveStats.keySet().stream().findFirst().orElse(0L);
    int len = e.transportCc.writeFeedback(buf, 0, e.localVideoSsrc(), media);
    if (len > 0) {
      stats.add("rtcp.tx.transport-cc", 1);
      e.sendRtcp(Packet.wrap(buf, 0, len));
    }
  }
}
