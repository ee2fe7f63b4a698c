package org.huddle.videobridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * Chromium, ICE-controlled, sends its ClientHello as soon as its own check to the bridge succeeds:
 * before the focus has passed its session-accept (transport, DTLS role) on to the bridge, and so
 * before the bridge has a valid pair to answer on. The bridge's answer, as DTLS server, must wait
 * for that pair rather than be dropped: dropped, the handshake waited for a retransmission, which
 * cost a join in the browser 50–600 ms (docs/web.md, "Join time").
 */
class EarlyClientHelloTest {
  @Test
  void theBridgesAnswerToAnEarlyClientHelloWaitsForAValidPairAndGoesOutOnIt() throws Exception {
    try (Videobridge bridge = TestBridges.start("");
        TestEndpoint e = TestEndpoint.eager("eager")) {
      // The focus allocates the endpoint before the participant has answered: none of its ICE.
      Element create =
          Colibri2Requests.createEndpoint(
              Colibri2Requests.conferenceModify("early", true), e, null);
      Element endpoint = create.child(Endpoint.ELEMENT, Endpoint.NAMESPACE);
      Element transport = endpoint.child(Transport.ELEMENT, Transport.NAMESPACE);
      Element ice = transport.child(IceUdpTransport.ELEMENT, IceUdpTransport.NAMESPACE);
      transport.remove(IceUdpTransport.ELEMENT, IceUdpTransport.NAMESPACE);
      Element answer = bridge.colibri2().handle(create);
      long dtlsBefore = bridge.stats().get("dtls-validator.in");
      e.connect(Colibri2Requests.bridgeTransport(answer, "eager"));
      await()
          .alias("the ClientHello reaches the bridge before its session-accept does")
          .atMost(Duration.ofSeconds(20))
          .until(() -> bridge.stats().get("dtls-validator.in") > dtlsBefore);

      // The session-accept's transport, its candidates still to come (trickle): the bridge is
      // DTLS server and answers at once, with no pair yet to send on.
      List<Element> candidates = List.copyOf(ice.elements(IceCandidate.ELEMENT, null));
      ice.remove(IceCandidate.ELEMENT, null);
      bridge.colibri2().handle(update(endpoint.attr("id"), ice));
      await()
          .alias("the bridge answers the ClientHello")
          .atMost(Duration.ofSeconds(20))
          .until(() -> sendFailed(bridge) > 0 || bridge.stats().get("dtls.held") > 0);
      assertThat(sendFailed(bridge))
          .as("the bridge's first flight, written before ICE had a pair, is held, not dropped")
          .isZero();

      Element trickled = ice.copy();
      trickled.remove(IceCandidate.ELEMENT, null);
      candidates.forEach(trickled::add);
      bridge.colibri2().handle(update(endpoint.attr("id"), trickled));
      assertThat(e.awaitConnected(Duration.ofSeconds(20))).isTrue();
      assertThat(sendFailed(bridge)).isZero();
    }
  }

  private static long sendFailed(Videobridge bridge) {
    return bridge.stats().get("dtls.dropped.send-failed");
  }

  private static Element update(String endpointId, Element iceTransport) {
    Element update = Colibri2Requests.conferenceModify("early", false);
    update
        .addChild(Endpoint.ELEMENT, Endpoint.NAMESPACE)
        .attr("id", endpointId)
        .addChild(Transport.ELEMENT, Transport.NAMESPACE)
        .add(iceTransport.copy());
    return update;
  }
}
