package org.huddle.videobridge.colibri2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.Xml;
import org.huddle.signalling.colibri2.Endpoint;
import org.huddle.videobridge.endpoint.MediaFormats;
import org.huddle.videobridge.endpoint.MediaSourceDesc;
import org.huddle.videobridge.pipeline.RtpParser;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class Colibri2CodecTest {
  @Nested
  class Media {
    @Test
    void readsPayloadTypesRtxAndHeaderExtensions() throws Exception {
      MediaFormats f = Colibri2Codec.media(Colibri2Requests.media());
      assertThat(f.kindOf(111)).isEqualTo(RtpParser.Kind.AUDIO);
      assertThat(f.kindOf(100)).isEqualTo(RtpParser.Kind.VIDEO);
      assertThat(f.kindOf(96)).isEqualTo(RtpParser.Kind.RTX);
      assertThat(f.kindOf(55)).isEqualTo(RtpParser.Kind.UNKNOWN);
      assertThat(f.associatedPayloadType(96)).isEqualTo(100);
      assertThat(f.rtxPayloadTypeFor(100)).isEqualTo(96);
      assertThat(f.isVp8(100)).isTrue();
      assertThat(f.supportsPli()).isTrue();
      assertThat(f.extensionId(MediaFormats.AUDIO_LEVEL)).isEqualTo(1);
      assertThat(f.extensionId(MediaFormats.TRANSPORT_CC)).isEqualTo(5);
    }

    @Test
    void anRtcpFbWithoutATypeOrAParameterWithoutAValueIsABadRequest() {
      for (String inner :
          List.of(
              "<rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' subtype='pli'/>",
              "<parameter name='apt'/>")) {
        Element endpoint =
            Xml.parse(
                "<endpoint xmlns='jitsi:colibri2' id='e'><media type='video'>"
                    + "<payload-type xmlns='urn:xmpp:jingle:apps:rtp:1' id='96' name='rtx'>"
                    + inner
                    + "</payload-type></media></endpoint>");
        assertThatThrownBy(() -> Colibri2Codec.media(Endpoint.parse(endpoint).media()))
            .as(inner)
            .isInstanceOfSatisfying(
                SignallingException.class, e -> assertThat(e.condition()).isEqualTo("bad-request"));
      }
    }
  }

  @Nested
  class Sources {
    @Test
    void aSimulcastSourceListsItsLayersInSimOrderWithTheirRtx() throws Exception {
      var s = Colibri2Requests.sources("ep", Colibri2Requests.Sources.of(1000));
      var list = Colibri2Codec.sources(s, "ep");
      assertThat(list).hasSize(2);
      MediaSourceDesc audio = list.get(0);
      assertThat(audio.video()).isFalse();
      assertThat(audio.layers()).containsExactly(1000L);
      MediaSourceDesc video = list.get(1);
      assertThat(video.name()).isEqualTo("ep-v0");
      assertThat(video.layers()).containsExactly(1010L, 1011L, 1012L);
      assertThat(video.rtx()).containsEntry(1010L, 1020L).containsEntry(1012L, 1022L);
      assertThat(video.videoType()).isEqualTo("camera");
    }

    @Test
    void anFidGroupOfThreeIsABadRequest() {
      Element s =
          Xml.parse(
              "<sources xmlns='jitsi:colibri2'><media-source type='video' id='v'>"
                  + "<ssrc-group xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' semantics='FID'>"
                  + "<source ssrc='1'/><source ssrc='2'/><source ssrc='3'/></ssrc-group>"
                  + "</media-source></sources>");
      assertThatThrownBy(
              () -> Colibri2Codec.sources(org.huddle.signalling.colibri2.Sources.parse(s), "x"))
          .isInstanceOf(SignallingException.class);
    }

    @Test
    void anSsrcOutOfRangeIsABadRequest() {
      Element s =
          Xml.parse(
              "<sources xmlns='jitsi:colibri2'><media-source type='audio' id='a'>"
                  + "<source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='4294967296'/>"
                  + "</media-source></sources>");
      assertThatThrownBy(
              () -> Colibri2Codec.sources(org.huddle.signalling.colibri2.Sources.parse(s), "x"))
          .isInstanceOf(SignallingException.class)
          .hasMessageContaining("out of range");
    }
  }
}
