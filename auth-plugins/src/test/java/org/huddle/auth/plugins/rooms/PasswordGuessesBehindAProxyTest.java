package org.huddle.auth.plugins.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.huddle.auth.plugins.testing.PluginServer.MUC;
import static org.huddle.auth.plugins.testing.PluginServer.join;
import static org.huddle.auth.plugins.testing.PluginServer.muc;
import static org.huddle.auth.plugins.testing.PluginServer.setPassword;

import java.net.InetAddress;
import java.util.Map;
import org.huddle.auth.plugins.testing.PluginServer;
import org.huddle.xmpp.server.testing.WsClient;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Browsers reach the XMPP server through the web proxy, so every one of them has the proxy's
 * address on the socket. private_rooms counts wrong passwords per client address (origin.ip): that
 * must be the browser's, from X-Forwarded-For, or one stranger's guesses would lock everyone out.
 * The proxy here is a WebSocket client on 127.0.0.1 (trusted by default, as loopback) that sets the
 * header as nginx does; private_room_max_failures is the default, 5.
 */
class PasswordGuessesBehindAProxyTest {
  static final String PASSWORD = "staff-only-42";
  static PluginServer server;

  @BeforeAll
  static void start() {
    server =
        PluginServer.start(
            Map.of("XMPP_MUC_MODULES", "public_rooms,private_rooms,other_rooms"), null, null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A browser behind the proxy, logged in over WebSocket. */
  static WsClient browser(String forwardedFor) throws Exception {
    WsClient ws =
        WsClient.connect(
            server.server().httpPort(),
            "",
            InetAddress.getByName("127.0.0.1"),
            Map.of("X-Forwarded-For", forwardedFor));
    ws.loginAnonymously();
    return ws;
  }

  /** Sends a join with a password and returns the room's answer to it. */
  static String joinWithPassword(WsClient ws, String room, String nick, String password)
      throws Exception {
    String occupant = room + "@" + MUC + "/" + nick;
    ws.send(
        "<presence xmlns='jabber:client' to='"
            + occupant
            + "'><x xmlns='http://jabber.org/protocol/muc'><password>"
            + password
            + "</password></x></presence>");
    return ws.next("from='" + occupant + "'");
  }

  @Test
  void aStrangersWrongGuessesDoNotLockOutAMemberBehindTheSameProxy() throws Exception {
    String room = "private-standup";
    MultiUserChat owner = muc(server.anonymous(), room);
    join(owner, "owner");
    setPassword(owner, PASSWORD);

    try (WsClient stranger = browser("203.0.113.7");
        WsClient member = browser("198.51.100.20")) {
      for (int i = 1; i <= 5; i++) {
        assertThat(joinWithPassword(stranger, room, "guesser", "guess-" + i))
            .contains("type='error'")
            .contains("<not-authorized");
      }
      assertThat(joinWithPassword(stranger, room, "guesser", PASSWORD))
          .as("the stranger's own address is locked out, even with the right password")
          .contains("<resource-constraint");

      assertThat(joinWithPassword(member, room, "member", PASSWORD))
          .as("the member's address has its own count")
          .doesNotContain("type='error'")
          .contains("status code='110'");
    }
  }
}
