package org.huddle.focus.jingle;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.huddle.focus.FocusConfig;
import org.huddle.focus.source.SourceCodec;
import org.huddle.xmpp.codec.Element;

/**
 * The contents of Jicofo's offer (shared/WIRE.md §2; jicofo-common's {@code CodecUtil}): Opus (and
 * optional RED and telephone-event), the enabled video codecs in the configured order (Jicofo's:
 * AV1, VP8, H264, VP9), then their RTX payload types in the same order, the RTCP feedback and
 * header extensions, and no {@code data} content, so Jitsi clients use the bridge's WebSocket
 * channel. It also turns a participant's {@code session-accept} into the Colibri2 {@code media} its
 * endpoint gets (docs/codecs.md).
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
  private static final String VIDEO_LAYERS_ALLOCATION =
      "http://www.webrtc.org/experiments/rtp-hdrext/video-layers-allocation00";

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
    List<FocusConfig.VideoCodec> codecs = codec.offeredVideo();
    for (FocusConfig.VideoCodec c : codecs) {
      Element pt = payloadType(d, c.pt(), c.name(), 90000);
      if (c.name().equals("H264")) {
        parameter(pt, "profile-level-id", "42e01f;level-asymmetry-allowed=1;packetization-mode=1;");
      }
      videoFeedback(pt);
      if (remb && c.remb()) {
        feedback(pt, "goog-remb", null);
      }
      if (tcc) {
        feedback(pt, "transport-cc", null);
      }
    }
    if (rtx) {
      for (FocusConfig.VideoCodec c : codecs) {
        if (!c.hasRtx()) {
          continue;
        }
        Element pt = payloadType(d, c.rtxPt(), "rtx", 90000);
        parameter(pt, "apt", String.valueOf(c.pt()));
        // Jicofo gives H264's RTX no feedback.
        if (!c.name().equals("H264")) {
          videoFeedback(pt);
        }
      }
    }
    extension(d, codec.videoLayersAllocationId(), VIDEO_LAYERS_ALLOCATION);
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
      out.add(media(d, colibriNs, pt -> true));
    }
    return out;
  }

  /**
   * The Colibri2 {@code media} for a participant's endpoint once it has answered: per media type,
   * the offered payload types whose ids its {@code session-accept} lists (an RTX payload type only
   * with the codec it repairs), with the offered header extensions. A media type the answer lists
   * no offered payload type for is left out, so the endpoint keeps what it was allocated with.
   *
   * @param offered the contents of the participant's offer
   * @param answered the contents of its {@code session-accept}
   */
  public static List<Element> acceptedMedia(
      List<Element> offered, List<Element> answered, String colibriNs) {
    List<Element> out = new ArrayList<>();
    for (Element content : offered) {
      Element d = content.child("description", SourceCodec.NS_RTP);
      if (d == null || d.attr("media") == null) {
        continue;
      }
      Set<String> ids = answeredIds(answered, d);
      Set<String> accepted = new HashSet<>();
      for (Element pt : d.elements("payload-type", SourceCodec.NS_RTP)) {
        if (ids.contains(pt.attr("id")) && !isRtx(pt)) {
          accepted.add(pt.attr("id"));
        }
      }
      if (accepted.isEmpty()) {
        continue;
      }
      for (Element pt : d.elements("payload-type", SourceCodec.NS_RTP)) {
        if (ids.contains(pt.attr("id")) && isRtx(pt) && accepted.contains(apt(pt))) {
          accepted.add(pt.attr("id"));
        }
      }
      out.add(media(d, colibriNs, pt -> accepted.contains(pt.attr("id"))));
    }
    return out;
  }

  /** The names of the payload types in these Colibri2 media (or Jingle descriptions) of a type. */
  public static List<String> codecNames(List<Element> media, String type) {
    List<String> names = new ArrayList<>();
    for (Element m : media) {
      if (type.equals(m.attr("type")) || type.equals(m.attr("media"))) {
        for (Element pt : m.elements("payload-type", SourceCodec.NS_RTP)) {
          if (!isRtx(pt)) {
            names.add(pt.attr("name"));
          }
        }
      }
    }
    return names;
  }

  /**
   * The payload type ids the answer's description of the same media type lists, where the name
   * agrees with the offer's (an answer reuses the offer's ids, RFC 3264 §6.1).
   */
  private static Set<String> answeredIds(List<Element> answered, Element offeredDescription) {
    Set<String> ids = new HashSet<>();
    for (Element content : answered) {
      Element d = content.child("description", SourceCodec.NS_RTP);
      if (d == null || !offeredDescription.attr("media").equals(d.attr("media"))) {
        continue;
      }
      for (Element pt : d.elements("payload-type", SourceCodec.NS_RTP)) {
        for (Element o : offeredDescription.elements("payload-type", SourceCodec.NS_RTP)) {
          if (o.attr("id").equals(pt.attr("id"))
              && pt.attr("name") != null
              && o.attr("name").equalsIgnoreCase(pt.attr("name"))) {
            ids.add(o.attr("id"));
          }
        }
      }
    }
    return ids;
  }

  private static boolean isRtx(Element pt) {
    return "rtx".equalsIgnoreCase(pt.attr("name"));
  }

  private static String apt(Element rtx) {
    for (Element p : rtx.elements("parameter", SourceCodec.NS_RTP)) {
      if ("apt".equals(p.attr("name"))) {
        return p.attr("value");
      }
    }
    return null;
  }

  private static Element media(
      Element description, String colibriNs, Predicate<Element> payloadTypes) {
    Element media = new Element("media", colibriNs).attr("type", description.attr("media"));
    for (Element c : description.elements()) {
      boolean pt = c.name().equals("payload-type");
      if ((pt && payloadTypes.test(c))
          || c.name().equals("rtp-hdrext")
          || c.name().equals("extmap-allow-mixed")) {
        media.add(c.copy());
      }
    }
    return media;
  }
}
