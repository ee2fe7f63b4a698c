package org.huddle.videobridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.colibri2.Colibri2;
import org.huddle.videobridge.colibri2.XmlElement;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.videobridge.testkit.TestBridges;
import org.huddle.videobridge.testkit.TestEndpoint;
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
      XmlElement create =
          Colibri2Requests.createEndpoint(
              Colibri2Requests.conferenceModify("trickle", true), e, null);
      XmlElement ice =
          create
              .child("endpoint", Colibri2.NS)
              .orElseThrow()
              .child("transport", Colibri2.NS)
              .orElseThrow()
              .child("transport", Colibri2.NS_ICE_UDP)
              .orElseThrow();
      List<XmlElement> candidates = List.copyOf(ice.children("candidate"));
      ice.children().removeAll(candidates);
      XmlElement answer = bridge.colibri2().handle(create);
      e.connect(Colibri2Requests.bridgeTransport(answer, "late"));
      Thread.sleep(1500);
      var bridgeSide = bridge.conferences().byMeetingId("trickle").endpoint("late");
      assertThat(bridgeSide).as("not dropped while waiting for candidates").isNotNull();

      XmlElement update = Colibri2Requests.conferenceModify("trickle", false);
      XmlElement trickled =
          update
              .add("endpoint", Colibri2.NS)
              .attr("id", "late")
              .add("transport", Colibri2.NS)
              .add("transport", Colibri2.NS_ICE_UDP)
              .attr("ufrag", ice.attr("ufrag"))
              .attr("pwd", ice.attr("pwd"));
      candidates.forEach(trickled::add);
      bridge.colibri2().handle(update);
      assertThat(e.awaitConnected(Duration.ofSeconds(20))).isTrue();
    }
  }
}
