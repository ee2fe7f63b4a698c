package org.huddle.auth.plugins.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.huddle.auth.plugins.testing.PluginServer.join;
import static org.huddle.auth.plugins.testing.PluginServer.muc;
import static org.huddle.auth.plugins.testing.PluginServer.refusedWith;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.huddle.auth.plugins.testing.PluginServer;
import org.huddle.auth.plugins.testing.Tokens;
import org.huddle.xmpp.server.testing.WsClient;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Who opens a meeting and who waits, in each of docker-jitsi-meet's auth modes, over real sockets
 * and with the server's own default layout (ENABLE_AUTH, AUTH_TYPE, ENABLE_GUESTS): no auth, an
 * account on the main host, a token; each with guests and without. Clients here talk to the MUC
 * directly, as a client that skips the focus would; the focus's side is in the focus module.
 */
class WaitForHostTest {
  static final String GUEST_DOMAIN = "guest.meet.jitsi";
  static final String WAITING =
      "Waiting for the host: this meeting opens when a signed-in user joins it.";
  static final String SIGNED_IN_ONLY = "Only signed-in users may join this meeting.";

  /** One server per mode, shared by the tests of that mode (rooms are named per test). */
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Mode {
    PluginServer server;

    abstract Map<String, String> env();

    @BeforeAll
    void start() throws Exception {
      server = PluginServer.start(env(), null, null);
      server.server().account("meet.jitsi", "alice", "alice-pw-1");
    }

    @AfterAll
    void stop() {
      server.close();
    }

    /** A guest: anonymous, on the guest host when there is one. */
    XMPPTCPConnection guest() throws Exception {
      String domain = env().containsKey("ENABLE_AUTH") ? GUEST_DOMAIN : "meet.jitsi";
      return server
          .clients()
          .login(server.clients().base(domain).performSaslAnonymousAuthentication());
    }

    /** A token holder for this room, over WebSocket (the token rides in the URL). */
    WsClient tokenHolder(String room) throws InterruptedException {
      WsClient ws = server.webSocket(Tokens.hs256(Tokens.claims(room, Instant.now())));
      ws.loginAnonymously();
      return ws;
    }

    /** Alice with her account on the main host. */
    XMPPTCPConnection alice() throws Exception {
      return server
          .clients()
          .login(server.clients().accountConfig("meet.jitsi", "alice", "alice-pw-1"));
    }
  }

  static Map<String, String> auth(String type, boolean guests) {
    Map<String, String> env = new HashMap<>();
    env.put("ENABLE_AUTH", "1");
    env.put("AUTH_TYPE", type);
    env.put("ENABLE_GUESTS", guests ? "1" : "0");
    if (type.equals("jwt")) {
      env.put("JWT_APP_ID", Tokens.APP_ID);
      env.put("JWT_APP_SECRET", Tokens.SECRET);
    }
    return env;
  }

  @Nested
  class WithoutAuth extends Mode {
    @Override
    Map<String, String> env() {
      return Map.of();
    }

    @Test
    void aGuestCreatesAnyRoomAndOwnsIt() throws Exception {
      MultiUserChat room = muc(guest(), "no-auth-room");
      assertThat(join(room, "guest")).isNotNull();
      assertThat(room.getOccupant(room.getMyRoomJid()).getAffiliation())
          .isEqualTo(MUCAffiliation.owner);
      assertThat(join(muc(guest(), "no-auth-room"), "second")).isNotNull();
    }
  }

  @Nested
  class InternalAccountsWithGuests extends Mode {
    @Override
    Map<String, String> env() {
      return auth("internal", true);
    }

    @Test
    void aGuestCannotCreateARoomAndIsToldToWaitForTheHost() throws Exception {
      assertThat(refusedWith(Condition.not_allowed, () -> join(muc(guest(), "int-g-1"), "g")))
          .isEqualTo(WAITING);
    }

    @Test
    void anAccountOpensTheRoomAndThenGuestsJoin() throws Exception {
      XMPPTCPConnection guest = guest();
      refusedWith(Condition.not_allowed, () -> join(muc(guest, "int-g-2"), "early"));
      MultiUserChat host = muc(alice(), "int-g-2");
      join(host, "alice");
      assertThat(host.getOccupant(host.getMyRoomJid()).getAffiliation())
          .isEqualTo(MUCAffiliation.owner);
      assertThat(join(muc(guest, "int-g-2"), "early")).isNotNull();
      // The joiner's view: XEP-0045 sends it every occupant before its own presence, so it is
      // complete when the join returns. (The host's view waits on the guest's presence reaching it:
      // it raced this assertion in CI.)
      assertThat(muc(guest, "int-g-2").getOccupantsCount()).isEqualTo(2);
    }

