package org.huddle.xmpp.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The transcript runner over in-memory streams: it logs in, and it fails with what it got. */
class TranscriptTest {
  @RegisterExtension static final TestServerExtension server = TestServerExtension.inMemory();

  @Test
  void theServerListensOnNoSocket() {
    assertThat(server.server().port()).isNegative();
    assertThat(server.server().componentPort()).isNegative();
    assertThat(server.server().httpPort()).isNegative();
  }

  @Test
  void anAnonymousPeerIsBoundOnTheMainDomain() {
    Peer alice = server.transcript().anonymous("alice");
    assertThat(alice.jid().domain()).isEqualTo(TestServer.DOMAIN);
    assertThat(alice.jid().resource()).isEqualTo("alice");
    assertThat(server.transcript().value("alice")).isEqualTo(alice.jid().toString());
  }

  @Test
  void aWrongExpectationFailsShowingWhatArrived() {
    Peer alice = server.transcript().anonymous("alice");
    alice.sends("<iq type='get' id='p' to='meet.jitsi'><ping xmlns='urn:xmpp:ping'/></iq>");
    assertThatThrownBy(() -> alice.receives("<iq type='error' id='p'/>"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected: <iq")
        .hasMessageContaining("received: <iq")
        .hasMessageContaining("/iq/@type: expected 'error', got 'result'");
  }

  @Test
  void anUnknownPlaceholderIsAnError() {
    assertThatThrownBy(() -> server.transcript().fill("<message to='{nobody}'/>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{nobody}");
  }

  @Test
  void aStreamToAnUnknownHostEndsWithHostUnknown() {
    Peer mallory = server.transcript().connects("mallory");
    mallory.opensStream("elsewhere.example");
    mallory.receivesStreamError("host-unknown");
  }
}
