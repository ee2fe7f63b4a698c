package org.huddle.xmpp.server.muc.lobby;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.Transcript;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jitsi's lobby as lib-jitsi-meet drives it (docs/wire.md, "Lobby"): a moderator makes the meeting
 * members-only, joiners are sent to the lobby, knock there with their name, and are let in by an
 * invitation or sent away by a kick.
 */
class LobbyTest {
  static final String MUC = "http://jabber.org/protocol/muc";
  static final String USER = MUC + "#user";
  static final String JITMEET = "http://jitsi.org/jitmeet";
  static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

  /** docker-jitsi-meet's lobby layout: the module on the virtual host, a lobby MUC service. */
  static String hosts(int knockLimit) {
    return """
        VirtualHost "meet.jitsi"
            authentication = "anonymous"
            modules_enabled = { "muc_lobby_rooms" }
            main_muc = "muc.meet.jitsi"
            lobby_muc = "lobby.meet.jitsi"
            muc_lobby_knock_limit = %d
            c2s_require_encryption = false
        VirtualHost "auth.meet.jitsi"
            authentication = "internal_hashed"
        Component "muc.meet.jitsi" "muc"
            muc_room_locking = false
            muc_room_default_public_jids = true
        Component "lobby.meet.jitsi" "muc"
            muc_room_locking = false
            muc_room_default_public_jids = true
            restrict_room_creation = true
        """
        .formatted(knockLimit);
  }

  @RegisterExtension
  static final TestServerExtension server = TestServerExtension.inMemory(Map.of(), hosts(0));

  private static final AtomicInteger ROOMS = new AtomicInteger();

  Transcript t;
  Peer alice;

  @BeforeEach
  void meeting() {
    t = server.transcript();
    int n = ROOMS.incrementAndGet();
    t.let("room", "meeting" + n + "@muc.meet.jitsi")
        .let("lobby", "meeting" + n + "@lobby.meet.jitsi");
    alice = t.anonymous("alice");
    enters(alice, "{room}", "alice");
  }

  static void enters(Peer peer, String room, String nick) {
    peer.sends("<presence to='" + room + "/" + nick + "'><x xmlns='" + MUC + "'/></presence>");
    peer.eventuallyReceives(
        "<presence from='"
            + room
            + "/"
            + nick
            + "'><x xmlns='"
            + USER
            + "'><status code='110'/></x></presence>");
    peer.eventuallyReceives("<message from='" + room + "' type='groupchat'><subject/></message>");
  }

  /**
   * What lib-jitsi-meet's {@code setMembersOnly} submits; the owner then gets, in whatever order,
   * the change notice (status 104, on which clients ask the room's disco#info again), the result
   * and {@code more}.
   */
  static void membersOnly(Peer owner, boolean on, String fields, String... more) {
    owner.sends(
        "<iq type='set' id='mo' to='{room}'><query xmlns='"
            + MUC
            + "#owner'>"
            + "<x xmlns='jabber:x:data' type='submit'>"
            + "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>"
            + "<field var='muc#roomconfig_membersonly'><value>"
            + on
            + "</value></field>"
            + fields
            + "</x></query></iq>");
    java.util.List<String> expected = new java.util.ArrayList<>();
    expected.add(
        "<message from='{room}' type='groupchat'><x xmlns='"
            + USER
            + "'><status code='104'/></x></message>");
    expected.add("<iq type='result' id='mo'/>");
    expected.addAll(java.util.List.of(more));
    owner.eventuallyReceivesAll(expected.toArray(String[]::new));
  }

  /** Alice turns the lobby on and, as lib-jitsi-meet does for a moderator, joins it. */
  void lobbyOn(String more) {
    membersOnly(alice, true, more);
    alice.sends("<presence to='{lobby}/alice'><x xmlns='" + MUC + "'/></presence>");
    alice.eventuallyReceives(
        "<presence from='{lobby}/alice'><x xmlns='"
            + USER
            + "'>"
            + "<item affiliation='owner' role='moderator'/><status code='110'/></x></presence>");
    alice.eventuallyReceives("<message from='{lobby}' type='groupchat'><subject/></message>");
  }