    @Test
    void aRoomTheFocusMadeWaitsForItsHostAndStaysOpenWhenTheHostLeaves() throws Exception {
      join(muc(server.focus(), "int-g-3"), "focus");
      XMPPTCPConnection guest = guest();
      assertThat(refusedWith(Condition.not_allowed, () -> join(muc(guest, "int-g-3"), "g")))
          .as("the focus is no host")
          .isEqualTo(WAITING);
      MultiUserChat host = muc(alice(), "int-g-3");
      join(host, "alice");
      assertThat(join(muc(guest, "int-g-3"), "g")).isNotNull();
      host.leave();
      assertThat(join(muc(guest(), "int-g-3"), "late"))
          .as("opened until the meeting ends, as a Jitsi conference")
          .isNotNull();
    }

    @Test
    void aGuestCannotBecomeTheOwnerOfAPrivateRoom() throws Exception {
      join(muc(server.focus(), "private-int-g"), "focus");
      refusedWith(Condition.not_allowed, () -> join(muc(guest(), "private-int-g"), "g"));
      MultiUserChat host = muc(alice(), "private-int-g");
      join(host, "alice");
      assertThat(host.getOccupant(host.getMyRoomJid()).getAffiliation())
          .as("private_rooms makes the first occupant owner: the host, not the guest before her")
          .isEqualTo(MUCAffiliation.owner);
    }

    @Test
    void publicRoomsAreOpenToGuestsWithNoHost() throws Exception {
      assertThat(join(muc(guest(), "daily-standup"), "g1")).isNotNull();
      assertThat(join(muc(guest(), "daily-standup"), "g2")).isNotNull();
    }
  }

  @Nested
  class InternalAccountsWithoutGuests extends Mode {
    @Override
    Map<String, String> env() {
      return auth("internal", false);
    }

    @Test
    void guestsStayOutEvenOnceTheHostIsIn() throws Exception {
      XMPPTCPConnection guest = guest();
      assertThat(refusedWith(Condition.not_allowed, () -> join(muc(guest, "int-n-1"), "g")))
          .isEqualTo(SIGNED_IN_ONLY);
      join(muc(alice(), "int-n-1"), "alice");
      assertThat(refusedWith(Condition.not_allowed, () -> join(muc(guest, "int-n-1"), "g")))
          .isEqualTo(SIGNED_IN_ONLY);
    }

    @Test
    void publicRoomsStillOpenToAnyoneWithNoAccount() throws Exception {
      assertThat(join(muc(guest(), "team-meeting"), "g1")).isNotNull();
      assertThat(join(muc(guest(), "team-meeting"), "g2")).isNotNull();
    }
  }

  @Nested
  class TokensWithGuests extends Mode {
    @Override
    Map<String, String> env() {
      return auth("jwt", true);
    }

    @Test
    void aTokenHolderOpensTheRoomThatGuestsWaitFor() throws Exception {
      XMPPTCPConnection guest = guest();
      assertThat(refusedWith(Condition.not_allowed, () -> join(muc(guest, "jwt-g-1"), "g")))
          .isEqualTo(WAITING);
      WsClient holder = tokenHolder("jwt-g-1");
      assertThat(PluginServer.join(holder, "jwt-g-1", "holder"))
          .contains("<status code='110'/>")
          .contains("<status code='201'/>");
      assertThat(join(muc(guest, "jwt-g-1"), "g")).isNotNull();
    }

    @Test
    void publicRoomsAreOpenToGuests() throws Exception {
      assertThat(join(muc(guest(), "weekly-review"), "g")).isNotNull();
    }
  }

  @Nested
  class TokensWithoutGuests extends Mode {
    @Override
    Map<String, String> env() {
      return auth("jwt", false);
    }

    @Test
    void onlyTokenHoldersGetInAndPublicRoomsStayOpen() throws Exception {
      WsClient holder = tokenHolder("jwt-n-1");
      assertThat(PluginServer.join(holder, "jwt-n-1", "holder")).contains("<status code='201'/>");
      assertThat(refusedWith(Condition.not_allowed, () -> join(muc(guest(), "jwt-n-1"), "g")))
          .isEqualTo(SIGNED_IN_ONLY);
      assertThat(join(muc(guest(), "daily-standup"), "g")).isNotNull();
    }
  }
}
