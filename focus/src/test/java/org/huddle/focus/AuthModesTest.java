package org.huddle.focus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.huddle.auth.plugins.LuaPlugins;
import org.huddle.common.config.Settings;
import org.huddle.focus.conference.Admission;
import org.huddle.focus.xml.Xml;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.server.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Who starts a conference, who waits for the host and who joins, in each of docker-jitsi-meet's
 * auth modes (ENABLE_AUTH, AUTH_TYPE internal or jwt, ENABLE_GUESTS), over real sockets: Huddle's
 * XMPP server in that mode's layout with its room plugins, a bridge, the focus, and scripted
 * clients: a guest (anonymous on the guest domain), Alice (an account on the main domain) and a
 * token holder (over WebSocket, the token in the URL as lib-jitsi-meet sends it).
 */
class AuthModesTest {
  static final String GUEST_DOMAIN = "guest.meet.jitsi";
  static final String APP_ID = "huddle-test";
  static final String APP_SECRET = "focus-test-secret";

  /** One deployment per mode, shared by its tests; rooms are named per test. */
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Mode {
    HuddleDeployment d;
    final List<TestParticipant> participants = new ArrayList<>();
    final List<WsClient> sockets = new ArrayList<>();
    long ssrcBase = 10_000;

    abstract boolean auth();

    abstract String type();

    abstract boolean guests();

    @BeforeAll
    void start() throws Exception {
      Map<String, String> env = new HashMap<>();
      env.put("ENABLE_AUTH", auth() ? "1" : "0");
      env.put("AUTH_TYPE", type());
      env.put("ENABLE_GUESTS", guests() ? "1" : "0");
      env.put("JWT_APP_ID", APP_ID);
      env.put("JWT_APP_SECRET", APP_SECRET);
      d = new HuddleDeployment(env, List.of(LuaPlugins.extension(null, Settings.Env.of(env))));
      d.server.server().accounts().put(Deployment.DOMAIN, "alice", "alice-pw-1");
      d.startBridge("jvb-auth");
      // Nobody here needs media: a conference never reaches min-participants.
      d.startFocus(
          """
          focus.conference.min-participants = 50
          focus.authentication { enabled = %s, type = "%s", guests = %s }
          """
              .formatted(auth(), type(), guests()));
      d.awaitBridges(1);
    }

    @AfterEach
    void leaveAll() {
      participants.forEach(TestParticipant::close);
      participants.clear();
      sockets.forEach(WsClient::close);
      sockets.clear();
    }

    @AfterAll
    void stop() throws Exception {
      d.close();
    }

    String room(String name) {
      return name + "-" + Long.toHexString(System.nanoTime()) + "@" + Deployment.MUC;
    }

    /** Anonymous, on the guest domain when signing in is on (else the main one, as everybody). */
    TestParticipant guest(String room, String nick) throws Exception {
      return participant(auth() ? GUEST_DOMAIN : Deployment.DOMAIN, null, null, room, nick);
    }

    TestParticipant alice(String room) throws Exception {
      return participant(Deployment.DOMAIN, "alice", "alice-pw-1", room, "alice");
    }

    TestParticipant participant(String domain, String user, String pw, String room, String nick)
        throws Exception {
      TestParticipant p =
          new TestParticipant(
              TestParticipant.login(d.c2sPort(), domain, user, pw), room, nick, ssrcBase, true);
      ssrcBase += 1000;
      participants.add(p);
      return p;
    }

    static Element ask(TestParticipant p) throws Exception {
      return p.requestConference(Deployment.FOCUS_COMPONENT);
    }

    static String ready(Element answer) {
      assertThat(answer.attr("type")).as(answer.toXml()).isEqualTo("result");
      return Xml.payload(answer).attr("ready");
    }

    static Map<String, String> properties(Element answer) {
      Map<String, String> out = new LinkedHashMap<>();
      for (Element p : Xml.payload(answer).elements("property", null)) {
        out.put(p.attr("name"), p.attr("value"));
      }
      return out;
    }

    /** Asks as a Jitsi client does, again and again, until the focus says ready. */
    static void askUntilReady(TestParticipant p) {
      Await.until(
          p.nick + " is told the conference is ready",
          Duration.ofSeconds(15),
          () -> {
            try {
              Element a = ask(p);
              return !Xml.isError(a) && "true".equals(Xml.payload(a).attr("ready"));
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          });
    }

    static void assertNotAuthorized(Element answer, String text) {
      assertThat(answer.attr("type")).as(answer.toXml()).isEqualTo("error");
      assertThat(Xml.errorCondition(answer)).isEqualTo("not-authorized");
      assertThat(answer.child("error", null).childText("text", null)).isEqualTo(text);
    }

    static boolean inRoom(TestParticipant p) {
      Element self = p.roomPresences.get(p.nick);
      return self != null && !"error".equals(self.attr("type"));
    }

    /** A token holder for this room over WebSocket: logged in, not yet asking. */
    WsClient tokenHolder(String room) throws InterruptedException {
      WsClient ws =
          WsClient.connect(
              d.server.httpPort(), "?token=" + token(room.substring(0, room.indexOf('@'))));
      sockets.add(ws);
      ws.loginAnonymously();
      return ws;
    }

    static String askOver(WsClient ws, String room) throws InterruptedException {
      ws.send(
          "<iq xmlns='jabber:client' type='set' id='conf-1' to='"
              + Deployment.FOCUS_COMPONENT
              + "'><conference xmlns='http://jitsi.org/protocol/focus' room='"
              + room
              + "'/></iq>");
      return ws.next("id='conf-1'");
    }

    static String joinOver(WsClient ws, String room, String nick) throws InterruptedException {
      String occupant = room + "/" + nick;
      ws.send(
          "<presence xmlns='jabber:client' to='"
              + occupant
              + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
      return ws.next("from='" + occupant + "'");
    }
  }

  /** An HS256 token for a room, as a Jitsi deployment's token service makes. */
  static String token(String room) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes());
    long exp = Instant.now().plusSeconds(3600).getEpochSecond();
    String claims =
        "{\"iss\":\"%s\",\"aud\":\"jitsi\",\"sub\":\"meet.jitsi\",\"room\":\"%s\",\"exp\":%d}"
            .formatted(APP_ID, room, exp);
    String body = header + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return body + "." + b64.encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Nested
  class WithoutAuth extends Mode {
    @Override
    boolean auth() {
      return false;
    }

    @Override
    String type() {
      return "internal";
    }

    @Override
    boolean guests() {
      return true; // means nothing without ENABLE_AUTH, as in docker-jitsi-meet
    }

    @Test
    void anyoneStartsAnyConferenceAndTheFirstIsMadeOwner() throws Exception {
      String room = room("open");
      TestParticipant guest = guest(room, "g1");
      Element answer = ask(guest);
      assertThat(ready(answer)).isEqualTo("true");
      assertThat(properties(answer)).containsEntry("authentication", "false");
      guest.join();
      assertThat(inRoom(guest)).isTrue();
      Await.until(
          "the first participant is made owner",
          Duration.ofSeconds(10),
          () -> "owner".equals(guest.affiliationOf("g1")));
    }
  }

  @Nested
  class InternalAccountsWithGuests extends Mode {
    @Override
    boolean auth() {
      return true;
    }

    @Override
    String type() {
      return "internal";
    }

    @Override
    boolean guests() {
      return true;
    }

    @Test
    void aGuestWaitsForTheHostAndJoinsOnceSheIsIn() throws Exception {
      String room = room("standup-prep");
      TestParticipant guest = guest(room, "g1");
      assertNotAuthorized(ask(guest), Admission.WAITING_FOR_HOST);
      assertThat(d.focus.conferences().get(room)).as("a guest starts nothing").isNull();

      TestParticipant alice = alice(room);
      Element opened = ask(alice);
      assertThat(ready(opened)).isEqualTo("true");
      assertThat(properties(opened))
          .containsEntry("authentication", "true")
          .containsEntry("externalAuth", "false");
      assertThat(ready(ask(guest)))
          .as("the host's conference exists, but she is not in yet: ask again")
          .isEqualTo("false");

      alice.join();
      askUntilReady(guest);
      guest.join();
      assertThat(inRoom(guest)).isTrue();
      Await.until(
          "the host is made owner",
          Duration.ofSeconds(10),
          () -> "owner".equals(guest.affiliationOf("alice")));
      assertThat(guest.everOwners).as("a guest is never made owner").doesNotContain("g1");
    }

    @Test
    void aGuestWhoSkipsTheFocusOpensNoRoom() throws Exception {
      String room = room("sneaky");
      TestParticipant guest = guest(room, "g1");
      guest.join();
      Element refused = guest.roomPresences.get("g1");
      assertThat(refused.attr("type")).isEqualTo("error");
      assertThat(Xml.errorCondition(refused)).isEqualTo("not-allowed");
    }

    @Test
    void publicRoomsOpenToGuestsWithNoHost() throws Exception {
      TestParticipant guest = guest("daily-standup@" + Deployment.MUC, "g1");
      assertThat(ready(ask(guest))).isEqualTo("true");
      guest.join();
      assertThat(inRoom(guest)).isTrue();
      TestParticipant second = guest("daily-standup@" + Deployment.MUC, "g2");
      assertThat(ready(ask(second))).isEqualTo("true");
      second.join();
      assertThat(inRoom(second)).isTrue();
    }
  }

  @Nested
  class InternalAccountsWithoutGuests extends Mode {
    @Override
    boolean auth() {
      return true;
    }

    @Override
    String type() {
      return "internal";
    }

    @Override
    boolean guests() {
      return false;
    }

    @Test
    void aGuestIsToldToSignInEvenOnceTheHostIsIn() throws Exception {
      String room = room("board");
      TestParticipant guest = guest(room, "g1");
      assertNotAuthorized(ask(guest), Admission.SIGN_IN);
      TestParticipant alice = alice(room);
      assertThat(ready(ask(alice))).isEqualTo("true");
      alice.join();
      assertThat(inRoom(alice)).isTrue();
      Await.until(
          "the focus sees the host",
          Duration.ofSeconds(10),
          () -> d.focus.conferences().get(room).hostJoined());
      assertNotAuthorized(ask(guest), Admission.SIGN_IN);
    }

    @Test
    void publicRoomsStillOpenToEveryoneWithNoAccount() throws Exception {
      TestParticipant guest = guest("team-meeting@" + Deployment.MUC, "g1");
      assertThat(ready(ask(guest))).isEqualTo("true");
      guest.join();
      assertThat(inRoom(guest)).isTrue();
    }
  }

  @Nested
  class TokensWithGuests extends Mode {
    @Override
    boolean auth() {
      return true;
    }

    @Override
    String type() {
      return "jwt";
    }

    @Override
    boolean guests() {
      return true;
    }

    @Test
    void aTokenHolderOpensTheConferenceTheGuestWaitsFor() throws Exception {
      String room = room("jwt-sync");
      TestParticipant guest = guest(room, "g1");
      assertNotAuthorized(ask(guest), Admission.WAITING_FOR_HOST);

      WsClient holder = tokenHolder(room);
      String answer = askOver(holder, room);
      assertThat(answer).contains("ready='true'").contains("name='externalAuth' value='true'");
      assertThat(joinOver(holder, room, "holder")).contains("<status code='110'/>");

      askUntilReady(guest);
      guest.join();
      assertThat(inRoom(guest)).isTrue();
    }

    @Test
    void publicRoomsOpenToGuests() throws Exception {
      TestParticipant guest = guest("weekly-review@" + Deployment.MUC, "g1");
      assertThat(ready(ask(guest))).isEqualTo("true");
      guest.join();
      assertThat(inRoom(guest)).isTrue();
    }
  }

  @Nested
  class TokensWithoutGuests extends Mode {
    @Override
    boolean auth() {
      return true;
    }

    @Override
    String type() {
      return "jwt";
    }

    @Override
    boolean guests() {
      return false;
    }

    @Test
    void onlyTokenHoldersGetInAndPublicRoomsStayOpen() throws Exception {
      String room = room("jwt-board");
      WsClient holder = tokenHolder(room);
      assertThat(askOver(holder, room)).contains("ready='true'");
      assertThat(joinOver(holder, room, "holder")).contains("<status code='110'/>");
      TestParticipant guest = guest(room, "g1");
      assertNotAuthorized(ask(guest), Admission.SIGN_IN);

      TestParticipant visitor = guest("daily-standup@" + Deployment.MUC, "g2");
      assertThat(ready(ask(visitor))).isEqualTo("true");
      visitor.join();
      assertThat(inRoom(visitor)).isTrue();
    }
  }
}
