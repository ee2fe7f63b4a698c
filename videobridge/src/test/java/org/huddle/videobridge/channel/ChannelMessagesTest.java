package org.huddle.videobridge.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.huddle.videobridge.endpoint.ReceiverConstraints;
import org.junit.jupiter.api.Test;

class ChannelMessagesTest {
  @Test
  void receiverVideoConstraintsKeepWhatTheyDoNotMention() {
    ReceiverConstraints c =
        ChannelMessages.constraints(
            ChannelMessages.parse(
                "{\"colibriClass\":\"ReceiverVideoConstraints\",\"lastN\":3,"
                    + "\"onStageSources\":[\"a-v0\"],\"defaultConstraints\":{\"maxHeight\":180},"
                    + "\"constraints\":{\"a-v0\":{\"maxHeight\":720}}}"),
            ReceiverConstraints.DEFAULT);
    assertThat(c.lastN()).isEqualTo(3);
    assertThat(c.onStageSources()).containsExactly("a-v0");
    assertThat(c.maxHeight("a-v0")).isEqualTo(720);
    assertThat(c.maxHeight("b-v0")).isEqualTo(180);
    ReceiverConstraints later =
        ChannelMessages.constraints(
            ChannelMessages.parse("{\"colibriClass\":\"ReceiverVideoConstraints\",\"lastN\":1}"),
            c);
    assertThat(later.lastN()).isEqualTo(1);
    assertThat(later.maxHeight("a-v0")).isEqualTo(720);
  }

  @Test
  void theBridgeWritesJitsisFieldNames() {
    assertThat(ChannelMessages.dominantSpeaker("a", List.of("b")))
        .isEqualTo(
            "{\"colibriClass\":\"DominantSpeakerEndpointChangeEvent\","
                + "\"dominantSpeakerEndpoint\":\"a\",\"previousSpeakers\":[\"b\"],\"silence\":false}");
    assertThat(ChannelMessages.connectivity("a", true)).contains("\"active\":\"true\"");
    assertThat(ChannelMessages.forwardedSources(List.of("a-v0")))
        .contains("\"forwardedSources\":[\"a-v0\"]");
  }

  @Test
  void garbageIsNotAMessage() {
    assertThat(ChannelMessages.parse("not json")).isNull();
    assertThat(ChannelMessages.parse("[1,2]")).isNull();
    assertThat(ChannelMessages.parse("{\"colibriClass\":5}")).isNull();
  }
}
