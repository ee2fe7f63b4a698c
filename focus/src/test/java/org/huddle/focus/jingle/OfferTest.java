package org.huddle.focus.jingle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.huddle.focus.FocusConfig;
import org.huddle.focus.source.EndpointSources;
import org.huddle.focus.source.MediaType;
import org.huddle.focus.source.Source;
import org.huddle.focus.source.SourceMap;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.colibri2.Media;
import org.huddle.signalling.jingle.IceUdpTransport;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The offer and the session-initiate against docs/wire.md#jingle. */
class OfferTest {
  static final String RTP = WireNamespaces.RTP;
  static final Features LJM =
      new Features(
          Set.of(
              Features.AUDIO,
              Features.VIDEO,
              Features.RTX,
              Features.TCC,
              Features.JSON_SOURCES,
              "http://jitsi.org/source-name"));

  static Element description(List<Element> contents, String media) {
    return contents.stream()
        .map(c -> c.child("description", RTP))
        .filter(d -> media.equals(d.attr("media")))
        .findFirst()
        .orElseThrow();
  }

  static List<String> payloadTypes(Element d) {
    return d.elements("payload-type", RTP).stream()
        .map(p -> p.attr("id") + " " + p.attr("name"))
        .toList();
  }

  static Map<String, String> extensions(Element d) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    d.elements("rtp-hdrext", WireNamespaces.RTP_HDREXT)
        .forEach(e -> m.put(e.attr("id"), e.attr("uri")));
    return m;
  }

  @Nested
  class Defaults {
    final List<Element> offer = new OfferFactory(FocusConfig.defaults().codec()).contents(LJM);

    @Test
    void hasAudioAndVideoButNoDataContent() {
      assertThat(offer).extracting(c -> c.attr("name")).containsExactly("audio", "video");
      assertThat(offer).allMatch(c -> "initiator".equals(c.attr("creator")));
    }

    @Test
    void offersOpusWithFecAndTelephoneEvent() {
      Element audio = description(offer, "audio");
      assertThat(payloadTypes(audio)).containsExactly("111 opus", "126 telephone-event");
      Element opus = audio.elements("payload-type", RTP).get(0);
      assertThat(opus.attr("clockrate")).isEqualTo("48000");
      assertThat(opus.attr("channels")).isEqualTo("2");
      assertThat(opus.elements("parameter", RTP))
          .extracting(p -> p.attr("name") + "=" + p.attr("value"))
          .containsExactly("minptime=10", "useinbandfec=1");
      assertThat(opus.child("rtcp-fb", WireNamespaces.RTCP_FB).attr("type"))
          .isEqualTo("transport-cc");
      assertThat(extensions(audio))
          .containsEntry("1", "urn:ietf:params:rtp-hdrext:ssrc-audio-level")
          .containsKey("5")
          .doesNotContainKey("10");
    }

    /**
     * MID is off by default (focus-reference.conf says why); enabled, it is id 10 in both media,
     * after the audio level and after the dependency descriptor.
     */
    @Test
    void offersMidOnlyWhenEnabled() {
      assertThat(extensions(description(offer, "audio")).values())
          .doesNotContain("urn:ietf:params:rtp-hdrext:sdes:mid");
      assertThat(extensions(description(offer, "video")).values())
          .doesNotContain("urn:ietf:params:rtp-hdrext:sdes:mid");
      List<Element> withMid = offer("focus.codec.mid.enabled = true");
      assertThat(extensions(description(withMid, "audio")).keySet())
          .containsExactly("1", "10", "5");
      assertThat(extensions(description(withMid, "video")).keySet())
          .containsExactly("11", "10", "3", "5");
      assertThat(extensions(description(withMid, "video")).get("10"))
          .isEqualTo("urn:ietf:params:rtp-hdrext:sdes:mid");
    }

    @Test
    void offersJicofosFourCodecsInItsOrderEachWithRtxAndTheirFeedback() {
      Element video = description(offer, "video");
      assertThat(payloadTypes(video))
          .containsExactly(
              "41 AV1", "100 VP8", "107 H264", "101 VP9", "42 rtx", "96 rtx", "99 rtx", "97 rtx");
      Element vp8 = video.elements("payload-type", RTP).get(1);
      assertThat(vp8.elements("rtcp-fb", WireNamespaces.RTCP_FB))
          .extracting(
              f -> f.attr("type") + (f.attr("subtype") == null ? "" : " " + f.attr("subtype")))
          .containsExactly("ccm fir", "nack", "nack pli", "transport-cc");
      Element rtx = video.elements("payload-type", RTP).get(5);
      assertThat(rtx.child("parameter", RTP).attr("value")).isEqualTo("100");
      assertThat(extensions(video)).containsOnlyKeys("3", "5", "11");
      assertThat(video.child("extmap-allow-mixed", WireNamespaces.RTP_HDREXT)).isNotNull();
      assertThat(video.child("rtcp-mux", RTP)).isNotNull();
    }

    @Test
    void leavesOutTransportCcForAClientWithoutItAndUsesRembIfAdvertised() {
      Features remb = new Features(Set.of(Features.AUDIO, Features.VIDEO, Features.REMB));
      List<Element> o = new OfferFactory(FocusConfig.defaults().codec()).contents(remb);
      Element video = description(o, "video");
      assertThat(video.toXml()).doesNotContain("transport-cc").contains("goog-remb");
      assertThat(payloadTypes(video)).doesNotContain("96 rtx");
    }
  }

  static List<Element> offer(String hocon) {
    return new OfferFactory(FocusConfig.fromHocon(hocon).codec()).contents(LJM);
  }

  static List<Element> payloadTypeElements(Element d) {
    return d.elements("payload-type", RTP);
  }

  static List<String> feedback(Element pt) {
    return pt.elements("rtcp-fb", WireNamespaces.RTCP_FB).stream()
        .map(f -> f.attr("type") + (f.attr("subtype") == null ? "" : " " + f.attr("subtype")))
        .toList();
  }

  @Nested
  class VideoCodecs {
    static final String ALL = "focus.codec.video { h264.enabled = true, av1.enabled = true }\n";

    @Test
    void allFourEnabledAreOfferedInJicofosOrderWithItsPayloadTypes() {
      Element video = description(offer(ALL), "video");
      assertThat(payloadTypes(video))
          .containsExactly(
              "41 AV1", "100 VP8", "107 H264", "101 VP9", "42 rtx", "96 rtx", "99 rtx", "97 rtx");
      Element h264 = payloadTypeElements(video).get(2);
      assertThat(h264.elements("parameter", RTP)).hasSize(1);
      assertThat(h264.child("parameter", RTP).attr("name")).isEqualTo("profile-level-id");
      assertThat(h264.child("parameter", RTP).attr("value"))
          .isEqualTo("42e01f;level-asymmetry-allowed=1;packetization-mode=1;");
      assertThat(payloadTypeElements(video).get(0).child("parameter", RTP))
          .as("AV1, VP8 and VP9 carry no parameters")
          .isNull();
    }

    @Test
    void theConfiguredOrderListsCodecsAndTheirRtxThatWayAndTheRestAfter() {
      Element video =
          description(offer(ALL + "focus.codec.video.order = [\"vp9\", \"H264\"]"), "video");
      assertThat(payloadTypes(video))
          .containsExactly(
              "101 VP9", "107 H264", "41 AV1", "100 VP8", "97 rtx", "99 rtx", "42 rtx", "96 rtx");
    }

    @Test
    void disabledCodecsAndTheirRtxAreAbsent() {
      Element video =
          description(
              offer(
                  "focus.codec.video { vp9.enabled = false, av1.enabled = false,"
                      + " h264 { enabled = true, pt = 0 } }"),
              "video");
      assertThat(payloadTypes(video)).containsExactly("100 VP8", "96 rtx");
      assertThat(video.toXml()).doesNotContain("VP9").doesNotContain("H264");
    }

    @Test
    void aCodecWithoutAnRtxPayloadTypeIsOfferedWithoutRtx() {
      Element video =
          description(
              offer(
                  "focus.codec.video { vp8.rtx-pt = -1, av1.enabled = false, h264.enabled = false }"),
              "video");
      assertThat(payloadTypes(video)).containsExactly("100 VP8", "101 VP9", "97 rtx");
    }

    @Test
    void everyRtxNamesItsCodecAsApt() {
      Element video =
          description(offer(ALL + "focus.codec.video { vp8 { pt = 120, rtx-pt = 121 } }"), "video");
      java.util.Map<String, String> names = new java.util.HashMap<>();
      payloadTypeElements(video).forEach(pt -> names.put(pt.attr("id"), pt.attr("name")));
      java.util.Map<String, String> rtxOf = new java.util.LinkedHashMap<>();
      for (Element pt : payloadTypeElements(video)) {
        if (pt.attr("name").equals("rtx")) {
          Element apt = pt.child("parameter", RTP);
          assertThat(apt.attr("name")).isEqualTo("apt");
          rtxOf.put(pt.attr("id"), names.get(apt.attr("value")));
        }
      }
      assertThat(rtxOf)
          .containsExactly(
              java.util.Map.entry("42", "AV1"),
              java.util.Map.entry("121", "VP8"),
              java.util.Map.entry("99", "H264"),
              java.util.Map.entry("97", "VP9"));
    }

    @Test
    void eachCodecCarriesJicofosFeedbackAndH264sRtxNone() {
      Element video = description(offer(ALL), "video");
      for (Element pt : payloadTypeElements(video)) {
        if (!pt.attr("name").equals("rtx")) {
          assertThat(feedback(pt))
              .as(pt.attr("name"))
              .containsExactly("ccm fir", "nack", "nack pli", "transport-cc");
        } else if (pt.attr("id").equals("99")) {
          assertThat(feedback(pt)).as("H264's RTX").isEmpty();
        } else {
          assertThat(feedback(pt))
              .as("RTX " + pt.attr("id"))
              .containsExactly("ccm fir", "nack", "nack pli");
        }
      }
    }

    @Test
    void rembGoesOnlyOnCodecsThatEnableIt() {
      Features remb = new Features(Set.of(Features.AUDIO, Features.VIDEO, Features.REMB));
      FocusConfig c =
          FocusConfig.fromHocon(
              "focus.codec.video { vp8.enable-remb = false, av1.enabled = false,"
                  + " h264.enabled = false }");
      Element video = description(new OfferFactory(c.codec()).contents(remb), "video");
      assertThat(feedback(payloadTypeElements(video).get(0)))
          .as("VP8")
          .containsExactly("ccm fir", "nack", "nack pli");
      assertThat(feedback(payloadTypeElements(video).get(1)))
          .as("VP9")
          .containsExactly("ccm fir", "nack", "nack pli", "goog-remb");
    }

    @Test
    void videoHeaderExtensionsAreJicofosWithTheDependencyDescriptorWhateverTheCodecs() {
      Element video = description(offer(""), "video");
      assertThat(extensions(video))
          .containsExactly(
              java.util.Map.entry(
                  "11",
                  "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension"),
              java.util.Map.entry(
                  "3", "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"),
              java.util.Map.entry(
                  "5",
                  "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"));
    }

    @Test
    void videoLayersAllocationComesFirstWhenEnabled() {
      Element video =
          description(offer("focus.codec.video-layers-allocation.enabled = true"), "video");
      assertThat(extensions(video).keySet()).containsExactly("12", "11", "3", "5");
      assertThat(extensions(video).get("12"))
          .isEqualTo("http://www.webrtc.org/experiments/rtp-hdrext/video-layers-allocation00");
    }
  }

  /** What the bridge is told once a participant answers with some of the offered codecs. */
  @Nested
  class AcceptedMedia {
    final List<Element> offered = offer(VideoCodecs.ALL);

    /** A session-accept's contents listing these payload types (id name) per media. */
    List<Element> answer(Map<String, List<String>> payloadTypes) {
      List<Element> contents = new java.util.ArrayList<>();
      payloadTypes.forEach(
          (media, pts) -> {
            Element c = new Element("content", WireNamespaces.JINGLE).attr("name", media);
            Element d = c.addChild("description", RTP).attr("media", media);
            for (String pt : pts) {
              String[] idName = pt.split(" ");
              d.addChild("payload-type", RTP)
                  .attr("id", idName[0])
                  .attr("name", idName[1])
                  .attr("clockrate", media.equals("audio") ? "48000" : "90000");
            }
            contents.add(c);
          });
      return contents;
    }

    Element media(List<Media> media, String type) {
      return media.stream()
          .filter(m -> type.equals(m.type()))
          .findFirst()
          .orElseThrow()
          .toElement();
    }

    @Test
    void listsTheOfferedPayloadTypesTheParticipantTookWithTheirRtxInOfferOrder() {
      List<Media> media =
          OfferFactory.acceptedMedia(
              offered,
              answer(
                  Map.of(
                      "audio", List.of("111 opus"),
                      "video", List.of("101 VP9", "97 rtx", "100 VP8", "96 rtx", "99 rtx"))));
      assertThat(payloadTypes(media(media, "video")))
          .as("H264's RTX without H264 is dropped")
          .containsExactly("100 VP8", "101 VP9", "96 rtx", "97 rtx");
      assertThat(payloadTypes(media(media, "audio"))).containsExactly("111 opus");
      Element vp8 = payloadTypeElements(media(media, "video")).get(0);
      assertThat(feedback(vp8)).as("as offered").contains("nack pli", "transport-cc");
      assertThat(extensions(media(media, "video")))
          .as("header extensions as offered")
          .isEqualTo(extensions(description(offered, "video")));
      assertThat(media(media, "video").child("extmap-allow-mixed", WireNamespaces.RTP_HDREXT))
          .isNotNull();
      assertThat(media(media, "video").namespace()).isEqualTo("jitsi:colibri2");
    }

    @Test
    void ignoresIdsTheOfferDoesNotHaveOrNamesThatDisagree() {
      List<Media> media =
          OfferFactory.acceptedMedia(
              offered, answer(Map.of("video", List.of("100 VP8", "102 VP8", "41 H264"))));
      assertThat(payloadTypes(media(media, "video"))).containsExactly("100 VP8");
      assertThat(OfferFactory.codecNames(media, "video")).containsExactly("VP8");
    }

    @Test
    void aMediaTypeWithNoOfferedPayloadTypeInTheAnswerIsLeftOut() {
      List<Media> media =
          OfferFactory.acceptedMedia(
              offered,
              answer(Map.of("audio", List.of("111 opus"), "video", List.of("96 rtx", "55 VP8"))));
      assertThat(media).extracting(Media::type).containsExactly("audio");
      assertThat(OfferFactory.acceptedMedia(offered, List.of())).isEmpty();
    }
  }

  @Nested
  class SessionInitiate {
    final Element transport =
        Xml.parse(
            "<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='u' pwd='p'>"
                + "<candidate component='1' foundation='1' generation='0' id='c1' ip='127.0.0.1'"
                + " network='0' port='10000' priority='1' protocol='udp' type='host'/>"
                + "<fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256'"
                + " setup='actpass'>AB:CD</fingerprint>"
                + "<web-socket xmlns='http://jitsi.org/protocol/colibri'"
                + " url='ws://127.0.0.1/colibri-ws/jvb1/c/a?pwd=x'/></transport>");
    final SourceMap others =
        SourceMap.of(
            "b7c8d9e0",
            new EndpointSources(
                Set.of(new Source(11, MediaType.VIDEO, "b7c8d9e0-v0", "s t", "camera")), Set.of()));
    final List<Element> offer = new OfferFactory(FocusConfig.defaults().codec()).contents(LJM);

    Element initiate(boolean json) {
      JingleSession s =
          new JingleSession(
              "room@muc.meet.jitsi/a1b2c3d4",
              "guest@meet.jitsi/x",
              "focus@auth.meet.jitsi/focus",
              json);
      try {
        return s.initiate(offer, IceUdpTransport.parse(transport), others, "bs-1", "eu-west");
      } catch (SignallingException e) {
        throw new AssertionError(e);
      }
    }

    @Test
    void isAnIqSetToTheOccupantWithTheBridgesTransportInEveryContentAndBundle() {
      Element iq = initiate(false);
      assertThat(iq.attr("to")).isEqualTo("room@muc.meet.jitsi/a1b2c3d4");
      Element j = Xml.payload(iq);
      assertThat(j.attr("action")).isEqualTo("session-initiate");
      assertThat(j.attr("initiator")).isEqualTo("focus@auth.meet.jitsi/focus");
      for (Element c : j.elements("content", WireNamespaces.JINGLE)) {
        Element t = c.child("transport", WireNamespaces.ICE_UDP);
        assertThat(t.child("web-socket", "http://jitsi.org/protocol/colibri").attr("url"))
            .startsWith("ws://");
        assertThat(t.child("fingerprint", WireNamespaces.DTLS).attr("setup")).isEqualTo("actpass");
      }
      Element group = j.child("group", WireNamespaces.GROUPING);
      assertThat(group.attr("semantics")).isEqualTo("BUNDLE");
      assertThat(group.elements("content", null))
          .extracting(e -> e.attr("name"))
          .containsExactly("audio", "video");
      Element bs = j.child("bridge-session", WireNamespaces.FOCUS);
      assertThat(bs.attr("id")).isEqualTo("bs-1");
      assertThat(bs.attr("region")).isEqualTo("eu-west");
    }

    @Test
    void carriesOthersSourcesAsSsmaElementsOrAsJson() {
      Element standard = Xml.payload(initiate(false));
      assertThat(standard.child("json-message", WireNamespaces.JITMEET)).isNull();
      assertThat(standard.toXml()).contains("ssrc-info").contains("owner='b7c8d9e0'");
      Element json = Xml.payload(initiate(true));
      assertThat(json.child("json-message", WireNamespaces.JITMEET).text())
          .contains("\"b7c8d9e0\"");
      assertThat(json.toXml()).doesNotContain("ssrc-info");
    }
  }
}
