package org.huddle.focus.jingle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.huddle.focus.FocusConfig;
import org.huddle.focus.source.EndpointSources;
import org.huddle.focus.source.MediaType;
import org.huddle.focus.source.Source;
import org.huddle.focus.source.SourceCodec;
import org.huddle.focus.source.SourceMap;
import org.huddle.focus.xml.Xml;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The offer and the session-initiate against shared/WIRE.md §2 and its checklist. */
class OfferTest {
  static final String RTP = SourceCodec.NS_RTP;
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
    d.elements("rtp-hdrext", Jingle.NS_HDREXT).forEach(e -> m.put(e.attr("id"), e.attr("uri")));
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
      assertThat(opus.child("rtcp-fb", Jingle.NS_RTCP_FB).attr("type")).isEqualTo("transport-cc");
      assertThat(extensions(audio))
          .containsEntry("1", "urn:ietf:params:rtp-hdrext:ssrc-audio-level")
          .containsEntry("10", "urn:ietf:params:rtp-hdrext:sdes:mid")
          .containsKey("5");
    }

    @Test
    void offersVp8FirstThenVp9EachWithRtxAndTheirFeedback() {
      Element video = description(offer, "video");
      assertThat(payloadTypes(video)).containsExactly("100 VP8", "101 VP9", "96 rtx", "97 rtx");
      Element vp8 = video.elements("payload-type", RTP).get(0);
      assertThat(vp8.elements("rtcp-fb", Jingle.NS_RTCP_FB))
          .extracting(
              f -> f.attr("type") + (f.attr("subtype") == null ? "" : " " + f.attr("subtype")))
          .containsExactly("ccm fir", "nack", "nack pli", "transport-cc");
      Element rtx = video.elements("payload-type", RTP).get(2);
      assertThat(rtx.child("parameter", RTP).attr("value")).isEqualTo("100");
      assertThat(extensions(video)).containsOnlyKeys("3", "5", "10", "11");
      assertThat(video.child("extmap-allow-mixed", Jingle.NS_HDREXT)).isNotNull();
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

  @Test
  void h264AndAv1WhenEnabledWithJicofosPayloadTypes() {
    FocusConfig c =
        FocusConfig.fromHocon("focus.codec { h264.enabled = true, av1.enabled = true }");
    Element video = description(new OfferFactory(c.codec()).contents(LJM), "video");
    assertThat(payloadTypes(video))
        .containsExactly(
            "100 VP8", "101 VP9", "107 H264", "41 AV1", "96 rtx", "97 rtx", "99 rtx", "42 rtx");
    Element h264 = video.elements("payload-type", RTP).get(2);
    assertThat(h264.elements("parameter", RTP)).hasSize(1);
    assertThat(h264.child("parameter", RTP).attr("value"))
        .isEqualTo("42e01f;level-asymmetry-allowed=1;packetization-mode=1;");
    Element h264Rtx = video.elements("payload-type", RTP).get(6);
    assertThat(h264Rtx.elements("rtcp-fb", Jingle.NS_RTCP_FB)).isEmpty();
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
      return s.initiate(offer, transport, others, "bs-1", "eu-west");
    }

    @Test
    void isAnIqSetToTheOccupantWithTheBridgesTransportInEveryContentAndBundle() {
      Element iq = initiate(false);
      assertThat(iq.attr("to")).isEqualTo("room@muc.meet.jitsi/a1b2c3d4");
      Element j = Xml.payload(iq);
      assertThat(j.attr("action")).isEqualTo("session-initiate");
      assertThat(j.attr("initiator")).isEqualTo("focus@auth.meet.jitsi/focus");
      for (Element c : j.elements("content", Jingle.NS)) {
        Element t = c.child("transport", Jingle.NS_ICE_UDP);
        assertThat(t.child("web-socket", "http://jitsi.org/protocol/colibri").attr("url"))
            .startsWith("ws://");
        assertThat(t.child("fingerprint", Jingle.NS_DTLS).attr("setup")).isEqualTo("actpass");
      }
      Element group = j.child("group", Jingle.NS_GROUPING);
      assertThat(group.attr("semantics")).isEqualTo("BUNDLE");
      assertThat(group.elements("content", null))
          .extracting(e -> e.attr("name"))
          .containsExactly("audio", "video");
      Element bs = j.child("bridge-session", Jingle.NS_FOCUS);
      assertThat(bs.attr("id")).isEqualTo("bs-1");
      assertThat(bs.attr("region")).isEqualTo("eu-west");
    }

    @Test
    void carriesOthersSourcesAsSsmaElementsOrAsJson() {
      Element standard = Xml.payload(initiate(false));
      assertThat(standard.child("json-message", SourceCodec.NS_JITMEET)).isNull();
      assertThat(standard.toXml()).contains("ssrc-info").contains("owner='b7c8d9e0'");
      Element json = Xml.payload(initiate(true));
      assertThat(json.child("json-message", SourceCodec.NS_JITMEET).text())
          .contains("\"b7c8d9e0\"");
      assertThat(json.toXml()).doesNotContain("ssrc-info");
    }
  }
}