  /** {@code peer} asks for the meeting and is sent to its lobby. */
  static void isSentToTheLobby(Peer peer, String nick, String password) {
    peer.sends(
        "<presence to='{room}/"
            + nick
            + "'><x xmlns='"
            + MUC
            + "'>"
            + (password == null ? "" : "<password>" + password + "</password>")
            + "</x></presence>");
    peer.receives(
        "<presence type='error' from='{room}/"
            + nick
            + "'>"
            + "<error type='auth'><registration-required xmlns='"
            + STANZAS
            + "'/>"
            + "<lobbyroom xmlns='"
            + JITMEET
            + "'>{lobby}</lobbyroom></error>"
            + "<lobbyroom>{lobby}</lobbyroom></presence>");
  }

  /** {@code peer} knocks: joins the lobby showing its name, and sees only itself there. */
  static void knocks(Peer peer, String nick, String name) {
    peer.sends(
        "<presence to='{lobby}/"
            + nick
            + "'><x xmlns='"
            + MUC
            + "'/>"
            + "<nick xmlns='http://jabber.org/protocol/nick'>"
            + name
            + "</nick></presence>");
    peer.receives(
        "<presence from='{lobby}/"
            + nick
            + "'><x xmlns='"
            + USER
            + "'>"
            + "<item affiliation='none' role='participant'/><status code='110'/></x></presence>");
    peer.receives("<message from='{lobby}' type='groupchat'><subject/></message>");
  }

  /** With the lobby on, Bob knocks, and Alice sees him waiting. */
  Peer bobWaits() {
    lobbyOn("");
    Peer bob = t.anonymous("bob");
    knocks(bob, "bob", "Bob");
    alice.eventuallyReceives("<presence from='{lobby}/bob'/>");
    return bob;
  }

