package org.huddle.xmpp.server.muc.lobby;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.Transcript;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A flood of knocks from one address is refused with a clear error, and counted. */
class LobbyKnockLimitTest {
  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.inMemory(Map.of(), LobbyTest.hosts(2));

  @Test
  void theThirdKnockFromOneAddressWithinTheWindowIsRefused() {
    Transcript t = server.transcript();
    t.let("room", "flood@muc.meet.jitsi").let("lobby", "flood@lobby.meet.jitsi");
    Peer alice = t.anonymous("alice");
    LobbyTest.enters(alice, "{room}", "alice");
    LobbyTest.membersOnly(alice, true, "");
    long before = server.server().server().lobby("muc.meet.jitsi").knocksRefused();
    // Every in-memory client has the same remote address: one address knocking again and again.
    for (String nick : new String[] {"k1", "k2"}) {
      Peer p = t.anonymous(nick);
      LobbyTest.knocks(p, nick, nick);
    }
    Peer third = t.anonymous("k3");
    third.sends("<presence to='{lobby}/k3'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
    third.receives(
        "<presence type='error' from='{lobby}/k3'><error type='wait'>"
            + "<resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
            + "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>"
            + "too many knocks from your address; wait a minute and try again</text>"
            + "</error></presence>");
    assertThat(server.server().server().lobby("muc.meet.jitsi").knocksRefused())
        .isEqualTo(before + 1);
    // The moderator's own joins of the lobby are not knocks.
    alice.sends(
        "<presence to='{lobby}/alice'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
    alice.eventuallyReceives(
        "<presence from='{lobby}/alice'><x xmlns='http://jabber.org/protocol/muc#user'>"
            + "<status code='110'/></x></presence>");
  }
}
