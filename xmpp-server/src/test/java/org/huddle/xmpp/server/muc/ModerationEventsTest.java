package org.huddle.xmpp.server.muc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.huddle.xmpp.server.api.Events.Registration;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.MucEvents.ModerationEvent;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.Transcript;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code muc-moderated}: each moderator's action fires once, after it took effect, naming who did
 * it (the occupant JID), whom it touched and the room; joining and leaving fire nothing, and a
 * password never appears in the event.
 */
class ModerationEventsTest extends Rooms {
  final List<ModerationEvent> seen = new CopyOnWriteArrayList<>();
  Registration hook;
  Peer alice;
  Peer bob;

  @BeforeEach
  void occupants() {
    hook =
        server
            .server()
            .server()
            .muc(TestServer.MUC)
            .events()
            .on(
                MucEvents.MODERATED,
                e -> {
                  if (e.room().jid().toString().equals(room)) {
                    seen.add(e);
                  }
                  return false;
                });
    alice = t.anonymous("alice");
    bob = t.anonymous("bob");
    enters(alice, "alice");
    enters(bob, "bob");
    alice.receives("<presence from='{room}/bob'/>");
  }

  @AfterEach
  void unhook() {
    hook.close();
  }

  private ModerationEvent only() {
    await().atMost(Transcript.WAIT).until(() -> !seen.isEmpty());
    assertThat(seen).hasSize(1);
    return seen.remove(0);
  }

  private void admin(Peer actor, String item) {
    actor.sends(
        "<iq type='set' id='adm' to='{room}'><query xmlns='"
            + ADMIN
            + "'>"
            + item
            + "</query></iq>");
    actor.eventuallyReceives("<iq type='result' id='adm'/>");
  }

  @Test
  void joiningAndLeavingFireNothing() {
    Peer carol = t.anonymous("carol");
    enters(carol, "carol");
    carol.sends("<presence type='unavailable' to='{room}/carol'/>");
    carol.eventuallyReceives("<presence type='unavailable' from='{room}/carol'/>");
    RoomEventsTest.asksTheRoomForInfo(alice);
    assertThat(seen).isEmpty();
  }

  @Test
  void aKickNamesTheModeratorAndTheKicked() {
    admin(alice, "<item nick='bob' role='none'><reason>not today</reason></item>");
    ModerationEvent e = only();
    assertThat(e.action()).isEqualTo(ModerationEvent.Action.KICKED);
    assertThat(e.actor()).isEqualTo(room + "/alice");
    assertThat(e.target()).isEqualTo(room + "/bob");
    assertThat(e.before()).isEqualTo("participant");
    assertThat(e.reason()).isEqualTo("not today");
    assertThat(e.at()).isNotNull();
  }

  @Test
  void aRoleChangeSaysFromWhatToWhat() {
    admin(alice, "<item nick='bob' role='visitor'/>");
    ModerationEvent e = only();
    assertThat(e.action()).isEqualTo(ModerationEvent.Action.ROLE_CHANGED);
    assertThat(e.actor()).isEqualTo(room + "/alice");
    assertThat(e.target()).isEqualTo(room + "/bob");
    assertThat(List.of(e.before(), e.after())).containsExactly("participant", "visitor");
    // The same role again changes nothing, and says nothing.
    admin(alice, "<item nick='bob' role='visitor'/>");
    RoomEventsTest.asksTheRoomForInfo(alice);
    assertThat(seen).isEmpty();
  }

  @Test
  void anAffiliationChangeNamesTheBareJid() {
    String bobBare = t.value("bob.bare");
    admin(alice, "<item jid='" + bobBare + "' affiliation='admin'/>");
    ModerationEvent e = only();
    assertThat(e.action()).isEqualTo(ModerationEvent.Action.AFFILIATION_CHANGED);
    assertThat(e.actor()).isEqualTo(room + "/alice");
    assertThat(e.target()).isEqualTo(bobBare);
    assertThat(List.of(e.before(), e.after())).containsExactly("none", "admin");
  }

  @Test
  void passwordsAreSetChangedAndRemovedWithoutTheirValue() {
    configures(
        alice,
        "<field var='muc#roomconfig_passwordprotectedroom'><value>1</value></field>"
            + "<field var='muc#roomconfig_roomsecret'><value>first-s3cret</value></field>");
    ModerationEvent set = only();
    configures(
        alice, "<field var='muc#roomconfig_roomsecret'><value>second-s3cret</value></field>");
    ModerationEvent changed = only();
    // Our own form sent back as it came (the secret empty, the flag at 1) keeps the password.
    configures(
        alice,
        "<field var='muc#roomconfig_passwordprotectedroom'><value>1</value></field>"
            + "<field var='muc#roomconfig_roomsecret'><value></value></field>");
    RoomEventsTest.asksTheRoomForInfo(alice);
    assertThat(seen).isEmpty();
    configures(alice, "<field var='muc#roomconfig_passwordprotectedroom'><value>0</value></field>");
    ModerationEvent removed = only();
    assertThat(List.of(set.action(), changed.action(), removed.action()))
        .containsExactly(
            ModerationEvent.Action.PASSWORD_SET,
            ModerationEvent.Action.PASSWORD_CHANGED,
            ModerationEvent.Action.PASSWORD_REMOVED);
    for (ModerationEvent e : List.of(set, changed, removed)) {
      assertThat(e.actor()).isEqualTo(room + "/alice");
      assertThat(e.toString()).doesNotContain("s3cret");
    }
  }

  @Test
  void aRefusedRequestFiresNothing() {
    bob.sends(
        "<iq type='set' id='no' to='{room}'><query xmlns='"
            + ADMIN
            + "'><item nick='alice' role='none'/></query></iq>");
    bob.eventuallyReceives("<iq type='error' id='no'/>");
    assertThat(seen).isEmpty();
  }
}
