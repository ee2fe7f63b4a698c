package org.huddle.auth.plugins.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.huddle.auth.plugins.testing.PluginServer.join;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.huddle.auth.plugins.testing.LogCapture;
import org.huddle.auth.plugins.testing.MutableClock;
import org.huddle.auth.plugins.testing.PluginServer;
import org.huddle.auth.plugins.testing.Tokens;
import org.huddle.xmpp.server.testing.BoshClient;
import org.huddle.xmpp.server.testing.WsClient;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Jitsi's token authentication end to end: the token in the WebSocket or BOSH URL, verified at
 * login by {@code authentication = "token"}, and its claims applied to rooms by {@code
 * token_verification.lua}.
 */
class TokenRoomsTest {
  static final MutableClock CLOCK = new MutableClock(Instant.now());
  static PluginServer server;

  @BeforeAll
  static void start() {
    server =
        PluginServer.start(
            Map.of(
                "ENABLE_AUTH", "1",
                "AUTH_TYPE", "jwt",
                "JWT_APP_ID", Tokens.APP_ID,
                "JWT_APP_SECRET", Tokens.SECRET,
                "ENABLE_GUESTS", "1",
                "HUDDLE_OTHER_ROOMS_ACCESS", "authenticated",
                "XMPP_MUC_MODULES", "public_rooms,token_verification,other_rooms"),
            null,
            null,
            CLOCK);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Map<String, Object> claims(String room) {
    return new LinkedHashMap<>(Tokens.claims(room, CLOCK.instant()));
  }

  static WsClient loggedIn(Map<String, Object> claims) throws InterruptedException {
    WsClient ws = server.webSocket(Tokens.hs256(claims));
    ws.loginAnonymously();
    return ws;
  }

  /** Tries SASL ANONYMOUS over WebSocket with this token and returns the failure. */
  static String loginFailure(String token) throws InterruptedException {
    WsClient ws = server.webSocket(token);
    ws.send(WsClient.OPEN);
    ws.next("<mechanism>ANONYMOUS</mechanism>");
    ws.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
    return ws.next("<failure");
  }

  static boolean admitted(String answer) {
    return answer.contains("<status code='110'/>") && !answer.contains("type='error'");
  }

  @Nested
  class TheRoomClaim {
    @Test
    void aTokenForRoomACannotJoinRoomB() throws Exception {
      WsClient ws = loggedIn(claims("room-a"));
      assertThat(admitted(join(ws, "room-a", "ann"))).isTrue();
      String refused = join(ws, "room-b", "ann");
      assertThat(refused).contains("type='error'").contains("<not-allowed");
      assertThat(refused).contains("Your token does not grant access to this room.");
    }

    @Test
    void isComparedWithoutCase() throws Exception {
      assertThat(admitted(join(loggedIn(claims("Mixed-Case")), "mixed-case", "ann"))).isTrue();
    }

    @Test
    void aStarOpensEveryRoom() throws Exception {
      WsClient ws = loggedIn(claims("*"));
      assertThat(admitted(join(ws, "star-one", "ann"))).isTrue();
      assertThat(admitted(join(ws, "star-two", "ann"))).isTrue();
    }

    @Test
    void doesNotCloseThePublicRooms() throws Exception {
      assertThat(admitted(join(loggedIn(claims("room-a")), "daily-standup", "ann"))).isTrue();
    }
  }

  @Nested
  class Login {
    @Test
    void anExpiredTokenIsRefusedOverWebSocket() throws Exception {
      Map<String, Object> c = claims("room-a");
      c.put("exp", CLOCK.instant().getEpochSecond() - 1);
      String failure = loginFailure(Tokens.hs256(c));
      assertThat(failure).contains("<not-authorized/>").contains("the token has expired");
    }

    @Test
    void anExpiredTokenIsRefusedOverBosh() {
      Map<String, Object> c = claims("room-a");
      c.put("exp", CLOCK.instant().getEpochSecond() - 1);
      BoshClient bosh = new BoshClient(server.server().httpPort(), "?token=" + Tokens.hs256(c));
      bosh.create(10, 1);
      String failure =
          bosh.sendAndAwait(
              "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>", "<failure");
      assertThat(failure).contains("<not-authorized/>").contains("the token has expired");
    }

    @Test
    void aValidTokenLogsInOverBoshAndOpensItsRoom() {
      BoshClient bosh =
          new BoshClient(server.server().httpPort(), "?token=" + Tokens.hs256(claims("bosh-room")));
      assertThat(bosh.loginAnonymously()).contains("@meet.jitsi/");
      String answer =
          bosh.sendAndAwait(
              "<presence xmlns='jabber:client' to='bosh-room@muc.meet.jitsi/ann'>"
                  + "<x xmlns='http://jabber.org/protocol/muc'/></presence>",
              "from='bosh-room@muc.meet.jitsi/ann'");
      assertThat(admitted(answer)).isTrue();
    }

    @Test
    void aTokenNotValidYetIsRefused() throws Exception {
      Map<String, Object> c = claims("room-a");
      c.put("nbf", CLOCK.instant().getEpochSecond() + 600);
      assertThat(loginFailure(Tokens.hs256(c))).contains("the token is not valid yet");
    }

    @Test
    void noTokenIsRefused() throws Exception {
      assertThat(loginFailure(null)).contains("a token is required");
    }

    @Test
    void aTokenThatExpiresAfterLoginOpensNoMoreRooms() throws Exception {
      Map<String, Object> c = claims("*");
      c.put("exp", CLOCK.instant().getEpochSecond() + 120);
      WsClient ws = loggedIn(c);
      assertThat(admitted(join(ws, "before-expiry", "ann"))).isTrue();
      CLOCK.advance(Duration.ofMinutes(3));
      try {
        String refused = join(ws, "after-expiry", "ann");
        assertThat(refused).contains("<not-allowed").contains("the token has expired");
      } finally {
        CLOCK.advance(Duration.ofMinutes(-3));
      }
    }
  }

  @Nested
  class Secrecy {
    @Test
    void tokensNeverAppearInTheLogs() throws Exception {
      Map<String, Object> good = claims("quiet-room");
      Map<String, Object> expired = claims("quiet-room");
      expired.put("exp", CLOCK.instant().getEpochSecond() - 1);
      String valid = Tokens.hs256(good);
      String stale = Tokens.hs256(expired);
      try (LogCapture log = new LogCapture(Level.TRACE)) {
        WsClient ws = server.webSocket(valid);
        ws.loginAnonymously();
        assertThat(admitted(join(ws, "quiet-room", "ann"))).isTrue();
        assertThat(join(ws, "other-room", "ann")).contains("<not-allowed");
        assertThat(loginFailure(stale)).contains("expired");
        new BoshClient(server.server().httpPort(), "?token=" + valid).loginAnonymously();
        assertThat(log.lines()).isNotEmpty();
        for (String token : new String[] {valid, stale}) {
          String signature = token.substring(token.lastIndexOf('.') + 1);
          assertThat(log.lines()).noneMatch(l -> l.contains(signature));
        }
        assertThat(log.lines()).noneMatch(l -> l.contains(Tokens.SECRET));
      }
    }
  }

  @Nested
  class Guests {
    @Test
    void withNeitherAccountNorTokenJoinOnlyThePublicRooms() throws Exception {
      XMPPTCPConnection guest =
          server
              .clients()
              .login(
                  server.clients().base("guest.meet.jitsi").performSaslAnonymousAuthentication());
      assertThat(PluginServer.join(PluginServer.muc(guest, "daily-standup"), "guest")).isNotNull();
      PluginServer.refusedWith(
          Condition.not_allowed, () -> PluginServer.join(PluginServer.muc(guest, "room-a"), "g"));
      assertThat(admitted(join(loggedIn(claims("room-a")), "room-a", "holder")))
          .as("a token holder counts as signed in")
          .isTrue();
    }
  }

  @Nested
  class TheModeratorClaim {
    @Test
    void makesItsHolderAnOwnerAndOthersStayParticipants() throws Exception {
      WsClient creator = loggedIn(claims("standup-x"));
      assertThat(join(creator, "standup-x", "creator")).contains("affiliation='owner'");

      Map<String, Object> mod = claims("standup-x");
      mod.put("moderator", true);
      String moderator = join(loggedIn(mod), "standup-x", "mod");
      assertThat(moderator).contains("affiliation='owner'").contains("role='moderator'");

      Map<String, Object> nested = claims("standup-x");
      nested.put("context", Map.of("user", Map.of("name", "Bo", "moderator", "true")));
      assertThat(join(loggedIn(nested), "standup-x", "bo")).contains("affiliation='owner'");

      String plain = join(loggedIn(claims("standup-x")), "standup-x", "plain");
      assertThat(plain).contains("affiliation='none'").contains("role='participant'");
    }
  }
}
