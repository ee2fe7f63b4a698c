package org.huddle.focus.jingle;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.huddle.focus.FocusConfig;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.colibri2.Media;
import org.huddle.signalling.jingle.Content;
import org.huddle.signalling.jingle.Parameter;
import org.huddle.signalling.jingle.PayloadType;
import org.huddle.signalling.jingle.RtcpFb;
import org.huddle.signalling.jingle.RtpDescription;
import org.huddle.signalling.jingle.RtpHdrExt;
import org.huddle.xmpp.codec.Element;

/**
 * The contents of Jicofo's offer (docs/wire.md#jingle; jicofo-common's {@code CodecUtil}): Opus
 * (and optional RED and telephone-event), the enabled video codecs in the configured order
 * (Jicofo's: AV1, VP8, H264, VP9), then their RTX payload types in the same order, the RTCP
 * feedback and header extensions, and no {@code data} content, so Jitsi clients use the bridge's
 * WebSocket channel. It also turns a participant's {@code session-accept} into the Colibri2 {@code
 * media} its endpoint gets (docs/codecs.md).
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
      out.add(content("audio", audio(tcc, features.has(Features.OPUS_RED))));
    }
    if (features.has(Features.VIDEO)) {
      out.add(content("video", video(tcc, remb, features.has(Features.RTX))));
    }
    return out;
  }

  private static Element content(String name, RtpDescription description) {
    return new Content("initiator", name, "both", description, null).toElement();
  }

  private RtpDescription audio(boolean tcc, boolean red) {
    List<PayloadType> pts = new ArrayList<>();
    boolean useRed = codec.opusRed() && red;
    if (useRed) {
      pts.add(
          PayloadType.of(codec.opusRedPt(), "red", 48000)
              .withChannels(2)
              .with(new Parameter(null, codec.opusPt() + "/" + codec.opusPt())));
    }
    PayloadType opus =
        PayloadType.of(codec.opusPt(), "opus", 48000)
            .withChannels(2)
            .with(new Parameter("minptime", String.valueOf(codec.opusMinptime())));
    if (codec.opusFec() && !useRed) {
      opus = opus.with(new Parameter("useinbandfec", "1"));
    }
    if (tcc) {
      opus = opus.with(new RtcpFb("transport-cc", null));
    }
    pts.add(opus);
    if (codec.telephoneEvent()) {
      pts.add(PayloadType.of(codec.telephoneEventPt(), "telephone-event", 8000));
    }
    List<RtpHdrExt> exts = new ArrayList<>();
    extension(exts, codec.audioLevelId(), AUDIO_LEVEL);
    extension(exts, codec.midId(), MID);
    if (tcc) {
      extension(exts, codec.transportCcId(), TCC);
    }
    return new RtpDescription("audio", 60, pts, exts, true, true, List.of(), List.of());
  }

  private RtpDescription video(boolean tcc, boolean remb, boolean rtx) {
    List<PayloadType> pts = new ArrayList<>();
    List<FocusConfig.VideoCodec> codecs = codec.offeredVideo();
    for (FocusConfig.VideoCodec c : codecs) {
      PayloadType pt = PayloadType.of(c.pt(), c.name(), 90000);
      if (c.name().equals("H264")) {
        pt =
            pt.with(
                new Parameter(
                    "profile-level-id", "42e01f;level-asymmetry-allowed=1;packetization-mode=1;"));
      }
      pt = videoFeedback(pt);
      if (remb && c.remb()) {
        pt = pt.with(new RtcpFb("goog-remb", null));
      }
      if (tcc) {
        pt = pt.with(new RtcpFb("transport-cc", null));
      }
      pts.add(pt);
    }
    if (rtx) {
      for (FocusConfig.VideoCodec c : codecs) {
        if (!c.hasRtx()) {
          continue;
        }
        PayloadType pt =
            PayloadType.of(c.rtxPt(), "rtx", 90000)
                .with(new Parameter("apt", String.valueOf(c.pt())));
        // Jicofo gives H264's RTX no feedback.
        pts.add(c.name().equals("H264") ? pt : videoFeedback(pt));
      }
    }
    List<RtpHdrExt> exts = new ArrayList<>();
    extension(exts, codec.videoLayersAllocationId(), VIDEO_LAYERS_ALLOCATION);
    extension(exts, codec.av1DependencyDescriptorId(), DEPENDENCY_DESCRIPTOR);
    extension(exts, codec.midId(), MID);
    extension(exts, codec.absSendTimeId(), ABS_SEND_TIME);
    if (tcc) {
      extension(exts, codec.transportCcId(), TCC);
    }
    return new RtpDescription("video", null, pts, exts, true, true, List.of(), List.of());
  }

  private static PayloadType videoFeedback(PayloadType pt) {
    return pt.with(new RtcpFb("ccm", "fir"))
        .with(new RtcpFb("nack", null))
        .with(new RtcpFb("nack", "pli"));
  }

  private static void extension(List<RtpHdrExt> into, int id, String uri) {
    if (id > 0) {
      into.add(new RtpHdrExt(id, uri));
    }
  }

  /** The Colibri2 {@code media} for these contents: codecs and extensions as offered. */
  public static List<Media> colibriMedia(List<Element> contents) {
    List<Media> out = new ArrayList<>();
    for (Element content : contents) {
      RtpDescription d = description(content);
      if (d != null) {
        out.add(media(d, pt -> true));
      }
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
  public static List<Media> acceptedMedia(List<Element> offered, List<Element> answered) {
    List<Media> out = new ArrayList<>();
    for (Element content : offered) {
      RtpDescription d = description(content);
      if (d == null) {
        continue;
      }
      Set<Integer> ids = answeredIds(answered, d);
      Set<Integer> accepted = new HashSet<>();
      for (PayloadType pt : d.payloadTypes()) {
        if (ids.contains(pt.id()) && !pt.isRtx()) {
          accepted.add(pt.id());
        }
      }
      if (accepted.isEmpty()) {
        continue;
      }
      for (PayloadType pt : d.payloadTypes()) {
        if (ids.contains(pt.id()) && pt.isRtx() && accepted.contains(apt(pt))) {
          accepted.add(pt.id());
        }
      }
      out.add(media(d, pt -> accepted.contains(pt.id())));
    }
    return out;
  }

  /** The names of the payload types in these Colibri2 media of a type, without RTX. */
  public static List<String> codecNames(List<Media> media, String type) {
    List<String> names = new ArrayList<>();
    for (Media m : media) {
      if (type.equals(m.type())) {
        for (PayloadType pt : m.payloadTypes()) {
          if (!pt.isRtx()) {
            names.add(pt.name());
          }
        }
      }
    }
    return names;
  }

  /**
   * The payload type ids the answer's description of the same media type lists, where the name
   * agrees with the offer's (an answer reuses the offer's ids, RFC 3264 §6.1). The answer is read
   * as it is, without the typed parse, so that one odd payload type does not hide the rest.
   */
  private static Set<Integer> answeredIds(List<Element> answered, RtpDescription offered) {
    Set<Integer> ids = new HashSet<>();
    for (Element content : answered) {
      Element d = content.child(RtpDescription.ELEMENT, RtpDescription.NAMESPACE);
      if (d == null || !offered.media().equals(d.attr("media"))) {
        continue;
      }
      for (Element pt : d.elements(PayloadType.ELEMENT, PayloadType.NAMESPACE)) {
        for (PayloadType o : offered.payloadTypes()) {
          if (String.valueOf(o.id()).equals(pt.attr("id"))
              && pt.attr("name") != null
              && o.name().equalsIgnoreCase(pt.attr("name"))) {
            ids.add(o.id());
          }
        }
      }
    }
    return ids;
  }

  private static Integer apt(PayloadType rtx) {
    String apt = rtx.parameter("apt");
    try {
      return apt == null ? null : Integer.valueOf(apt);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The description of one of our own offered contents, or null when it has no media. */
  private static RtpDescription description(Element content) {
    Element d = content.child(RtpDescription.ELEMENT, RtpDescription.NAMESPACE);
    if (d == null || d.attr("media") == null) {
      return null;
    }
    try {
      return RtpDescription.parse(d);
    } catch (SignallingException e) {
      throw new IllegalStateException("our own offer does not parse: " + e.getMessage(), e);
    }
  }

  private static Media media(RtpDescription d, Predicate<PayloadType> payloadTypes) {
    return new Media(
        d.media(),
        d.payloadTypes().stream().filter(payloadTypes).toList(),
        d.headerExtensions(),
        d.extmapAllowMixed());
  }
}
