package org.huddle.videobridge.testkit;

import java.util.List;
import org.huddle.videobridge.colibri2.Colibri2;
import org.huddle.videobridge.colibri2.XmlElement;

/**
 * Colibri2 requests as Jicofo writes them (shared/WIRE.md §3), for tests: create a conference with
 * an endpoint, add an endpoint, set sources, expire.
 */
public final class Colibri2Requests {
  private Colibri2Requests() {}

  /** The audio and video sources of a simulcast sender. */
  public record Sources(long audioSsrc, List<Long> simulcast, List<Long> rtx) {
    /** One audio SSRC and three VP8 layers with their RTX SSRCs, derived from a base number. */
    public static Sources of(long base) {
      return new Sources(
          base, List.of(base + 10, base + 11, base + 12), List.of(base + 20, base + 21, base + 22));
    }
  }

  /** A conference-modify that creates the conference when {@code createConference}. */
  public static XmlElement conferenceModify(String meetingId, boolean createConference) {
    return new XmlElement(Colibri2.CONFERENCE_MODIFY, Colibri2.NS)
        .attr("meeting-id", meetingId)
        .attr("name", "room@conference.meet.jitsi")
        .attr("create", createConference ? "true" : null);
  }

  /** Adds an endpoint with the default media, the test endpoint's transport and its sources. */
  public static XmlElement createEndpoint(
      XmlElement conferenceModify, TestEndpoint endpoint, Sources sources) {
    XmlElement e =
        conferenceModify
            .add("endpoint", Colibri2.NS)
            .attr("id", endpoint.id())
            .attr("create", "true")
            .attr("stats-id", "stats-" + endpoint.id());
    media(e);
    e.add(endpoint.colibri2Transport());
    if (sources != null) {
      e.add(sources(endpoint.id(), sources));
    }
    e.add("capability", Colibri2.NS).attr("name", "source-names");
    return conferenceModify;
  }

  /** Jicofo's default offer, trimmed to what the bridge uses: Opus, VP8 with RTX. */
  public static void media(XmlElement endpoint) {
    XmlElement audio = endpoint.add("media", Colibri2.NS).attr("type", "audio");
    audio
        .add("payload-type", Colibri2.NS_RTP)
        .attr("id", MediaFactory.OPUS_PT)
        .attr("name", "opus")
        .attr("clockrate", 48000)
        .attr("channels", 2);
    audio
        .add("rtp-hdrext", Colibri2.NS_HDREXT)
        .attr("id", MediaFactory.AUDIO_LEVEL_ID)
        .attr("uri", "urn:ietf:params:rtp-hdrext:ssrc-audio-level");
    audio
        .add("rtp-hdrext", Colibri2.NS_HDREXT)
        .attr("id", MediaFactory.TRANSPORT_CC_ID)
        .attr("uri", "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");
    XmlElement video = endpoint.add("media", Colibri2.NS).attr("type", "video");
    XmlElement vp8 =
        video
            .add("payload-type", Colibri2.NS_RTP)
            .attr("id", MediaFactory.VP8_PT)
            .attr("name", "VP8")
            .attr("clockrate", 90000);
    vp8.add("rtcp-fb", Colibri2.NS_RTCP_FB).attr("type", "ccm").attr("subtype", "fir");
    vp8.add("rtcp-fb", Colibri2.NS_RTCP_FB).attr("type", "nack");
    vp8.add("rtcp-fb", Colibri2.NS_RTCP_FB).attr("type", "nack").attr("subtype", "pli");
    vp8.add("rtcp-fb", Colibri2.NS_RTCP_FB).attr("type", "transport-cc");
    XmlElement rtx =
        video
            .add("payload-type", Colibri2.NS_RTP)
            .attr("id", MediaFactory.VP8_RTX_PT)
            .attr("name", "rtx")
            .attr("clockrate", 90000);
    rtx.add("parameter", Colibri2.NS_RTP).attr("name", "apt").attr("value", MediaFactory.VP8_PT);
    video
        .add("rtp-hdrext", Colibri2.NS_HDREXT)
        .attr("id", MediaFactory.TRANSPORT_CC_ID)
        .attr("uri", "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");
  }

  /** The colibri2 {@code sources} of a sender: one audio source and one simulcast video source. */
  public static XmlElement sources(String owner, Sources s) {
    XmlElement sources = new XmlElement("sources", Colibri2.NS);
    XmlElement a =
        sources.add("media-source", Colibri2.NS).attr("type", "audio").attr("id", owner + "-a0");
    a.add("source", Colibri2.NS_SSMA).attr("ssrc", s.audioSsrc()).attr("name", owner + "-a0");
    XmlElement v =
        sources.add("media-source", Colibri2.NS).attr("type", "video").attr("id", owner + "-v0");
    for (int i = 0; i < s.simulcast().size(); i++) {
      v.add("source", Colibri2.NS_SSMA)
          .attr("ssrc", s.simulcast().get(i))
          .attr("name", owner + "-v0")
          .attr("videoType", "camera");
      v.add("source", Colibri2.NS_SSMA).attr("ssrc", s.rtx().get(i)).attr("name", owner + "-v0");
    }
    XmlElement sim = v.add("ssrc-group", Colibri2.NS_SSMA).attr("semantics", "SIM");
    s.simulcast().forEach(ssrc -> sim.add("source", Colibri2.NS_SSMA).attr("ssrc", ssrc));
    for (int i = 0; i < s.simulcast().size(); i++) {
      XmlElement fid = v.add("ssrc-group", Colibri2.NS_SSMA).attr("semantics", "FID");
      fid.add("source", Colibri2.NS_SSMA).attr("ssrc", s.simulcast().get(i));
      fid.add("source", Colibri2.NS_SSMA).attr("ssrc", s.rtx().get(i));
    }
    return sources;
  }

  /** The bridge's ICE-UDP transport for {@code endpointId} in a conference-modified answer. */
  public static XmlElement bridgeTransport(XmlElement conferenceModified, String endpointId) {
    return conferenceModified.children("endpoint", Colibri2.NS).stream()
        .filter(e -> endpointId.equals(e.attr("id")))
        .findFirst()
        .flatMap(e -> e.child("transport", Colibri2.NS))
        .flatMap(t -> t.child("transport", Colibri2.NS_ICE_UDP))
        .orElseThrow(
            () ->
                new AssertionError("no transport for " + endpointId + " in " + conferenceModified));
  }
}
