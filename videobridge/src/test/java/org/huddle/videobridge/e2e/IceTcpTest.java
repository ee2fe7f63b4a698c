package org.huddle.videobridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.endpoint.Endpoint;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.videobridge.testkit.MediaSender;
import org.huddle.videobridge.testkit.ReceivedRtp;
import org.huddle.videobridge.testkit.TestBridges;
import org.huddle.videobridge.testkit.TestConference;
import org.huddle.videobridge.testkit.TestEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * ICE-TCP is the bridge's own path for a browser whose UDP is blocked. Alice has nothing but an
 * active TCP candidate (no UDP socket at all), so ICE, DTLS and SRTP can only run over the bridge's
 * ICE-TCP port; bob is on UDP. Media must flow both ways, intact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IceTcpTest {
  Videobridge bridge;
  TestConference conference;
  TestEndpoint alice;
  TestEndpoint bob;
  final Colibri2Requests.Sources aliceSources = MediaRoutingTest.single(7000);
  final Colibri2Requests.Sources bobSources = MediaRoutingTest.single(8000);

  @BeforeAll
  void join() throws Exception {
    bridge = TestBridges.start("");
    conference = new TestConference(bridge, "ice-tcp");
    alice = conference.join(TestEndpoint.overTcp("alice"), aliceSources);
    bob = conference.join("bob", bobSources);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                bridge.conferences().byMeetingId("ice-tcp").endpoints().stream()
                    .allMatch(Endpoint::isConnected));
  }

  @AfterAll
  void leave() {
    conference.close();
    bridge.close();
  }

  @Test
  void anEndpointWithoutUdpExchangesMediaOverIceTcp() throws Exception {
    var endpoints = bridge.conferences().byMeetingId("ice-tcp");
    assertThat(endpoints.endpoint("alice").transport().selectedProtocol()).isEqualTo("tcp");
    assertThat(endpoints.endpoint("bob").transport().selectedProtocol()).isEqualTo("udp");
    long framesBefore = bridge.stats().get("tcp-port.in");

    int n = 50;
    MediaSender aliceMedia = new MediaSender(alice, aliceSources);
    MediaSender bobMedia = new MediaSender(bob, bobSources);
    int aliceFirst = aliceMedia.rounds();
    int bobFirst = bobMedia.rounds();
    aliceMedia.send(n, 1);
    bobMedia.send(n, 1);

    List<ReceivedRtp> bobGot = MediaRoutingTest.drainFor(bob, 2 * n);
    MediaRoutingTest.assertIntactInOrder(
        MediaRoutingTest.only(bobGot, aliceSources.audioSsrc()), "alice-a", aliceFirst, n);
    MediaRoutingTest.assertIntactInOrder(
        MediaRoutingTest.only(bobGot, aliceSources.simulcast().get(0)), "alice-v0", aliceFirst, n);
    List<ReceivedRtp> aliceGot = MediaRoutingTest.drainFor(alice, 2 * n);
    MediaRoutingTest.assertIntactInOrder(
        MediaRoutingTest.only(aliceGot, bobSources.audioSsrc()), "bob-a", bobFirst, n);
    MediaRoutingTest.assertIntactInOrder(
        MediaRoutingTest.only(aliceGot, bobSources.simulcast().get(0)), "bob-v0", bobFirst, n);
    // Alice's packets came in as RFC 4571 frames on the TCP port.
    assertThat(bridge.stats().get("tcp-port.in") - framesBefore).isGreaterThanOrEqualTo(2L * n);
    assertThat(alice.undecryptable()).isZero();
  }
}
