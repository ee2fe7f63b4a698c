package org.huddle.videobridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.conference.Conference;
import org.huddle.videobridge.testkit.BridgeChannelClient;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.videobridge.testkit.MediaSender;
import org.huddle.videobridge.testkit.TestBridges;
import org.huddle.videobridge.testkit.TestConference;
import org.huddle.videobridge.testkit.TestEndpoint;
import org.junit.jupiter.api.Test;

/**
 * An endpoint that stops answering (RFC 7675 consent) is dropped, the others are told, and its
 * media summary is given.
 */
class ConsentFreshnessTest {
  @Test
  void anEndpointThatStopsAnsweringIsDroppedAndTheOthersHearItWentInactive() throws Exception {
    try (Videobridge bridge = TestBridges.start("videobridge.ice.consent-timeout = 3 seconds");
        TestConference conference = new TestConference(bridge, "consent")) {
      java.util.List<org.huddle.videobridge.MediaSummary> summaries =
          new java.util.concurrent.CopyOnWriteArrayList<>();
      bridge.onMediaSummary(summaries::add);
      Colibri2Requests.Sources bobSources =
          new Colibri2Requests.Sources(300L, List.of(310L), List.of(320L));
      TestEndpoint bob = conference.join("bob", bobSources);
      MediaSender bobMedia = new MediaSender(bob, bobSources);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> bridge.conferences().byMeetingId("consent").endpoint("bob").isConnected());
      AtomicBoolean done = new AtomicBoolean();
      // Bob is alive: he keeps sending audio, for at most 30 s.
      Thread bobTalks =
          Thread.ofPlatform()
              .start(
                  () -> {
                    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (!done.get() && System.nanoTime() < end) {
                      try {
                        bobMedia.send(10, 0);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
      try (BridgeChannelClient bobChannel = conference.openChannel("bob")) {
        TestEndpoint alice = conference.join("alice", null);
        Conference c = bridge.conferences().byMeetingId("consent");
        alice.goSilent();
        JsonNode inactive = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && (c.endpoint("alice") != null || inactive == null)) {
          JsonNode m =
              bobChannel.next("EndpointConnectivityStatusChangeEvent", Duration.ofMillis(200));
          // alice's connection first reports active; the loop waits for her going inactive
          if (m != null
              && "alice".equals(m.path("endpoint").asText())
              && "false".equals(m.path("active").asText())) {
            inactive = m;
          }
        }
        assertThat(c.endpoint("alice")).as("alice dropped").isNull();
        assertThat(c.endpoint("bob"))
            .as(
                "bob kept; bob send failures %d, bridge %s",
                bob.sendFailures(), bridge.stats().snapshot())
            .isNotNull();
        assertThat(inactive).as("bob hears that alice went inactive").isNotNull();
        // The endpoint leaves the conference's map before its summary is handed out.
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> !summaries.isEmpty());
        assertThat(summaries)
            .as("the dropped endpoint's media summary, and only its")
            .extracting(org.huddle.videobridge.MediaSummary::endpointId)
            .containsExactly("alice");
        assertThat(summaries.get(0).meetingId()).isEqualTo("consent");
      } finally {
        done.set(true);
        bobTalks.join(5000);
      }
    }
  }
}
