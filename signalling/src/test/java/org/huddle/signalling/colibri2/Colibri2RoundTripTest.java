package org.huddle.signalling.colibri2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.huddle.signalling.RoundTrip;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.Xml;
import org.junit.jupiter.api.Test;

class Colibri2RoundTripTest {
  @Test
  void aCreatingConferenceModifySurvivesARoundTrip() throws Exception {
    String xml =
        "<conference-modify xmlns='jitsi:colibri2' meeting-id='6f1c2b9e'"
            + " name='room1@conference.meet.example' create='true'>"
            + "<endpoint id='a1b2c3d4' create='true' stats-id='Casey-Qx1'>"
            + "<media type='audio'>"
            + "<payload-type xmlns='urn:xmpp:jingle:apps:rtp:1' id='111' name='opus'"
            + " clockrate='48000' channels='2'/>"
            + "<rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0' id='1'"
            + " uri='urn:ietf:params:rtp-hdrext:ssrc-audio-level'/>"
            + "<extmap-allow-mixed xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0'/></media>"
            + "<transport ice-controlling='true'/>"
            + "<sources><media-source type='video' id='a1b2c3d4-v0'>"
            + "<source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='11' name='a1b2c3d4-v0'"
            + " videoType='camera'/>"
            + "<source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='12' name='a1b2c3d4-v0'/>"
            + "<ssrc-group xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' semantics='FID'>"
            + "<source ssrc='11'/><source ssrc='12'/></ssrc-group>"
            + "</media-source></sources>"
            + "<force-mute audio='true' video='false'/>"
            + "<initial-last-n value='5'/>"
            + "<capability name='source-names'/>"
            + "</endpoint></conference-modify>";
    ConferenceModify m = RoundTrip.check(xml, ConferenceModify::parse, ConferenceModify::toElement);
    Endpoint e = m.endpoints().get(0);
    assertThat(m.create()).isTrue();
    assertThat(e.create()).isTrue();
    assertThat(e.has(Capability.SOURCE_NAMES)).isTrue();
    assertThat(e.transport().iceControlling()).isTrue();
    assertThat(e.forceMute()).isEqualTo(new ForceMute(true, false));
    assertThat(e.initialLastN().value()).isEqualTo(5);
    assertThat(e.sources().mediaSources().get(0).groups().get(0).ssrcs()).containsExactly(11L, 12L);
  }

  @Test
  void aConferenceModifiedWithTheBridgeTransportAndFeedbackSourcesSurvivesARoundTrip()
      throws Exception {
    String xml =
        "<conference-modified xmlns='jitsi:colibri2'>"
            + "<endpoint id='a1b2c3d4'><transport>"
            + "<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='u' pwd='p'>"
            + "<candidate component='1' foundation='1' generation='0' id='c1' ip='198.51.100.7'"
            + " network='0' port='10000' priority='2130706431' protocol='udp' type='host'/>"
            + "<rtcp-mux/>"
            + "<fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256'"
            + " setup='actpass'>2E:CC</fingerprint>"
            + "</transport></transport></endpoint>"
            + "<endpoint id='gone' expire='true'/>"
            + "<sources>"
            + "<media-source type='audio' id='jvb-a0'>"
            + "<source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='66' name='jvb-a0'/>"
            + "</media-source>"
            + "<media-source type='video' id='jvb-v0'>"
            + "<source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='77' name='jvb-v0'/>"
            + "</media-source></sources></conference-modified>";
    ConferenceModified m =
        RoundTrip.check(xml, ConferenceModified::parse, ConferenceModified::toElement);
    assertThat(m.endpoint("a1b2c3d4").transport().ice().ufrag()).isEqualTo("u");
    assertThat(m.endpoint("gone").expire()).isTrue();
    assertThat(m.sources().mediaSources())
        .extracting(MediaSource::id)
        .containsExactly("jvb-a0", "jvb-v0");
  }

  @Test
  void theBridgeTransportsUnknownPartsSurviveARoundTrip() throws Exception {
    String xml =
        "<conference-modified xmlns='jitsi:colibri2'>"
            + "<endpoint id='a1b2c3d4'><transport>"
            + "<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='u' pwd='p'"
            + " x-gen='2'>"
            + "<fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256'"
            + " setup='actpass'>2E:CC</fingerprint>"
            + "<candidate component='1' foundation='1' id='c1' ip='198.51.100.7' port='1'"
            + " protocol='udp' type='host'/>"
            + "<x-sctp xmlns='urn:example:sctp' port='5000'/>"
            + "</transport></transport></endpoint></conference-modified>";
    ConferenceModified m =
        RoundTrip.check(xml, ConferenceModified::parse, ConferenceModified::toElement);
    assertThat(m.endpoint("a1b2c3d4").transport().ice().candidates()).hasSize(1);
  }

  @Test
  void anErrorReasonSurvivesARoundTrip() throws Exception {
    RoundTrip.check(
        "<error xmlns='jitsi:colibri2' reason='unknown_endpoint'/>",
        e -> Colibri2Error.parse(e),
        Colibri2Error::toElement);
  }

  @Test
  void anExceptionCarriesItsReasonAndUnknownEndpointAsColibri2Elements() {
    SignallingException e =
        new SignallingException("item-not-found", "unknown_endpoint", "no endpoint x", "x");
    assertThat(e.unknownEndpoint()).isTrue();
    assertThat(e.type()).isEqualTo("cancel");
    assertThat(Colibri2Error.extensionsOf(e))
        .extracting(x -> x.toXml())
        .containsExactly(
            "<error xmlns='jitsi:colibri2' reason='unknown_endpoint'/>",
            "<endpoint xmlns='jitsi:colibri2' id='x'/>");
  }

  @Test
  void anEndpointIsWrittenWithItsChildrenInJicofosOrder() {
    Endpoint e =
        Endpoint.builder("e1")
            .create()
            .statsId("s")
            .capability(Capability.SOURCE_NAMES)
            .sources(new Sources(List.of()))
            .transport(new Transport(true, null))
            .media(List.of(new Media("audio", List.of(), List.of(), false)))
            .build();
    assertThat(e.toElement().toXml())
        .isEqualTo(
            "<endpoint xmlns='jitsi:colibri2' id='e1' create='true' stats-id='s'>"
                + "<media type='audio'/><transport ice-controlling='true'/><sources/>"
                + "<capability name='source-names'/></endpoint>");
  }

  @Test
  void aMediaOfAnotherTypeIsABadRequest() {
    assertThatThrownBy(
            () -> Media.parse(Xml.parse("<media xmlns='jitsi:colibri2' type='application'/>")))
        .isInstanceOf(SignallingException.class)
        .hasMessageContaining("audio or video");
  }

  @Test
  void somethingOtherThanAConferenceModifyIsNotImplemented() {
    assertThatThrownBy(() -> ConferenceModify.parse(Xml.parse("<x xmlns='jitsi:colibri2'/>")))
        .isInstanceOfSatisfying(
            SignallingException.class,
            e -> assertThat(e.reason()).isEqualTo("feature_not_implemented"));
  }
}
