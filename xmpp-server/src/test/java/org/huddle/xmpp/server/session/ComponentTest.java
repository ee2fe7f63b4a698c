package org.huddle.xmpp.server.session;

import java.util.Map;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.Transcript;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * External components (XEP-0114): the focus's way in, with JICOFO_COMPONENT_SECRET, as in-memory
 * transcripts. Where the port listens and the per-address limits are in {@link ComponentPortTest}.
 */
class ComponentTest {
  static final String SECRET = "s3cr3t-component";
  static final String FOCUS = "focus.meet.jitsi";

  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.inMemory(Map.of("JICOFO_COMPONENT_SECRET", SECRET), null);

  Transcript t;

  @BeforeEach
  void transcript() {
    t = server.transcript().let("focus", FOCUS);
  }

  @Test
  void aComponentWithTheRightSecretIsAcceptedAndExchangesStanzas() {
    Peer focus = t.component("focus-component", FOCUS, SECRET);
    Peer user = t.anonymous("user");
    // user → component
    user.sends("<iq type='get' id='p' to='{focus}'><ping xmlns='urn:xmpp:ping'/></iq>");
    focus.receives("<iq type='get' to='{focus}' from='{user}'><ping xmlns='urn:xmpp:ping'/></iq>");
    // component → user
    focus.sends("<message from='{focus}' to='{user}'><body>from the focus</body></message>");
    user.receives("<message from='{focus}'><body>from the focus</body></message>");
  }

  @Test
  void aWrongSecretIsNotAuthorized() {
    Peer focus = t.connectsAsComponent("focus-component");
    focus.handshakes(FOCUS, "guess");
    focus.receivesStreamError("not-authorized");
  }

  @Test
  void anUnconfiguredDomainIsHostUnknown() {
    Peer rogue = t.connectsAsComponent("rogue");
    rogue.opensComponentStream("rogue.meet.jitsi");
    rogue.receivesStreamError("host-unknown");
  }

  @Test
  void aSecondConnectionForTheSameDomainIsAConflict() {
    t.component("first", FOCUS, SECRET);
    Peer second = t.connectsAsComponent("second");
    second.handshakes(FOCUS, SECRET);
    second.receivesStreamError("conflict");
  }

  @Test
  void aComponentCannotSendFromAnotherDomain() {
    Peer focus = t.component("focus-component", FOCUS, SECRET);
    focus.sends(
        "<message from='admin@auth.meet.jitsi' to='x@meet.jitsi'><body>forged</body></message>");
    focus.receivesStreamError("invalid-from");
  }

  @Test
  void withNoComponentConnectedItsDomainIsServiceUnavailable() {
    Peer user = t.anonymous("user");
    user.sends("<iq type='get' id='p' to='{focus}'><ping xmlns='urn:xmpp:ping'/></iq>");
    user.receives(
        "<iq type='error' id='p'><error>"
            + "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
  }
}
