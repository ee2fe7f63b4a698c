package org.huddle.signalling.jingle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.huddle.signalling.RoundTrip;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.Xml;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JingleRoundTripTest {
  static final String TRANSPORT =
      "<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='2ivq1fv'"
          + " pwd='1a5ejbent91k6io6a3fau'>"
          + "<candidate component='1' foundation='1' generation='0' id='c1' ip='198.51.100.7'"
          + " network='0' port='10000' priority='2130706431' protocol='udp' type='host'/>"
          + "<candidate component='1' foundation='2' generation='0' id='c2' ip='203.0.113.9'"
          + " network='0' port='10000' priority='1694498815' protocol='udp' type='srflx'"
          + " rel-addr='198.51.100.7' rel-port='10000'/>"
          + "<rtcp-mux/>"
          + "<fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='actpass'"
          + " cryptex='true'>2E:CC:85:23</fingerprint>"
          + "<web-socket xmlns='http://jitsi.org/protocol/colibri'"
          + " url='wss://jvb1.meet.example/colibri-ws/jvb1/5c0e9d/a1b2c3d4?pwd=Qx7K'/>"
          + "</transport>";

  static final String AUDIO_DESCRIPTION =
      "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio' maxptime='60'>"
          + "<payload-type id='112' name='red' clockrate='48000' channels='2'>"
          + "<parameter value='111/111'/></payload-type>"
          + "<payload-type id='111' name='opus' clockrate='48000' channels='2'>"
          + "<parameter name='minptime' value='10'/><parameter name='useinbandfec' value='1'/>"
          + "<rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='transport-cc'/>"
          + "</payload-type>"
          + "<payload-type id='126' name='telephone-event' clockrate='8000'/>"
          + "<rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0' id='1'"
          + " uri='urn:ietf:params:rtp-hdrext:ssrc-audio-level'/>"
          + "<extmap-allow-mixed xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0'/>"
          + "<rtcp-mux/>"
          + "<source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='66' name='b7c8d9e0-a0'>"
          + "<parameter name='msid' value='b7-a 7f'/>"
          + "<ssrc-info xmlns='http://jitsi.org/jitmeet' owner='b7c8d9e0'/></source>"
          + "</description>";

  static final String VIDEO_DESCRIPTION =
      "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'>"
          + "<payload-type id='100' name='VP8' clockrate='90000'>"
          + "<rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='ccm' subtype='fir'/>"
          + "<rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='nack'/>"
          + "<rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='nack' subtype='pli'/>"
          + "</payload-type>"
          + "<payload-type id='96' name='rtx' clockrate='90000'>"
          + "<parameter name='apt' value='100'/></payload-type>"
          + "<source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='11' name='b7c8d9e0-v0'"
          + " videoType='camera'/>"
          + "<source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='12' name='b7c8d9e0-v0'/>"
          + "<ssrc-group xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' semantics='FID'>"
          + "<source ssrc='11'/><source ssrc='12'/></ssrc-group>"
          + "</description>";

  @Nested
  class Transports {
    @Test
    void anIceUdpTransportWithCandidatesFingerprintAndWebSocketSurvivesARoundTrip()
        throws Exception {
      IceUdpTransport t =
          RoundTrip.check(TRANSPORT, IceUdpTransport::parse, IceUdpTransport::toElement);
      assertThat(t.candidates()).hasSize(2);
      assertThat(t.candidates().get(1).relAddr()).isEqualTo("198.51.100.7");
      assertThat(t.fingerprint().value()).isEqualTo("2E:CC:85:23");
      assertThat(t.fingerprint().cryptex()).isTrue();
      assertThat(t.webSocket().url()).startsWith("wss://jvb1.meet.example/colibri-ws/");
    }

    @Test
    void unknownAttributesAndChildrenOfATransportAreRelayedInTheirPlaces() throws Exception {
      String xml =
          "<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='u' pwd='p'"
              + " x-bundle='true'>"
              + "<x-ice-lite xmlns='urn:example:ice-lite'/>"
              + "<candidate component='1' foundation='1' generation='0' id='c1'"
              + " ip='198.51.100.7' network='0' port='10000' priority='2130706431'"
              + " protocol='udp' type='host' x-cost='50'/>"
              + "<x-gathering-done xmlns='urn:example:ice' at='7'><why>all</why></x-gathering-done>"
              + "<rtcp-mux/>"
              + "<fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256'"
              + " setup='actpass' x-rotated='1'>2E:CC</fingerprint>"
              + "<web-socket xmlns='http://jitsi.org/protocol/colibri' url='wss://b/x'"
              + " x-relay='r1'/>"
              + "</transport>";
      IceUdpTransport t = RoundTrip.check(xml, IceUdpTransport::parse, IceUdpTransport::toElement);
      assertThat(t.unmodelled().attribute("x-bundle")).isEqualTo("true");
      assertThat(t.candidates()).hasSize(1);
      assertThat(t.candidates().get(0).port()).isEqualTo(10000);
      assertThat(t.candidates().get(0).unmodelled().attribute("x-cost")).isEqualTo("50");
      assertThat(t.rtcpMux()).isTrue();
      assertThat(t.fingerprint().value()).isEqualTo("2E:CC");
      assertThat(t.webSocket().url()).isEqualTo("wss://b/x");
    }

    @Test
    void aFingerprintBeforeTheCandidatesStaysBeforeThem() throws Exception {
      String xml =
          "<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='u' pwd='p'>"
              + "<fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256'"
              + " setup='active'>2E:CC</fingerprint>"
              + "<candidate component='1' foundation='1' id='c1' ip='198.51.100.7' port='1'"
              + " protocol='udp' type='host'/>"
              + "<rtcp-mux/>"
              + "</transport>";
      IceUdpTransport t = RoundTrip.check(xml, IceUdpTransport::parse, IceUdpTransport::toElement);
      assertThat(t.fingerprint().setup()).isEqualTo("active");
    }

    @Test
    void replacingTheFingerprintKeepsItsPlaceAndTheUnknownParts() throws Exception {
      IceUdpTransport t =
          IceUdpTransport.parse(
              Xml.parse(
                  "<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' x-a='1'>"
                      + "<fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256'"
                      + " setup='actpass'>2E:CC</fingerprint><x-ext/><rtcp-mux/></transport>"));
      assertThat(t.withFingerprint(t.fingerprint().withSetup("active")).toElement().toXml())
          .isEqualTo(
              "<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' x-a='1'>"
                  + "<fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256'"
                  + " setup='active'>2E:CC</fingerprint><x-ext/><rtcp-mux/></transport>");
    }

    @Test
    void aTransportBuiltFromItsPartsHasTheUsualOrder() {
      IceUdpTransport t =
          new IceUdpTransport(
              "u",
              "p",
              List.of(),
              true,
              new DtlsFingerprint("sha-256", "actpass", null, "2E"),
              new WebSocket("wss://b/x"));
      assertThat(t.toElement().toXml())
          .isEqualTo(
              "<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='u' pwd='p'>"
                  + "<rtcp-mux/>"
                  + "<fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256'"
                  + " setup='actpass'>2E</fingerprint>"
                  + "<web-socket xmlns='http://jitsi.org/protocol/colibri' url='wss://b/x'/>"
                  + "</transport>");
    }

    @Test
    void aCandidateWhosePortIsNotANumberIsABadRequest() {
      assertThatThrownBy(
              () ->
                  IceCandidate.parse(
                      Xml.parse(
                          "<candidate xmlns='urn:xmpp:jingle:transports:ice-udp:1' port='x'/>")))
          .isInstanceOf(SignallingException.class)
          .hasMessageContaining("port is not a number");
    }
  }

  @Nested
  class Descriptions {
    @Test
    void anAudioDescriptionWithRedOpusAndASourceSurvivesARoundTrip() throws Exception {
      RtpDescription d =
          RoundTrip.check(AUDIO_DESCRIPTION, RtpDescription::parse, RtpDescription::toElement);
      assertThat(d.payloadTypes())
          .extracting(PayloadType::name)
          .containsExactly("red", "opus", "telephone-event");
      assertThat(d.payloadTypes().get(1).parameter("useinbandfec")).isEqualTo("1");
      assertThat(d.sources().get(0).owner()).isEqualTo("b7c8d9e0");
      assertThat(d.sources().get(0).msid()).isEqualTo("b7-a 7f");
    }

    @Test
    void aVideoDescriptionWithRtxAndAnFidGroupSurvivesARoundTrip() throws Exception {
      RtpDescription d =
          RoundTrip.check(VIDEO_DESCRIPTION, RtpDescription::parse, RtpDescription::toElement);
      assertThat(d.payloadTypes().get(1).isRtx()).isTrue();
      assertThat(d.payloadTypes().get(1).parameter("apt")).isEqualTo("100");
      assertThat(d.groups().get(0).isRetransmission()).isTrue();
      assertThat(d.groups().get(0).ssrcs()).containsExactly(11L, 12L);
    }

    @Test
    void aPayloadTypeIdOutsideSevenBitsIsABadRequest() {
      assertThatThrownBy(
              () ->
                  PayloadType.parse(
                      Xml.parse("<payload-type xmlns='urn:xmpp:jingle:apps:rtp:1' id='128'/>")))
          .isInstanceOf(SignallingException.class)
          .hasMessageContaining("out of range");
    }

    @Test
    void anSsrcAbove32BitsIsABadRequest() {
      assertThatThrownBy(
              () ->
                  SsmaSource.parse(
                      Xml.parse(
                          "<source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='4294967296'/>")))
          .isInstanceOf(SignallingException.class)
          .hasMessageContaining("ssrc out of range");
    }
  }

  @Test
  void aSessionInitiateWithContentsGroupBridgeSessionAndJsonSurvivesARoundTrip() throws Exception {
    String xml =
        "<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' sid='7h2kq'"
            + " initiator='focus@auth.meet.example/focus'>"
            + "<content creator='initiator' name='audio' senders='both'>"
            + AUDIO_DESCRIPTION
            + TRANSPORT
            + "</content>"
            + "<content creator='initiator' name='video' senders='both'>"
            + VIDEO_DESCRIPTION
            + TRANSPORT
            + "</content>"
            + "<json-message xmlns='http://jitsi.org/jitmeet'>{\"sources\":{}}</json-message>"
            + "<group xmlns='urn:xmpp:jingle:apps:grouping:0' semantics='BUNDLE'>"
            + "<content name='audio'/><content name='video'/></group>"
            + "<bridge-session xmlns='http://jitsi.org/protocol/focus' id='0b8e41c2'"
            + " region='eu-west-1'/>"
            + "</jingle>";
    Jingle j = RoundTrip.check(xml, Jingle::parse, Jingle::toElement);
    assertThat(j.contents()).extracting(Content::name).containsExactly("audio", "video");
    assertThat(j.group().contents()).containsExactly("audio", "video");
    assertThat(j.bridgeSession().region()).isEqualTo("eu-west-1");
    assertThat(j.json().json()).isEqualTo("{\"sources\":{}}");
  }

  @Test
  void aSessionTerminateWithAReasonSurvivesARoundTrip() throws Exception {
    String xml =
        "<jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' sid='7h2kq'>"
            + "<reason><general-error/><text>jingle session failed</text></reason></jingle>";
    Jingle j = RoundTrip.check(xml, Jingle::parse, Jingle::toElement);
    assertThat(j.reason()).isEqualTo(new Reason("general-error", "jingle session failed"));
  }
}
