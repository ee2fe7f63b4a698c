package org.huddle.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import org.huddle.records.RecordQueries.AuditEntry;
import org.huddle.records.RecordQueries.Filter;
import org.huddle.records.Records;
import org.huddle.records.testing.TestDatabase;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.Transcript;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A moderator's actions on the XMPP server land in the audit log, in PostgreSQL and in H2: the
 * server started with the extensions {@code huddle all} and {@code huddle xmpp} give it when they
 * keep records.
 */
class MucAuditTest {
  static final String MUC = "http://jabber.org/protocol/muc";

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aPasswordSetAndAKickAreAuditedWithTheModerator(TestDatabase.Kind kind) throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        Records records = Records.open(db.config());
        TestServer server = TestServer.start(Map.of(), null, List.of(MucAudit.extension(records)));
        Transcript t = new Transcript(server)) {
      String room = "audited@" + TestServer.MUC;
      t.let("room", room);
      Peer alice = t.anonymous("alice");
      Peer bob = t.anonymous("bob");
      enters(alice, "alice");
      enters(bob, "bob");
      alice.sends(
          "<iq type='set' id='pw' to='{room}'><query xmlns='"
              + MUC
              + "#owner'><x xmlns='jabber:x:data' type='submit'>"
              + "<field var='muc#roomconfig_passwordprotectedroom'><value>1</value></field>"
              + "<field var='muc#roomconfig_roomsecret'><value>hunter2-secret</value></field>"
              + "</x></query></iq>");
      alice.eventuallyReceives("<iq type='result' id='pw'/>");
      alice.sends(
          "<iq type='set' id='k' to='{room}'><query xmlns='"
              + MUC
              + "#admin'><item nick='bob' role='none'><reason>too loud</reason></item>"
              + "</query></iq>");
      alice.eventuallyReceives("<iq type='result' id='k'/>");

      await().atMost(TestDatabase.PATIENCE).until(() -> records.written() >= 2);
      List<AuditEntry> entries =
          records.queries().audit(new Filter(room, null, null, 100, 0), null);
      assertThat(entries)
          .extracting(e -> e.action() + " " + e.actor() + " " + e.target() + " " + e.detail())
          .containsExactly(
              "KICK " + room + "/alice " + room + "/bob participant → none: too loud",
              "PASSWORD_SET " + room + "/alice null null");
      assertThat(entries).allSatisfy(e -> assertThat(e.room()).isEqualTo(room));
      assertThat(entries.toString()).doesNotContain("hunter2");
    }
  }

  static void enters(Peer peer, String nick) {
    peer.sends("<presence to='{room}/" + nick + "'><x xmlns='" + MUC + "'/></presence>");
    peer.eventuallyReceives(
        "<presence from='{room}/"
            + nick
            + "'><x xmlns='"
            + MUC
            + "#user'><status code='110'/></x></presence>");
  }
}
