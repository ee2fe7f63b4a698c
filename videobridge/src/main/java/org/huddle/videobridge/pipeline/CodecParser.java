package org.huddle.videobridge.pipeline;

import org.huddle.rtp.Av1DependencyDescriptor;
import org.huddle.rtp.Av1TemplateStructure;
import org.huddle.rtp.H264Payload;
import org.huddle.rtp.HeaderExtensions;
import org.huddle.rtp.RtpHeader;
import org.huddle.rtp.VideoCodec;
import org.huddle.rtp.Vp8Descriptor;
import org.huddle.rtp.Vp9Descriptor;
import org.huddle.videobridge.packet.Packet;

/**
 * Reads each video packet's codec framing: where receivers may start (key frames), which spatial
 * and temporal layer it belongs to, and how tall each layer is. VP8 (RFC 7741), VP9 (RFC 9628),
 * H.264 (RFC 6184) and AV1 (its dependency descriptor header extension) are read; other codecs pass
 * unread. Malformed payloads are dropped and counted by codec and reason; the rest of the stream
 * keeps flowing.
 */
public final class CodecParser extends Node {
  /** What the parser needs from, and tells, the sending endpoint. */
  public interface Sender {
    /** The codec of a video payload type. */
    VideoCodec codecOf(int payloadType);

    /** The AV1 dependency descriptor's header extension id, or -1. */
    int dependencyDescriptorId();

    /** A layer's frame height: {@code spatial} -1 for the whole SSRC. */
    void height(long ssrc, int spatial, int height);

    /** How many spatial layers an SSRC carries, from a VP9 or AV1 structure. */
    void spatialLayers(long ssrc, int count);

    /** The last AV1 template structure seen on an SSRC, or null. */
    Av1TemplateStructure av1Structure(long ssrc);

    void av1Structure(long ssrc, Av1TemplateStructure structure);

    /** Asks the sender for a key frame on an SSRC (rate-limited by the callee). */
    void requestKeyframe(long ssrc);
  }

  private final Sender sender;

  public CodecParser(PipelineStats stats, Sender sender) {
    super("codec-parser", stats);
    this.sender = sender;
  }

  @Override
  protected PacketInfo handle(PacketInfo p) {
    if (p.audio) {
      return p;
    }
    VideoCodec codec = sender.codecOf(p.payloadType);
    p.codec = codec;
    Packet k = p.packet();
    byte[] b = k.buffer();
    int o = k.offset();
    int payload = o + RtpHeader.headerLength(b, o, k.length());
    int payloadLen = RtpHeader.payloadLength(b, o, k.length());
    if (payloadLen <= 0 && codec != VideoCodec.AV1) {
      return p; // padding-only packets carry no frame data
    }
    return switch (codec) {
      case VP8 -> vp8(p, b, payload, payloadLen);
      case VP9 -> vp9(p, b, payload, payloadLen);
      case H264 -> h264(p, b, payload, payloadLen);
      case AV1 -> av1(p, b, o, k.length());
      default -> p;
    };
  }

  private PacketInfo vp8(PacketInfo p, byte[] b, int payload, int payloadLen) {
    if (Vp8Descriptor.length(b, payload, payloadLen) < 0) {
      return drop("vp8-malformed");
    }
    p.keyFrame = Vp8Descriptor.isKeyFrame(b, payload, payloadLen);
    if (p.keyFrame) {
      int h = Vp8Descriptor.keyFrameHeight(b, payload, payloadLen);
      if (h > 0) {
        sender.height(p.ssrc, -1, h);
      }
    }
    return p;
  }

  private PacketInfo vp9(PacketInfo p, byte[] b, int payload, int payloadLen) {
    if (Vp9Descriptor.length(b, payload, payloadLen) < 0) {
      return drop("vp9-malformed");
    }
    p.keyFrame = Vp9Descriptor.isKeyFrame(b, payload, payloadLen);
    p.spatial = Vp9Descriptor.spatialId(b, payload, payloadLen);
    p.temporal = Vp9Descriptor.temporalId(b, payload, payloadLen);
    p.endOfFrame = Vp9Descriptor.isEndOfFrame(b, payload, payloadLen);
    p.predicted = Vp9Descriptor.isInterPicturePredicted(b, payload, payloadLen);
    // Full SVC: a delta frame that refers to the layer below (D), or that an upper layer refers
    // to (Z clear). Z tells it already on S0 of the first delta picture, before any upper layer.
    p.interLayerDeltas =
        p.predicted
            && (p.spatial > 0 && Vp9Descriptor.interLayerDependency(b, payload, payloadLen)
                || !Vp9Descriptor.isNotReferenceForUpperLayer(b, payload, payloadLen));
    int layers = Vp9Descriptor.spatialLayerCount(b, payload, payloadLen);
    if (layers > 0) {
      sender.spatialLayers(p.ssrc, layers);
      for (int i = 0; i < layers; i++) {
        int h = Vp9Descriptor.ssHeight(b, payload, payloadLen, i);
        if (h > 0) {
          sender.height(p.ssrc, layers > 1 ? i : -1, h);
        }
      }
    }
    return p;
  }

  private PacketInfo h264(PacketInfo p, byte[] b, int payload, int payloadLen) {
    if (!H264Payload.isValid(b, payload, payloadLen)) {
      return drop("h264-malformed");
    }
    boolean sps = H264Payload.carriesSps(b, payload, payloadLen);
    // Chrome sends SPS and PPS in the packet before an IDR: a receiver must start there.
    p.keyFrame = sps || H264Payload.isKeyFrame(b, payload, payloadLen);
    if (sps) {
      int h = H264Payload.spsHeight(b, payload, payloadLen);
      if (h > 0) {
        sender.height(p.ssrc, -1, h);
      }
    }
    return p;
  }

  private PacketInfo av1(PacketInfo p, byte[] b, int o, int len) {
    long found = HeaderExtensions.find(b, o, len, sender.dependencyDescriptorId());
    if (found < 0) {
      return p; // without the descriptor the bridge forwards AV1 as one undivided stream
    }
    int at = HeaderExtensions.dataOffset(found);
    int n = HeaderExtensions.dataLength(found);
    Av1DependencyDescriptor d;
    try {
      d = Av1DependencyDescriptor.parse(b, at, n, sender.av1Structure(p.ssrc));
    } catch (Av1DependencyDescriptor.Invalid e) {
      if (e.reason() == Av1DependencyDescriptor.Invalid.Reason.NO_STRUCTURE) {
        sender.requestKeyframe(p.ssrc); // the next key frame carries the structure
      }
      return drop("av1-" + e.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }
    p.av1 = d;
    p.av1Structure = d.structure() != null ? d.structure() : sender.av1Structure(p.ssrc);
    if (d.structure() != null) {
      Av1TemplateStructure s = d.structure();
      sender.av1Structure(p.ssrc, s);
      int layers = s.maxSpatialId() + 1;
      sender.spatialLayers(p.ssrc, layers);
      for (int i = 0; i < layers; i++) {
        int h = s.maxHeight(i);
        if (h > 0) {
          sender.height(p.ssrc, layers > 1 ? i : -1, h);
        }
      }
    }
    p.av1DescriptorAt = at - o;
    p.keyFrame = d.isKeyFrame();
    p.spatial = d.spatialId();
    p.temporal = d.temporalId();
    p.endOfFrame = d.endOfFrame();
    p.predicted = !d.fdiffs().isEmpty();
    return p;
  }
}
