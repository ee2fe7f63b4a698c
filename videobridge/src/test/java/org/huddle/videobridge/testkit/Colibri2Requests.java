package org.huddle.videobridge.testkit;

import java.util.ArrayList;
import java.util.List;
import org.huddle.rtp.testkit.MediaFactory;
import org.huddle.signalling.colibri2.Capability;
import org.huddle.signalling.colibri2.ConferenceModify;
import org.huddle.signalling.colibri2.Endpoint;
import org.huddle.signalling.colibri2.Media;
import org.huddle.signalling.colibri2.MediaSource;
import org.huddle.signalling.colibri2.Transport;
import org.huddle.signalling.jingle.IceUdpTransport;
import org.huddle.signalling.jingle.Parameter;
import org.huddle.signalling.jingle.PayloadType;
import org.huddle.signalling.jingle.RtcpFb;
import org.huddle.signalling.jingle.RtpHdrExt;
import org.huddle.signalling.jingle.SsmaSource;
import org.huddle.signalling.jingle.SsrcGroup;
import org.huddle.xmpp.codec.Element;

/**
 * Colibri2 requests as Jicofo writes them (docs/wire.md#colibri2), for tests: create a conference
 * with an endpoint, add an endpoint, set sources, expire.
 */
public final class Colibri2Requests {
  private Colibri2Requests() {}

  private static final String TCC =
      "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

  /** The audio and video sources of a simulcast sender. */
  public record Sources(long audioSsrc, List<Long> simulcast, List<Long> rtx) {
    /** One audio SSRC and three VP8 layers with their RTX SSRCs, derived from a base number. */
    public static Sources of(long base) {
      return new Sources(
          base, List.of(base + 10, base + 11, base + 12), List.of(base + 20, base + 21, base + 22));
    }
  }

  /** A conference-modify that creates the conference when {@code createConference}. */
  public static Element conferenceModify(String meetingId, boolean createConference) {
    return new ConferenceModify(
            meetingId, "room@conference.meet.jitsi", createConference, false, List.of(), 0)
        .toElement();
  }

  /** Adds an endpoint with the default media, the test endpoint's transport and its sources. */
  public static Element createEndpoint(
      Element conferenceModify, TestEndpoint endpoint, Sources sources) {
    Endpoint.Builder e =
        Endpoint.builder(endpoint.id())
            .create()
            .statsId("stats-" + endpoint.id())
            .media(media())
            .transport(endpoint.colibri2Transport())
            .capability(Capability.SOURCE_NAMES);
    if (sources != null) {
      e.sources(sources(endpoint.id(), sources));
    }
    return conferenceModify.add(e.build().toElement());
  }

  /** Jicofo's default offer, trimmed to what the bridge uses: Opus, VP8 with RTX, VP9. */
  public static List<Media> media() {
    Media audio =
        new Media(
            "audio",
            List.of(PayloadType.of(MediaFactory.OPUS_PT, "opus", 48000).withChannels(2)),
            List.of(
                new RtpHdrExt(
                    MediaFactory.AUDIO_LEVEL_ID, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
                new RtpHdrExt(MediaFactory.TRANSPORT_CC_ID, TCC)),
            false);
    PayloadType vp8 = video(MediaFactory.VP8_PT, "VP8");
    PayloadType rtx =
        PayloadType.of(MediaFactory.VP8_RTX_PT, "rtx", 90000)
            .with(new Parameter("apt", String.valueOf(MediaFactory.VP8_PT)));
    PayloadType vp9 = video(MediaFactory.VP9_PT, "VP9");
    Media video =
        new Media(
            "video",
            List.of(vp8, rtx, vp9),
            List.of(new RtpHdrExt(MediaFactory.TRANSPORT_CC_ID, TCC)),
            false);
    return List.of(audio, video);
  }

  /** A video payload type with the feedback Chrome offers: FIR, NACK, PLI and transport-cc. */
  private static PayloadType video(int pt, String name) {
    return PayloadType.of(pt, name, 90000)
        .with(new RtcpFb("ccm", "fir"))
        .with(new RtcpFb("nack", null))
        .with(new RtcpFb("nack", "pli"))
        .with(new RtcpFb("transport-cc", null));
  }

  /** The colibri2 {@code sources} of a sender: one audio source and one simulcast video source. */
  public static org.huddle.signalling.colibri2.Sources sources(String owner, Sources s) {
    MediaSource audio =
        new MediaSource(
            "audio",
            owner + "-a0",
            List.of(new SsmaSource(s.audioSsrc(), owner + "-a0", null, null, null)),
            List.of());
    List<SsmaSource> video = new ArrayList<>();
    List<SsrcGroup> groups = new ArrayList<>();
    for (int i = 0; i < s.simulcast().size(); i++) {
      video.add(new SsmaSource(s.simulcast().get(i), owner + "-v0", "camera", null, null));
      video.add(new SsmaSource(s.rtx().get(i), owner + "-v0", null, null, null));
    }
    groups.add(new SsrcGroup(SsrcGroup.SIMULCAST, s.simulcast()));
    for (int i = 0; i < s.simulcast().size(); i++) {
      groups.add(
          new SsrcGroup(SsrcGroup.RETRANSMISSION, List.of(s.simulcast().get(i), s.rtx().get(i))));
    }
    return new org.huddle.signalling.colibri2.Sources(
        List.of(audio, new MediaSource("video", owner + "-v0", video, groups)));
  }

  /** The bridge's ICE-UDP transport for {@code endpointId} in a conference-modified answer. */
  public static Element bridgeTransport(Element conferenceModified, String endpointId) {
    for (Element e : conferenceModified.elements(Endpoint.ELEMENT, Endpoint.NAMESPACE)) {
      if (endpointId.equals(e.attr("id"))) {
        Element outer = e.child(Transport.ELEMENT, Transport.NAMESPACE);
        Element ice =
            outer == null ? null : outer.child(IceUdpTransport.ELEMENT, IceUdpTransport.NAMESPACE);
        if (ice != null) {
          return ice;
        }
      }
    }
    throw new AssertionError("no transport for " + endpointId + " in " + conferenceModified);
  }
}
