package org.huddle.videobridge.colibri2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.colibri2.Media;
import org.huddle.signalling.colibri2.MediaSource;
import org.huddle.signalling.colibri2.Sources;
import org.huddle.signalling.jingle.DtlsFingerprint;
import org.huddle.signalling.jingle.IceUdpTransport;
import org.huddle.signalling.jingle.Parameter;
import org.huddle.signalling.jingle.RtcpFb;
import org.huddle.signalling.jingle.RtpHdrExt;
import org.huddle.signalling.jingle.SsmaSource;
import org.huddle.signalling.jingle.SsrcGroup;
import org.huddle.videobridge.endpoint.MediaFormats;
import org.huddle.videobridge.endpoint.MediaSourceDesc;
import org.huddle.videobridge.endpoint.PayloadType;
import org.huddle.videobridge.ice.IceCandidate;

/**
 * Turns the Colibri2 elements of the signalling module into the bridge's own model and back: media
 * formats, the remote and local ICE-UDP transports, source descriptions and the bridge's feedback
 * sources (docs/wire.md#colibri2).
 */
public final class Colibri2Codec {
  private Colibri2Codec() {}

  /** The remote side of an ICE-UDP transport. */
  public record RemoteTransport(
      String ufrag,
      String password,
      List<IceCandidate> candidates,
      String fingerprintHash,
      String fingerprint,
      String setup) {}

  /** The {@code media} of an endpoint as formats; null when there are none. */
  public static MediaFormats media(List<Media> media) {
    if (media.isEmpty()) {
      return null;
    }
    List<PayloadType> audio = new ArrayList<>();
    List<PayloadType> video = new ArrayList<>();
    Map<String, Integer> extensions = new HashMap<>();
    for (Media m : media) {
      List<PayloadType> into = "audio".equals(m.type()) ? audio : video;
      for (var pt : m.payloadTypes()) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Parameter p : pt.parameters()) {
          params.put(p.name() == null ? "" : p.name(), p.value());
        }
        into.add(
            new PayloadType(
                pt.id(),
                pt.name() == null ? "" : pt.name(),
                pt.clockrate() == null ? 0 : pt.clockrate(),
                pt.channels() == null ? 1 : pt.channels(),
                params,
                pt.feedback().stream().map(RtcpFb::sdp).toList()));
      }
      for (RtpHdrExt h : m.headerExtensions()) {
        if (h.usable()) {
          extensions.put(h.uri(), h.id());
        }
      }
    }
    return new MediaFormats(audio, video, extensions);
  }

  /** Reads a remote ICE-UDP transport, with XEP-0176's defaults for what a candidate leaves out. */
  public static RemoteTransport transport(IceUdpTransport ice) {
    List<IceCandidate> candidates = new ArrayList<>();
    for (var c : ice.candidates()) {
      candidates.add(
          new IceCandidate(
              c.component() == null ? 1 : c.component(),
              c.foundation() == null ? "1" : c.foundation(),
              c.generation() == null ? 0 : c.generation(),
              c.id(),
              c.ip(),
              c.port() == null ? 0 : c.port(),
              c.priority() == null ? 0 : c.priority(),
              c.protocol() == null ? "udp" : c.protocol(),
              c.type() == null ? "host" : c.type(),
              c.relAddr(),
              c.relPort() == null ? 0 : c.relPort(),
              c.tcpType()));
    }
    DtlsFingerprint fp = ice.fingerprint();
    return new RemoteTransport(
        ice.ufrag(),
        ice.password(),
        candidates,
        fp == null ? null : fp.hash(),
        fp == null ? null : fp.value(),
        fp == null ? null : fp.setup());
  }

  /** Our ICE-UDP transport: DTLS {@code actpass} with a SHA-256 fingerprint. */
  public static IceUdpTransport transport(
      String ufrag,
      String password,
      List<IceCandidate> candidates,
      String fingerprint,
      String webSocketUrl) {
    List<org.huddle.signalling.jingle.IceCandidate> out = new ArrayList<>();
    for (IceCandidate c : candidates) {
      out.add(
          new org.huddle.signalling.jingle.IceCandidate(
              c.component(),
              c.foundation(),
              c.generation(),
              c.id(),
              c.ip(),
              0,
              c.port(),
              c.priority(),
              c.protocol(),
              c.type(),
              c.relAddr(),
              c.relAddr() == null ? null : c.relPort(),
              c.tcpType()));
    }
    return new IceUdpTransport(
        ufrag,
        password,
        out,
        true,
        new DtlsFingerprint("sha-256", "actpass", null, fingerprint),
        webSocketUrl == null ? null : new org.huddle.signalling.jingle.WebSocket(webSocketUrl));
  }

  /** The sources of an endpoint as source descriptions, one per media-source with an SSRC. */
  public static List<MediaSourceDesc> sources(Sources sources, String owner)
      throws SignallingException {
    List<MediaSourceDesc> out = new ArrayList<>();
    for (MediaSource ms : sources.mediaSources()) {
      boolean video = "video".equals(ms.type());
      if (!video && !"audio".equals(ms.type())) {
        throw SignallingException.badRequest("media-source type must be audio or video");
      }
      List<Long> ssrcs = new ArrayList<>();
      String videoType = null;
      for (SsmaSource s : ms.sources()) {
        ssrcs.add(s.ssrc());
        if (s.videoType() != null) {
          videoType = s.videoType();
        }
      }
      List<Long> sim = new ArrayList<>();
      Map<Long, Long> rtx = new HashMap<>();
      for (SsrcGroup g : ms.groups()) {
        if (g.isSimulcast()) {
          sim = g.ssrcs();
        } else if (g.isRetransmission()) {
          if (g.ssrcs().size() != 2) {
            throw SignallingException.badRequest("an FID group has two sources");
          }
          rtx.put(g.ssrcs().get(0), g.ssrcs().get(1));
        }
      }
      List<Long> layers = new ArrayList<>(sim);
      if (layers.isEmpty()) {
        for (long ssrc : ssrcs) {
          if (!rtx.containsValue(ssrc)) {
            layers.add(ssrc);
            break;
          }
        }
      }
      if (layers.isEmpty()) {
        continue;
      }
      String name = ms.id() == null ? owner + (video ? "-v" : "-a") + out.size() : ms.id();
      out.add(new MediaSourceDesc(name, owner, video, layers, rtx, videoType));
    }
    return out;
  }

  /** The bridge's own feedback sources (owner "jvb" to the focus). */
  public static Sources feedbackSources(long audioSsrc, long videoSsrc) {
    return new Sources(
        List.of(
            feedbackSource("audio", "jvb-a0", audioSsrc),
            feedbackSource("video", "jvb-v0", videoSsrc)));
  }

  private static MediaSource feedbackSource(String type, String name, long ssrc) {
    return new MediaSource(
        type, name, List.of(new SsmaSource(ssrc, name, null, null, null)), List.of());
  }
}
