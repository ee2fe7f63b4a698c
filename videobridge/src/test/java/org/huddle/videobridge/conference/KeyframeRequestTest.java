package org.huddle.videobridge.conference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.endpoint.Endpoint;
import org.huddle.videobridge.endpoint.EndpointSources;
import org.huddle.videobridge.endpoint.MediaSourceDesc;
import org.huddle.videobridge.testkit.TestBridges;
import org.junit.jupiter.api.Test;

/**
 * Key frame requests to a sender whose transport is not up yet are not sent, and do not use up the
 * sender's rate limit, so the request made once media flows goes out at once. Before this, a
 * joiner's allocation asked every sender for a key frame that could reach nobody, and the request
 * that mattered could then be held back for the rest of the rate-limit interval.
 */
class KeyframeRequestTest {
  @Test
  void aSenderThatIsNotConnectedIsNotAskedAndKeepsItsRateLimit() throws Exception {
    try (Videobridge bridge = TestBridges.start("")) {
      Conference conference = bridge.conferences().create("keyframes", "keyframes");
      Endpoint sender = conference.createEndpoint("sender");
      sender.setSources(
          new EndpointSources(
              List.of(
                  new MediaSourceDesc(
                      "sender-v0", "sender", true, List.of(11L, 12L, 13L), Map.of(), "camera"))));
      conference.createEndpoint("receiver");
      assertThat(sender.isConnected()).isFalse();

      conference.reallocate(); // the receiver's projection of sender-v0 wants a key frame
      sender.requestKeyframe(11L);
      sender.requestKeyframe(11L);

      assertThat(bridge.stats().get("keyframe-requests.not-connected")).isGreaterThanOrEqualTo(2);
      assertThat(bridge.stats().get("keyframe-requests.pli")).isZero();
      assertThat(bridge.stats().get("keyframe-requests.fir")).isZero();
      assertThat(bridge.stats().get("keyframe-requests.suppressed"))
          .as("nothing counted against the rate limit while nothing could be sent")
          .isZero();
    }
  }
}