  @Test
  void theMeetingAdvertisesItsLobby() {
    Peer bob = t.anonymous("bob");
    bob.sends(
        "<iq type='get' id='d0' to='meet.jitsi'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
    bob.receives(
        "<iq type='result' id='d0'><query xmlns='http://jabber.org/protocol/disco#info'>"
            + "<identity category='component' type='lobbyrooms' name='lobby.meet.jitsi'/></query></iq>");
    lobbyOn("");
    alice.sends(
        "<iq type='get' id='d1' to='{room}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
    alice.eventuallyReceives(
        "<iq type='result' id='d1'><query xmlns='http://jabber.org/protocol/disco#info'>"
            + "<feature var='muc_membersonly'/>"
            + "<x xmlns='jabber:x:data' type='result'><field var='muc#roominfo_lobbyroom'>"
            + "<value>{lobby}</value></field></x></query></iq>");
  }

  @Test
  void aKnockIsSeenByTheModeratorAndApprovalLetsTheKnockerIn() {
    lobbyOn("");
    Peer bob = t.anonymous("bob");
    isSentToTheLobby(bob, "bob", null);
    knocks(bob, "bob", "Bob Knocker");
    alice.eventuallyReceives(
        "<presence from='{lobby}/bob'><nick xmlns='http://jabber.org/protocol/nick'>Bob Knocker</nick>"
            + "<x xmlns='"
            + USER
            + "'><item affiliation='none' role='participant' jid='{bob}'/></x></presence>");
    // lib-jitsi-meet's lobbyApproveAccess: a mediated invitation naming the knocker's real JID.
    alice.sends(
        "<message to='{room}' id='ok1'><x xmlns='" + USER + "'><invite to='{bob}'/></x></message>");
    bob.eventuallyReceives(
        "<message from='{room}'><x xmlns='"
            + USER
            + "'><invite from='{alice.bare}'/></x></message>");
    enters(bob, "{room}", "bob");
    alice.eventuallyReceives(
        "<presence from='{room}/bob'><x xmlns='"
            + USER
            + "'><item affiliation='member'/></x></presence>");
    // Then the client leaves the lobby, and the moderator sees it go.
    bob.sends("<presence type='unavailable' to='{lobby}/bob'/>");
    alice.eventuallyReceives("<presence type='unavailable' from='{lobby}/bob'/>");
  }

  @Test
  void thoseWaitingDoNotSeeEachOtherOrTheModerators() {
    lobbyOn("");
    Peer bob = t.anonymous("bob");
    Peer carol = t.anonymous("carol");
    knocks(bob, "bob", "Bob");
    knocks(carol, "carol", "Carol");
    alice.eventuallyReceives("<presence from='{lobby}/carol'/>");
    bob.receivesNothingMore();
    // A groupchat message from someone waiting reaches the moderator (and its sender) only.
    carol.sends("<message to='{lobby}' type='groupchat'><body>let me in</body></message>");
    alice.eventuallyReceives(
        "<message from='{lobby}/carol' type='groupchat'><body>let me in</body></message>");
    carol.receives(
        "<message from='{lobby}/carol' type='groupchat'><body>let me in</body></message>");
    bob.receivesNothingMore();
    // A moderator's message reaches everyone waiting.
    alice.sends("<message to='{lobby}' type='groupchat'><body>one moment</body></message>");
    for (Peer p : new Peer[] {bob, carol}) {
      p.receives(
          "<message from='{lobby}/alice' type='groupchat'><body>one moment</body></message>");
    }
    // A newcomer gets no history: what those waiting said stays with the moderators.
    knocks(t.anonymous("dave"), "dave", "Dave");
    // Nor may one write privately to another.
    carol.sends("<message to='{lobby}/bob' type='chat' id='pm'><body>hi</body></message>");
    carol.receives(
        "<message type='error' id='pm'><error><item-not-found xmlns='"
            + STANZAS
            + "'/></error></message>");
  }

  @Test
  void aDeniedKnockerIsKickedFromTheLobby() {
    Peer bob = bobWaits();
    // lib-jitsi-meet's lobbyDenyAccess: the moderator kicks the knocker from the lobby.
    alice.sends(
        "<iq type='set' id='no1' to='{lobby}'><query xmlns='"
            + MUC
            + "#admin'>"
            + "<item nick='bob' role='none'/></query></iq>");
    alice.eventuallyReceives("<iq type='result' id='no1'/>");
    bob.eventuallyReceives(
        "<presence type='unavailable' from='{lobby}/bob'><x xmlns='"
            + USER
            + "'>"
            + "<item role='none'/><status code='307'/><status code='110'/></x></presence>");
    isSentToTheLobby(bob, "bob", null);
  }

  @Test
  void thePasswordBypassesTheLobbyAndApprovalBypassesThePassword() {
    lobbyOn(
        "<field var='muc#roomconfig_roomsecret'><value>s3cret</value></field>"
            + "<field var='muc#roomconfig_passwordprotectedroom'><value>1</value></field>");
    Peer eve = t.anonymous("eve");
    isSentToTheLobby(eve, "eve", "wrong");
    Peer dave = t.anonymous("dave");
    dave.sends(
        "<presence to='{room}/dave'><x xmlns='"
            + MUC
            + "'><password>s3cret</password></x></presence>");
    dave.eventuallyReceives(
        "<presence from='{room}/dave'><x xmlns='"
            + USER
            + "'>"
            + "<item affiliation='member' role='participant'/><status code='110'/></x></presence>");
    Peer frank = t.anonymous("frank");
    knocks(frank, "frank", "Frank");
    alice.eventuallyReceives("<presence from='{lobby}/frank'/>");
    alice.sends(
        "<message to='{room}'><x xmlns='" + USER + "'><invite to='{frank}'/></x></message>");
    frank.eventuallyReceives(
        "<message from='{room}'><x xmlns='" + USER + "'><invite/></x></message>");
    enters(frank, "{room}", "frank"); // no password: approved from the lobby
  }

  @Test
  void turningTheLobbyOffSendsThoseWaitingToTheMeeting() {
    Peer bob = bobWaits();
    membersOnly(
        alice,
        false,
        "",
        "<presence type='unavailable' from='{lobby}/alice'><x xmlns='"
            + USER
            + "'><destroy jid='{room}'/></x></presence>");
    Element destroyed =
        bob.eventuallyReceives(
            "<presence type='unavailable' from='{lobby}/bob'><x xmlns='"
                + USER
                + "'>"
                + "<destroy jid='{room}'/></x></presence>");
    assertThat(destroyed.toXml()).contains("The lobby was closed");
    enters(bob, "{room}", "bob");
    alice.sends(
        "<iq type='get' id='d2' to='{room}'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
    Element info = alice.eventuallyReceives("<iq type='result' id='d2'/>");
    assertThat(info.toXml()).contains("muc_open").doesNotContain("muc#roominfo_lobbyroom");
  }

  @Test
  void aMeetingThatEndsTakesItsLobbyWithIt() {
    Peer bob = bobWaits();
    alice.sends("<presence type='unavailable' to='{room}/alice'/>");
    Element gone =
        bob.eventuallyReceives(
            "<presence type='unavailable' from='{lobby}/bob'><x xmlns='"
                + USER
                + "'><destroy/><status code='110'/></x></presence>");
    assertThat(gone.toXml()).doesNotContain("jid='meeting").doesNotContain("jid=\"meeting");
    bob.sends("<presence to='{lobby}/bob'><x xmlns='" + MUC + "'/></presence>");
    bob.eventuallyReceives(
        "<presence type='error' from='{lobby}/bob'><error><not-allowed xmlns='"
            + STANZAS
            + "'/></error></presence>");
  }

  @Test
  void onlyModeratorsTurnTheLobbyOnOrLetPeopleIn() {
    Peer bob = t.anonymous("bob");
    enters(bob, "{room}", "bob");
    bob.sends(
        "<iq type='set' id='mo' to='{room}'><query xmlns='"
            + MUC
            + "#owner'>"
            + "<x xmlns='jabber:x:data' type='submit'>"
            + "<field var='muc#roomconfig_membersonly'><value>true</value></field>"
            + "</x></query></iq>");
    bob.eventuallyReceives(
        "<iq type='error' id='mo'><error type='auth'><forbidden xmlns='"
            + STANZAS
            + "'/></error></iq>");
    // Alice makes Bob a member first, as lib-jitsi-meet does for everyone present.
    alice.sends(
        "<iq type='set' id='m1' to='{room}'><query xmlns='"
            + MUC
            + "#admin'>"
            + "<item affiliation='member' jid='{bob.bare}'/></query></iq>");
    alice.eventuallyReceives("<iq type='result' id='m1'/>");
    lobbyOn("");
    Peer carol = t.anonymous("carol");
    knocks(carol, "carol", "Carol");
    bob.sends(
        "<message to='{room}' id='inv'><x xmlns='"
            + USER
            + "'><invite to='{carol}'/></x></message>");
    bob.eventuallyReceives(
        "<message type='error' id='inv'><error><forbidden xmlns='"
            + STANZAS
            + "'/></error></message>");
    // Nor does a member moderate the lobby: Bob there is one more person waiting.
    bob.sends(
        "<iq type='set' id='k' to='{lobby}'><query xmlns='"
            + MUC
            + "#admin'>"
            + "<item nick='carol' role='none'/></query></iq>");
    bob.eventuallyReceives("<iq type='error' id='k'/>");
    isSentToTheLobby(carol, "carol", null);
  }

  @Test
  void noLobbyRoomWithoutItsMeeting() {
    Peer bob = t.anonymous("bob");
    bob.sends("<presence to='{lobby}/bob'><x xmlns='" + MUC + "'/></presence>");
    bob.receives(
        "<presence type='error' from='{lobby}/bob'><error><not-allowed xmlns='"
            + STANZAS
            + "'/></error></presence>");
  }

  @Test
  void theLobbysDecisionsReachTheMeetingsAuditWithTheModerator() {
    java.util.List<org.huddle.xmpp.server.api.MucEvents.ModerationEvent> seen =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    String room = t.value("room");
    try (var hook =
        server
            .server()
            .server()
            .muc("muc.meet.jitsi")
            .events()
            .on(
                org.huddle.xmpp.server.api.MucEvents.MODERATED,
                e -> !(e.room().jid().toString().equals(room) && seen.add(e)))) {
      Peer bob = bobWaits();
      alice.sends(
          "<message to='{room}' id='ok1'><x xmlns='"
              + USER
              + "'><invite to='{bob}'/></x></message>");
      bob.eventuallyReceives(
          "<message from='{room}'><x xmlns='" + USER + "'><invite/></x></message>");
      Peer carol = t.anonymous("carol");
      knocks(carol, "carol", "Carol");
      alice.eventuallyReceives("<presence from='{lobby}/carol'/>");
      alice.sends(
          "<iq type='set' id='no1' to='{lobby}'><query xmlns='"
              + MUC
              + "#admin'><item nick='carol' role='none'/></query></iq>");
      alice.eventuallyReceives("<iq type='result' id='no1'/>");
      membersOnly(alice, false, "");
      org.awaitility.Awaitility.await().atMost(Transcript.WAIT).until(() -> seen.size() >= 4);
      assertThat(seen)
          .extracting(e -> e.action().name() + " " + e.actor() + " " + e.target())
          .containsExactly(
              "LOBBY_ENABLED " + room + "/alice null",
              "LOBBY_APPROVED " + room + "/alice " + t.value("bob.bare"),
              "LOBBY_DENIED " + t.value("lobby") + "/alice " + t.value("lobby") + "/carol",
              "LOBBY_DISABLED " + room + "/alice null");
    }
  }
}
