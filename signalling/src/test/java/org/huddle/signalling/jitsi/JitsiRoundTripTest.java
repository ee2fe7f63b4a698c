package org.huddle.signalling.jitsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.huddle.signalling.RoundTrip;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.Xml;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.Test;

class JitsiRoundTripTest {
  @Test
  void aConferenceRequestWithPropertiesSurvivesARoundTrip() throws Exception {
    ConferenceIq c =
        RoundTrip.check(
            "<conference xmlns='http://jitsi.org/protocol/focus'"
                + " room='room1@conference.meet.example' machine-uid='m1'>"
                + "<property name='disableRtx' value='false'/>"
                + "<property name='startAudioMuted' value='9'/></conference>",
            e -> ConferenceIq.parse(e),
            ConferenceIq::toElement);
    assertThat(c.properties()).containsEntry("startAudioMuted", "9");
    assertThat(c.ready()).isNull();
  }

  @Test
  void aConferenceAnswerSurvivesARoundTrip() throws Exception {
    ConferenceIq c =
        RoundTrip.check(
            "<conference xmlns='http://jitsi.org/protocol/focus'"
                + " room='room1@conference.meet.example' ready='true'"
                + " focusjid='focus@auth.meet.example'/>",
            e -> ConferenceIq.parse(e),
            ConferenceIq::toElement);
    assertThat(c.ready()).isTrue();
  }

  @Test
  void breweryStatsAreWrittenSortedByNameAndReadBack() throws Exception {
    ColibriStats s = ColibriStats.of(Map.of("stress_level", 0.07, "region", "eu", "drain", false));
    String xml =
        "<stats xmlns='http://jitsi.org/protocol/colibri'>"
            + "<stat name='drain' value='false'/><stat name='region' value='eu'/>"
            + "<stat name='stress_level' value='0.07'/></stats>";
    assertThat(s.toElement().toXml()).isEqualTo(xml);
    ColibriStats back = RoundTrip.check(xml, e -> ColibriStats.parse(e), ColibriStats::toElement);
    assertThat(back.values()).isEqualTo(s.values());
  }

  @Test
  void aParticipantsRestartRequestsSurviveARoundTrip() throws Exception {
    BridgeSession terminate =
        RoundTrip.check(
            "<bridge-session xmlns='http://jitsi.org/protocol/focus' id='b1' restart='true'/>",
            e -> BridgeSession.parse(e),
            BridgeSession::toElement);
    assertThat(terminate.restart()).isTrue();
    assertThat(terminate.iceRestart()).isFalse();
    BridgeSession info =
        RoundTrip.check(
            "<bridge-session xmlns='http://jitsi.org/protocol/focus' id='b1' ice-restart='true'/>",
            e -> BridgeSession.parse(e),
            BridgeSession::toElement);
    assertThat(info.iceRestart()).isTrue();
  }

  @Test
  void onlyTrueAsksForARestart() {
    Element e =
        Xml.parse(
            "<bridge-session xmlns='http://jitsi.org/protocol/focus' restart='1'"
                + " ice-restart='TRUE'/>");
    BridgeSession s = BridgeSession.parse(e);
    assertThat(s.restart()).isFalse();
    assertThat(s.iceRestart()).isFalse();
  }

  @Test
  void theFocussOfferCarriesNoRequest() {
    assertThat(new BridgeSession("b1", "eu").toElement().toXml())
        .isEqualTo("<bridge-session xmlns='http://jitsi.org/protocol/focus' id='b1' region='eu'/>");
  }

  @Test
  void aJsonMessageAndAnSsrcInfoSurviveARoundTrip() throws Exception {
    RoundTrip.check(
        "<json-message xmlns='http://jitsi.org/jitmeet'>{\"sources\":{\"jvb\":[[],[],[]]}}"
            + "</json-message>",
        e -> JsonMessage.parse(e),
        JsonMessage::toElement);
    RoundTrip.check(
        "<ssrc-info xmlns='http://jitsi.org/jitmeet' owner='b7c8d9e0'/>",
        e -> SsrcInfo.parse(e),
        SsrcInfo::toElement);
  }

  @Test
  void theFocussConferencePropertiesSurviveARoundTrip() throws Exception {
    ConferenceProperties c =
        RoundTrip.check(
            "<conference-properties xmlns='http://jitsi.org/protocol/focus'>"
                + "<property key='visitor-count' value='0'/>"
                + "<property key='support-terminate-restart' value='true'/>"
                + "</conference-properties>",
            e -> ConferenceProperties.parse(e),
            ConferenceProperties::toElement);
    assertThat(c.properties()).containsEntry("support-terminate-restart", "true");
  }

  @Test
  void aModeratorsMuteRequestAndTheFocussNoticeSurviveARoundTrip() throws Exception {
    Mute request =
        RoundTrip.check(
            "<mute xmlns='http://jitsi.org/jitmeet/audio' jid='r@muc.example/abcd'>true</mute>",
            e -> Mute.parse(e),
            Mute::toElement);
    assertThat(request).isEqualTo(new Mute(false, "r@muc.example/abcd", null, true));
    Mute notice =
        RoundTrip.check(
            "<mute xmlns='http://jitsi.org/jitmeet/video' actor='r@muc.example/m1'>false</mute>",
            e -> Mute.parse(e),
            Mute::toElement);
    assertThat(notice.video()).isTrue();
    assertThat(notice.mute()).isFalse();
    assertThat(notice.actor()).isEqualTo("r@muc.example/m1");
  }

  @Test
  void aMuteWhoseTextIsNeitherTrueNorFalseOrInAnotherNamespaceIsABadRequest() {
    for (String xml :
        List.of(
            "<mute xmlns='http://jitsi.org/jitmeet/audio'>yes</mute>",
            "<mute xmlns='http://jitsi.org/jitmeet/audio'/>",
            "<mute xmlns='http://jitsi.org/jitmeet/desktop'>true</mute>")) {
      assertThatThrownBy(() -> Mute.parse(Xml.parse(xml)))
          .as(xml)
          .isInstanceOfSatisfying(
              SignallingException.class, e -> assertThat(e.condition()).isEqualTo("bad-request"));
    }
  }
}
