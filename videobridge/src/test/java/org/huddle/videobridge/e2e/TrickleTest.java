package org.huddle.videobridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.huddle.signalling.colibri2.Endpoint;
import org.huddle.signalling.colibri2.Transport;
import org.huddle.signalling.jingle.IceCandidate;
import org.huddle.signalling.jingle.IceUdpTransport;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.videobridge.testkit.TestBridges;
import org.huddle.videobridge.testkit.TestEndpoint;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.Test;

/**
 * Jicofo sends the endpoint's transport first without candidates (from session-accept) and the
 * candidates later (from transport-info): the bridge waits for them and then connects.
 */
class TrickleTest {
  @Test
  void candidatesThatArriveInALaterUpdateStillConnect() throws Exception {
    try (Videobridge bridge = TestBridges.start("");
        TestEndpoint e = new TestEndpoint("late")) {
      Element create =
          Colibri2Requests.createEndpoint(
              Colibri2Requests.conferenceModify("trickle", true), e, null);
      Element ice =
          create
              .child(Endpoint.ELEMENT, Endpoint.NAMESPACE)
              .child(Transport.ELEMENT, Transport.NAMESPACE)
              .child(IceUdpTransport.ELEMENT, IceUdpTransport.NAMESPACE);
      List<Element> candidates = List.copyOf(ice.elements(IceCandidate.ELEMENT, null));
      ice.remove(IceCandidate.ELEMENT, null);
      Element answer = bridge.colibri2().handle(create);
      e.connect(Colibri2Requests.bridgeTransport(answer, "late"));
      Thread.sleep(1500);
      var bridgeSide = bridge.conferences().byMeetingId("trickle").endpoint("late");
      assertThat(bridgeSide).as("not dropped while waiting for candidates").isNotNull();

      Element update = Colibri2Requests.conferenceModify("trickle", false);
      Element trickled =
          update
              .addChild(Endpoint.ELEMENT, Endpoint.NAMESPACE)
              .attr("id", "late")
              .addChild(Transport.ELEMENT, Transport.NAMESPACE)
              .addChild(IceUdpTransport.ELEMENT, IceUdpTransport.NAMESPACE)
              .attr("ufrag", ice.attr("ufrag"))
              .attr("pwd", ice.attr("pwd"));
      candidates.forEach(trickled::add);
      bridge.colibri2().handle(update);
      assertThat(e.awaitConnected(Duration.ofSeconds(20))).isTrue();
    }
  }
}
