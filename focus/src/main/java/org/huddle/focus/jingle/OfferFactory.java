package org.huddle.focus.jingle;

import java.util.ArrayList;
import java.util.List;
import org.huddle.focus.FocusConfig;
import org.huddle.focus.source.SourceCodec;
import org.huddle.xmpp.codec.Element;

/**
 * The contents of Jicofo's offer (shared/WIRE.md §2): Opus (and optional RED and telephone-event),
 * AV1, VP8, H264 and VP9 as configured, each video codec with its RTX, the RTCP feedback and header
 * extensions, and no {@code data} content, so Jitsi clients use the bridge's WebSocket channel.
 */
public final class OfferFactory {
  private static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
  private static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
  private static final String TCC =
      "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
  private static final String ABS_SEND_TIME =
      "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
  private static final String DEPENDENCY_DESCRIPTOR =
      "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension";

  private final FocusConfig.Codec codec;

  public OfferFactory(FocusConfig.Codec codec) {
    this.codec = codec;
  }

  /** The contents for a participant with these features, without transports. */
  public List<Element> contents(Features features) {
    boolean tcc = codec.transportCcId() > 0 && features.has(Features.TCC);
    boolean remb = !tcc && features.has(Features.REMB);
    List<Element> out = new ArrayList<>();
    if (features.has(Features.AUDIO)) {
      out.add(audio(tcc, features.has(Features.OPUS_RED)));
    }
    if (features.has(Features.VIDEO)) {
      out.add(video(tcc, remb, features.has(Features.RTX)));
    }
    return out;
  }

  private static Element content(String name) {
    return new Element("content", Jingle.NS)
        .attr("creator", "initiator")
        .attr("name", name)
        .attr("senders", "both");
  }

  private Element audio(boolean tcc, boolean red) {
    Element content = content("audio");
    Element d =
        content
            .addChild("description", SourceCodec.NS_RTP)
            .attr("media", "audio")
            .attr("maxptime", "60");
    boolean useRed = codec.opusRed() && red;
    if (useRed) {
      Element r = payloadType(d, codec.opusRedPt(), "red", 48000).attr("channels", 2);
      r.addChild("parameter", SourceCodec.NS_RTP)
          .attr("value", codec.opusPt() + "/" + codec.opusPt());
    }
    Element opus = payloadType(d, codec.opusPt(), "opus", 48000).attr("channels", 2);
    parameter(opus, "minptime", String.valueOf(codec.opusMinptime()));
    if (codec.opusFec() && !useRed) {
      parameter(opus, "useinbandfec", "1");
    }
    if (tcc) {
      feedback(opus, "transport-cc", null);
    }
    if (codec.telephoneEvent()) {
      payloadType(d, codec.telephoneEventPt(), "telephone-event", 8000);
    }
    extension(d, codec.audioLevelId(), AUDIO_LEVEL);
    extension(d, codec.midId(), MID);
    if (tcc) {
      extension(d, codec.transportCcId(), TCC);
    }
    d.addChild("extmap-allow-mixed", Jingle.NS_HDREXT);
    d.addChild("rtcp-mux", SourceCodec.NS_RTP);
    return content;
  }

  private Element video(boolean tcc, boolean remb, boolean rtx) {
    Element content = content("video");
    Element d = content.addChild("description", SourceCodec.NS_RTP).attr("media", "video");
    record Codec(String name, FocusConfig.VideoCodec config) {}
    List<Codec> codecs =
        List.of(
            new Codec("VP8", codec.vp8()),
            new Codec("VP9", codec.vp9()),
            new Codec("H264", codec.h264()),
            new Codec("AV1", codec.av1()));
    for (Codec c : codecs) {
      if (!c.config().enabled()) {
        continue;
      }
      Element pt = payloadType(d, c.config().pt(), c.name(), 90000);
      if (c.name().equals("H264")) {
        parameter(pt, "profile-level-id", "42e01f;level-asymmetry-allowed=1;packetization-mode=1;");
      }
      videoFeedback(pt);
      if (remb) {
        feedback(pt, "goog-remb", null);
      }
      if (tcc) {
        feedback(pt, "transport-cc", null);
      }
    }
    if (rtx) {
      for (Codec c : codecs) {
        if (!c.config().enabled()) {
          continue;
        }
        Element pt = payloadType(d, c.config().rtxPt(), "rtx", 90000);
        parameter(pt, "apt", String.valueOf(c.config().pt()));
        if (!c.name().equals("H264")) {
          videoFeedback(pt);
        }
      }
    }
    extension(d, codec.av1DependencyDescriptorId(), DEPENDENCY_DESCRIPTOR);
    extension(d, codec.midId(), MID);
    extension(d, codec.absSendTimeId(), ABS_SEND_TIME);
    if (tcc) {
      extension(d, codec.transportCcId(), TCC);
    }
    d.addChild("extmap-allow-mixed", Jingle.NS_HDREXT);
    d.addChild("rtcp-mux", SourceCodec.NS_RTP);
    return content;
  }

  private static Element payloadType(Element description, int id, String name, int clockrate) {
    return description
        .addChild("payload-type", SourceCodec.NS_RTP)
        .attr("id", id)
        .attr("name", name)
        .attr("clockrate", clockrate);
  }

  private static void parameter(Element pt, String name, String value) {
    pt.addChild("parameter", SourceCodec.NS_RTP).attr("name", name).attr("value", value);
  }

  private static void videoFeedback(Element pt) {
    feedback(pt, "ccm", "fir");
    feedback(pt, "nack", null);
    feedback(pt, "nack", "pli");
  }

  private static void feedback(Element pt, String type, String subtype) {
    pt.addChild("rtcp-fb", Jingle.NS_RTCP_FB).attr("type", type).attr("subtype", subtype);
  }

  private static void extension(Element description, int id, String uri) {
    if (id > 0) {
      description.addChild("rtp-hdrext", Jingle.NS_HDREXT).attr("id", id).attr("uri", uri);
    }
  }

  /** The Colibri2 {@code media} elements for these contents: codecs and extensions as offered. */
  public static List<Element> colibriMedia(List<Element> contents, String colibriNs) {
    List<Element> out = new ArrayList<>();
    for (Element content : contents) {
      Element d = content.child("description", SourceCodec.NS_RTP);
      if (d == null || d.attr("media") == null) {
        continue;
      }
      Element media = new Element("media", colibriNs).attr("type", d.attr("media"));
      for (Element c : d.elements()) {
        if (c.name().equals("payload-type")
            || c.name().equals("rtp-hdrext")
            || c.name().equals("extmap-allow-mixed")) {
          media.add(c.copy());
        }
      }
      out.add(media);
    }
    return out;
  }
}
