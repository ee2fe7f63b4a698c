package org.huddle.videobridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.testkit.BridgeChannelClient;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.videobridge.testkit.MediaSender;
import org.huddle.videobridge.testkit.TestBridges;
import org.huddle.videobridge.testkit.TestConference;
import org.huddle.videobridge.testkit.TestEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The colibri-ws bridge channel, as a Jitsi client uses it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeChannelTest {
  Videobridge bridge;
  TestConference conference;
  TestEndpoint ann;
  TestEndpoint ben;
  TestEndpoint cat;
  MediaSender annMedia;
  MediaSender benMedia;
  BridgeChannelClient annChannel;
  BridgeChannelClient catChannel;

  @BeforeAll
  void setUp() throws Exception {
    bridge = TestBridges.start("");
    conference = new TestConference(bridge, "channel");
    Colibri2Requests.Sources a = new Colibri2Requests.Sources(100L, List.of(110L), List.of(120L));
    Colibri2Requests.Sources b = new Colibri2Requests.Sources(200L, List.of(210L), List.of(220L));
    ann = conference.join("ann", a);
    ben = conference.join("ben", b);
    cat = conference.join("cat", null);
    annMedia = new MediaSender(ann, a);
    benMedia = new MediaSender(ben, b);
    annChannel = conference.openChannel("ann");
    catChannel = conference.openChannel("cat");
  }

  @AfterAll
  void tearDown() throws Exception {
    annChannel.close();
    catChannel.close();
    conference.close();
    bridge.close();
  }

  @Test
  void theBridgeSaysServerHelloWithItsVersionOnOpen() throws Exception {
    try (BridgeChannelClient c = conference.openChannel("ben")) {
      JsonNode hello = c.next("ServerHello", Duration.ofSeconds(10));
      assertThat(hello).isNotNull();
      assertThat(hello.path("version").asText()).isEqualTo(bridge.config().version());
    }
  }

  @Test
  void aWrongPasswordIsRefused() {
    String url = conference.webSocketUrl("cat").replaceAll("pwd=[^&]+", "pwd=wrong");
    assertThatThrownBy(() -> BridgeChannelClient.connect(url, bridge.publicHttpPort()))
        .hasStackTraceContaining("403");
  }

  @Test
  void anEndpointMessageIsRelayedWithItsSenderFilledIn() throws Exception {
    annChannel.send(
        "{\"colibriClass\":\"EndpointMessage\",\"to\":\"cat\",\"msgPayload\":{\"hi\":1},\"from\":\"forged\"}");
    JsonNode m = catChannel.next("EndpointMessage", Duration.ofSeconds(10));
    assertThat(m).isNotNull();
    assertThat(m.path("from").asText()).isEqualTo("ann");
    assertThat(m.path("msgPayload").path("hi").asInt()).isEqualTo(1);
  }

  @Test
  void malformedMessagesAndBadReactionsAreRefusedToTheirSenderAndRelayedToNobody()
      throws Exception {
    long before = bridge.channelMessagesRefused();
    annChannel.send("{\"colibriClass\":\"EndpointMessage\",\"to\":\"cat\",");
    JsonNode malformed = annChannel.next("HuddleMessageRefused", Duration.ofSeconds(10));
    assertThat(malformed).isNotNull();
    assertThat(malformed.path("reason").asText()).isEqualTo("malformed");
    String oversized =
        "{\"name\":\"endpoint-reaction\",\"reactions\":[\"like\"],\"pad\":\""
            + "x".repeat(1100)
            + "\"}";
    for (String payload :
        List.of(
            "{\"name\":\"endpoint-reaction\",\"reactions\":\"like\"}",
            "{\"name\":\"endpoint-reaction\",\"reactions\":[]}",
            "{\"name\":\"endpoint-reaction\",\"reactions\":[1]}",
            oversized)) {
      annChannel.send(
          "{\"colibriClass\":\"EndpointMessage\",\"to\":\"cat\",\"msgPayload\":" + payload + "}");
      JsonNode refused = annChannel.next("HuddleMessageRefused", Duration.ofSeconds(10));
      assertThat(refused).as(payload).isNotNull();
      assertThat(refused.path("reason").asText()).isEqualTo("bad-payload");
    }
    assertThat(bridge.channelMessagesRefused() - before).isEqualTo(5);
    annChannel.send(
        "{\"colibriClass\":\"EndpointMessage\",\"to\":\"cat\",\"msgPayload\":"
            + "{\"name\":\"endpoint-reaction\",\"reactions\":[\"clap\"],\"timestamp\":1}}");
    JsonNode next = catChannel.next("EndpointMessage", Duration.ofSeconds(10));
    assertThat(next.path("msgPayload").path("reactions").get(0).asText())
        .as("cat got none of the refused ones, then the good reaction")
        .isEqualTo("clap");
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class DominantSpeakerAndLastN {
    /** Sends with one loud and one silent speaker until cat hears about {@code expected}. */
    JsonNode speakUntilAnnounced(MediaSender loud, MediaSender silent, String expected)
        throws Exception {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline) {
        loud.send(10, 1, 10);
        silent.send(10, 1, 127);
        JsonNode m;
        while ((m = catChannel.next("DominantSpeakerEndpointChangeEvent", Duration.ofMillis(1)))
            != null) {
          if (expected.equals(m.path("dominantSpeakerEndpoint").asText())) {
            return m;
          }
        }
      }
      return null;
    }

    List<String> lastForwarded(Duration wait) throws Exception {
      List<String> sources = null;
      JsonNode m;
      while ((m = catChannel.next("ForwardedSources", wait)) != null) {
        sources = new ArrayList<>();
        for (JsonNode s : m.path("forwardedSources")) {
          sources.add(s.asText());
        }
        wait = Duration.ofMillis(300);
      }
      return sources;
    }

    @Test
    void theDominantSpeakerFollowsTheLoudestEndpointAndLastNFollowsTheSpeaker() throws Exception {
      catChannel.send("{\"colibriClass\":\"ReceiverVideoConstraints\",\"lastN\":1}");

      JsonNode first = speakUntilAnnounced(annMedia, benMedia, "ann");
      assertThat(first).as("ann announced as dominant speaker").isNotNull();
      assertThat(lastForwarded(Duration.ofSeconds(5))).containsExactly("ann-v0");

      JsonNode second = speakUntilAnnounced(benMedia, annMedia, "ben");
      assertThat(second).as("ben announced as dominant speaker").isNotNull();
      assertThat(second.path("previousSpeakers").get(0).asText()).isEqualTo("ann");
      assertThat(lastForwarded(Duration.ofSeconds(5))).containsExactly("ben-v0");
    }
  }
}
