package org.huddle.xmpp.server.routing;

import java.util.Map;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.Transcript;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stanzas between sessions and the errors routing answers with (RFC 6120 §10), as transcripts. */
class RoutingTest {
  /** PLAIN without TLS, for the account test: the in-memory stream has no TLS to offer. */
  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.inMemory(Map.of(), "allow_unencrypted_plain_auth = true");

  static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
  Transcript t;
  Peer romeo;

  @BeforeEach
  void romeo() {
    t = server.transcript();
    romeo = t.anonymous("romeo");
  }

  @Nested
  class BetweenSessions {
    @Test
    void aMessageToAFullJidArrivesFromTheSender() {
      Peer juliet = t.anonymous("juliet");
      romeo.sends("<message to='{juliet}'><body>wherefore</body></message>");
      juliet.receives("<message from='{romeo}'><body>wherefore</body></message>");
    }

    @Test
    void aMessageToABareJidReachesTheAvailableResource() {
      Peer juliet = t.anonymous("juliet");
      juliet.sends("<presence/>");
      juliet.receives("<presence from='{juliet}'/>"); // reflected: juliet is available
      romeo.sends("<message to='{juliet.bare}'><body>hi</body></message>");
      juliet.receives("<message from='{romeo}'><body>hi</body></message>");
    }

    @Test
    void anIqToAFullJidIsRoutedAndItsResultComesBack() {
      Peer juliet = t.anonymous("juliet");
      romeo.sends("<iq type='get' id='ping' to='{juliet}'><ping xmlns='urn:xmpp:ping'/></iq>");
      juliet.receives("<iq type='get' id='ping' from='{romeo}'><ping xmlns='urn:xmpp:ping'/></iq>");
      juliet.sends("<iq type='result' id='ping' to='{romeo}'/>");
      romeo.receives("<iq type='result' id='ping' from='{juliet}'/>");
    }

    @Test
    void presenceIsBroadcastBackToTheSender() {
      romeo.sends("<presence><status>here</status></presence>");
      romeo.receives("<presence from='{romeo}'><status>here</status></presence>");
    }

    @Test
    void anAccountsOtherResourcesSeeEachOthersPresence() {
      Peer laptop = t.account("laptop", TestServer.AUTH, "jvb", TestServer.JVB_PASSWORD);
      laptop.sends("<presence/>");
      Peer phone = t.account("phone", TestServer.AUTH, "jvb", TestServer.JVB_PASSWORD);
      phone.sends("<presence/>");
      laptop.eventuallyReceives("<presence from='{phone}'/>");
      phone.drops();
      laptop.eventuallyReceives("<presence type='unavailable' from='{phone}'/>");
    }
  }

  @Nested
  class Errors {
    @Test
    void anIqToAResourceThatIsNotConnectedIsServiceUnavailable() {
      romeo.sends(
          "<iq type='get' id='p' to='{romeo.bare}/gone'><ping xmlns='urn:xmpp:ping'/></iq>");
      romeo.receives(
          "<iq type='error' id='p'><error><service-unavailable xmlns='"
              + STANZAS
              + "'/></error></iq>");
    }

    @Test
    void aMessageToAnAccountWithNoSessionBouncesServiceUnavailable() {
      romeo.sends("<message to='nobody@meet.jitsi'><body>x</body></message>");
      romeo.receives(
          "<message type='error' from='nobody@meet.jitsi'><error><service-unavailable xmlns='"
              + STANZAS
              + "'/></error></message>");
    }

    @Test
    void aStanzaToAnotherServerIsRemoteServerNotFound() {
      romeo.sends("<iq type='get' id='p' to='example.org'><ping xmlns='urn:xmpp:ping'/></iq>");
      romeo.receives(
          "<iq type='error' id='p'><error><remote-server-not-found xmlns='"
              + STANZAS
              + "'/></error></iq>");
    }

    @Test
    void anErrorIsNeverAnsweredWithAnError() {
      romeo.sends("<message type='error' to='nobody@meet.jitsi'><body>x</body></message>");
      romeo.sends("<message to='{romeo}'><body>marker</body></message>");
      romeo.receives("<message from='{romeo}'><body>marker</body></message>");
    }
  }
}
