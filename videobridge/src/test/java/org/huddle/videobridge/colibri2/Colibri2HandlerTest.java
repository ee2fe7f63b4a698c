package org.huddle.videobridge.colibri2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.Xml;
import org.huddle.signalling.colibri2.Colibri2Error;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.videobridge.testkit.TestBridges;
import org.huddle.videobridge.testkit.TestEndpoint;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Colibri2 requests as Jicofo sends them, and the answers and errors of
 * docs/wire.md#colibri2-errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Colibri2HandlerTest {
  Videobridge bridge;
  Colibri2Handler handler;
  TestEndpoint endpoint;

  @BeforeAll
  void start() throws Exception {
    bridge = TestBridges.start("");
    handler = bridge.colibri2();
    endpoint = new TestEndpoint("e1");
  }

  @AfterAll
  void stop() {
    endpoint.close();
    bridge.close();
  }

  static SignallingException error(Colibri2Handler h, Element request) {
    return catchThrowableOfType(SignallingException.class, () -> h.handle(request));
  }

  static Element parse(String xml) {
    return Xml.parse(xml);
  }

  @Nested
  class Creating {
    @Test
    void createsAConferenceWithAnEndpointAndAnswersWithTransportAndFeedbackSources()
        throws Exception {
      Element answer =
          handler.handle(
              Colibri2Requests.createEndpoint(
                  Colibri2Requests.conferenceModify("m-create", true),
                  endpoint,
                  Colibri2Requests.Sources.of(10)));
      assertThat(answer.name()).isEqualTo("conference-modified");
      Element ice = Colibri2Requests.bridgeTransport(answer, "e1");
      assertThat(ice.attr("ufrag")).isNotBlank();
      assertThat(ice.attr("pwd")).isNotBlank();
      assertThat(ice.elements("candidate", null)).isNotEmpty();
      assertThat(ice.child("candidate", null).attr("ip")).isEqualTo("127.0.0.1");
      Element fp = ice.child("fingerprint", WireNamespaces.DTLS);
      assertThat(fp.attr("hash")).isEqualTo("sha-256");
      assertThat(fp.attr("setup")).isEqualTo("actpass");
      assertThat(fp.text()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
      assertThat(ice.child("rtcp-mux", null)).isNotNull();
      String ws = ice.child("web-socket", WireNamespaces.COLIBRI).attr("url");
      String conferenceId = bridge.conferences().byMeetingId("m-create").id();
      assertThat(ws)
          .matches(
              "ws://127\\.0\\.0\\.1/colibri-ws/jvb1/" + conferenceId + "/e1\\?pwd=[A-Za-z0-9]{24}");
      Element sources = answer.child("sources", WireNamespaces.COLIBRI2);
      assertThat(sources.elements("media-source", null))
          .extracting(m -> m.attr("id"))
          .containsExactly("jvb-a0", "jvb-v0");
    }

    @Test
    void aSecondCreateForTheSameMeetingIsAConflict() throws Exception {
      handler.handle(Colibri2Requests.conferenceModify("m-twice", true));
      SignallingException e = error(handler, Colibri2Requests.conferenceModify("m-twice", true));
      assertThat(e.condition()).isEqualTo("conflict");
      assertThat(e.reason()).isEqualTo("conference_already_exists");
    }

    @Test
    void anEndpointWithoutTheSourceNamesCapabilityIsRefused() throws Exception {
      handler.handle(Colibri2Requests.conferenceModify("m-caps", true));
      Element req =
          parse(
              "<conference-modify xmlns='jitsi:colibri2' meeting-id='m-caps'>"
                  + "<endpoint id='x' create='true'><transport/></endpoint></conference-modify>");
      SignallingException e = error(handler, req);
      assertThat(e.condition()).isEqualTo("bad-request");
      assertThat(e.getMessage()).contains("source-names");
    }
  }

  @Nested
  class Errors {
    @Test
    void anUnknownConferenceIsItemNotFoundWithItsReason() {
      SignallingException e =
          error(handler, parse("<conference-modify xmlns='jitsi:colibri2' meeting-id='nope'/>"));
      assertThat(e.condition()).isEqualTo("item-not-found");
      assertThat(e.reason()).isEqualTo("conference_not_found");
      assertThat(Colibri2Error.extensionsOf(e))
          .extracting(Element::toXml)
          .containsExactly("<error xmlns='jitsi:colibri2' reason='conference_not_found'/>");
    }

    @Test
    void anUnknownEndpointIsItemNotFoundNamingTheEndpoint() throws Exception {
      handler.handle(Colibri2Requests.conferenceModify("m-unknown-ep", true));
      SignallingException e =
          error(
              handler,
              parse(
                  "<conference-modify xmlns='jitsi:colibri2' meeting-id='m-unknown-ep'>"
                      + "<endpoint id='ghost'><force-mute audio='true'/></endpoint></conference-modify>"));
      assertThat(e.reason()).isEqualTo("unknown_endpoint");
      assertThat(e.endpointId()).isEqualTo("ghost");
      assertThat(Colibri2Error.extensionsOf(e))
          .extracting(Element::toXml)
          .contains("<endpoint xmlns='jitsi:colibri2' id='ghost'/>");
    }

    @Test
    void aMissingMeetingIdIsABadRequest() {
      SignallingException e = error(handler, parse("<conference-modify xmlns='jitsi:colibri2'/>"));
      assertThat(e.condition()).isEqualTo("bad-request");
    }

    @Test
    void aMalformedSsrcIsABadRequestAndChangesNothing() throws Exception {
      handler.handle(Colibri2Requests.conferenceModify("m-bad-ssrc", true));
      Element req =
          parse(
              "<conference-modify xmlns='jitsi:colibri2' meeting-id='m-bad-ssrc'>"
                  + "<endpoint id='e' create='true'><capability name='source-names'/><transport/>"
                  + "<sources><media-source type='audio' id='e-a0'>"
                  + "<source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='not-a-number'/>"
                  + "</media-source></sources></endpoint></conference-modify>");
      SignallingException e = error(handler, req);
      assertThat(e.condition()).isEqualTo("bad-request");
      assertThat(bridge.conferences().byMeetingId("m-bad-ssrc").endpoint("e")).isNull();
    }

    @Test
    void relaysAreNotImplemented() throws Exception {
      handler.handle(Colibri2Requests.conferenceModify("m-relay", true));
      SignallingException e =
          error(
              handler,
              parse(
                  "<conference-modify xmlns='jitsi:colibri2' meeting-id='m-relay'>"
                      + "<relay id='r1'/></conference-modify>"));
      assertThat(e.condition()).isEqualTo("feature-not-implemented");
      assertThat(e.reason()).isEqualTo("feature_not_implemented");
    }

    @Test
    void aPayloadTypeOutOfRangeIsABadRequest() throws Exception {
      handler.handle(Colibri2Requests.conferenceModify("m-bad-pt", true));
      Element req =
          parse(
              "<conference-modify xmlns='jitsi:colibri2' meeting-id='m-bad-pt'>"
                  + "<endpoint id='e' create='true'><capability name='source-names'/><transport/>"
                  + "<media type='audio'><payload-type xmlns='urn:xmpp:jingle:apps:rtp:1' id='300' name='opus'/>"
                  + "</media></endpoint></conference-modify>");
      assertThat(error(handler, req).condition()).isEqualTo("bad-request");
    }
  }

  @Nested
  class Expiring {
    @Test
    void expiringAnEndpointEchoesItAndRemovesIt() throws Exception {
      try (TestEndpoint e = new TestEndpoint("gone")) {
        handler.handle(
            Colibri2Requests.createEndpoint(
                Colibri2Requests.conferenceModify("m-expire", true), e, null));
        Element answer =
            handler.handle(
                parse(
                    "<conference-modify xmlns='jitsi:colibri2' meeting-id='m-expire'>"
                        + "<endpoint id='gone' expire='true'/></conference-modify>"));
        assertThat(answer.toXml()).contains("<endpoint id='gone' expire='true'/>");
        assertThat(bridge.conferences().byMeetingId("m-expire").endpoint("gone")).isNull();
      }
    }

    @Test
    void expiringTheConferenceRemovesIt() throws Exception {
      handler.handle(Colibri2Requests.conferenceModify("m-end", true));
      handler.handle(
          parse("<conference-modify xmlns='jitsi:colibri2' meeting-id='m-end' expire='true'/>"));
      assertThat(bridge.conferences().byMeetingId("m-end")).isNull();
    }

    @Test
    void aShuttingDownBridgeRefusesNewConferences() throws Exception {
      try (Videobridge other = TestBridges.start("")) {
        Thread t = new Thread(other::shutdownGracefully);
        other.colibri2().handle(Colibri2Requests.conferenceModify("keeps-it-busy", true));
        t.start();
        org.awaitility.Awaitility.await()
            .until(
                () ->
                    error(other.colibri2(), Colibri2Requests.conferenceModify("late", true))
                        != null);
        SignallingException e =
            error(other.colibri2(), Colibri2Requests.conferenceModify("late2", true));
        assertThat(e.condition()).isEqualTo("service-unavailable");
        assertThat(e.reason()).isEqualTo("graceful_shutdown");
        t.join(10_000);
      }
    }
  }
}
