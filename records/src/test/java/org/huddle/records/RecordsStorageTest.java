package org.huddle.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.huddle.records.RecordEvent.Audit;
import org.huddle.records.RecordEvent.BridgeUsed;
import org.huddle.records.RecordEvent.MediaQuality;
import org.huddle.records.RecordEvent.MeetingEnded;
import org.huddle.records.RecordEvent.MeetingStarted;
import org.huddle.records.RecordEvent.ParticipantJoined;
import org.huddle.records.RecordEvent.ParticipantLeft;
import org.huddle.records.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The records written through the asynchronous recorder, against the machine's real PostgreSQL and
 * against the embedded H2 default: the same suite for both.
 */
class RecordsStorageTest {
  private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aMeetingItsParticipationsBridgesMediaAndAuditAreKept(TestDatabase.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        Records records = Records.open(db.config())) {
      for (RecordEvent e : meeting("m1", "standup@muc.meet.jitsi")) {
        records.record(e);
      }
      awaitWritten(records, 12);

      try (Connection c = db.connect()) {
        assertThat(rows(c, "SELECT room, peak_participants, ended_at IS NOT NULL FROM meeting"))
            .containsExactly(List.of("standup@muc.meet.jitsi", "3", "true"));
        assertThat(
                rows(
                    c,
                    "SELECT endpoint, display_name, client_kind, left_at IS NOT NULL"
                        + " FROM participation ORDER BY joined_at"))
            .containsExactly(
                List.of("a1", "Alice", ClientKind.HUDDLE_WEB, "true"),
                List.of("b2", "Bo", ClientKind.JITSI, "true"),
                List.of("c3", "null", ClientKind.UNKNOWN, "false"));
        assertThat(rows(c, "SELECT bridge FROM meeting_bridge ORDER BY first_used_at"))
            .containsExactly(List.of("jvb-1"), List.of("jvb-2"));
        assertThat(rows(c, "SELECT endpoint, packets_lost, layer_switches FROM media_quality"))
            .containsExactly(List.of("a1", "5", "2"));
        assertThat(rows(c, "SELECT action, actor, target FROM audit_event"))
            .containsExactly(List.of("KICK", "standup@muc.meet.jitsi/a1", "b2"));
      }
      assertThat(records.dropped()).isZero();
      assertThat(records.rejected()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aBatchWrittenTwiceKeepsOneRowPerEvent(TestDatabase.Kind kind) throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        Records records = Records.open(db.config())) {
      List<RecordEvent> events = meeting("m2", "retro@muc.meet.jitsi");
      records.writeNow(events);
      records.writeNow(events);
      try (Connection c = db.connect()) {
        assertThat(count(c, "meeting")).isEqualTo(1);
        assertThat(count(c, "participation")).isEqualTo(3);
        assertThat(count(c, "meeting_bridge")).isEqualTo(2);
        assertThat(count(c, "media_quality")).isEqualTo(1);
        assertThat(count(c, "audit_event")).isEqualTo(1);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void anEventTheDatabaseRefusesIsCountedAndTheRestOfItsBatchIsWritten(TestDatabase.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        Records records = Records.open(db.config())) {
      // A participation in a meeting nobody started breaks the foreign key.
      records.writeNow(List.of(new MeetingStarted("m3", "r@muc.meet.jitsi", T0)));
      List<RecordEvent> batch =
          List.of(
              new ParticipantJoined("p1", "m3", "a1", "Alice", ClientKind.JITSI, T0),
              new ParticipantJoined("p2", "no-such-meeting", "b2", "Bo", ClientKind.JITSI, T0),
              new ParticipantJoined("p3", "m3", "c3", "Cy", ClientKind.JITSI, T0));
      for (RecordEvent e : batch) {
        records.record(e);
      }
      await(() -> records.written() + records.rejected() == 3, "the batch is done");
      assertThat(records.rejected()).isEqualTo(1);
      assertThat(records.written()).isEqualTo(2);
      try (Connection c = db.connect()) {
        assertThat(rows(c, "SELECT id FROM participation ORDER BY id"))
            .containsExactly(List.of("p1"), List.of("p3"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabase.Kind.class, names = "POSTGRESQL")
  void eventsWaitOutAnOutageAndAreWrittenWhenTheDatabaseIsBack(TestDatabase.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        Records records =
            Records.open(db.config(), Duration.ofMillis(100), Duration.ofMillis(500))) {
      records.record(new MeetingStarted("m4", "r@muc.meet.jitsi", T0));
      awaitWritten(records, 1);

      db.cutOff();
      List<RecordEvent> during = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        during.add(
            new ParticipantJoined(
                "p" + i, "m4", "e" + i, "n" + i, ClientKind.JITSI, T0.plusSeconds(i)));
      }
      during.forEach(records::record);
      await(records::databaseDown, "the recorder notices the outage");
      assertThat(records.written())
          .as("nothing is written while the database is away")
          .isEqualTo(1);

      db.recover();
      awaitWritten(records, 51);
      assertThat(records.databaseDown()).isFalse();
      assertThat(records.outages()).isEqualTo(1);
      assertThat(records.dropped()).isZero();
      assertThat(records.rejected()).isZero();
      try (Connection c = db.connect()) {
        assertThat(count(c, "participation")).isEqualTo(50);
        assertThat(rows(c, "SELECT peak_participants FROM meeting")).containsExactly(List.of("50"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestDatabase.Kind.class, names = "POSTGRESQL")
  void aFullBufferDuringAnOutageDropsAndCountsTheOverflow(TestDatabase.Kind kind) throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        Records records =
            Records.open(db.config(10), Duration.ofMillis(100), Duration.ofMillis(500))) {
      records.record(new MeetingStarted("m5", "r@muc.meet.jitsi", T0));
      awaitWritten(records, 1);
      db.cutOff();
      // One event goes out to find the database away; then the buffer holds ten.
      records.record(Audit.of(T0, "r@muc.meet.jitsi", AuditAction.MUTE, "a", "b", null));
      await(records::databaseDown, "the recorder notices the outage");
      for (int i = 0; i < 25; i++) {
        records.record(Audit.of(T0, "r@muc.meet.jitsi", AuditAction.MUTE, "a", "b" + i, null));
      }
      assertThat(records.dropped()).isEqualTo(15);
      db.recover();
      awaitWritten(records, 12);
      try (Connection c = db.connect()) {
        assertThat(count(c, "audit_event")).isEqualTo(11);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void theAdminQueriesFilterByRoomAndTimeAndTakeInjectionAttemptsAsPlainText(TestDatabase.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        Records records = Records.open(db.config())) {
      records.writeNow(meeting("m1", "standup@muc.meet.jitsi"));
      List<RecordEvent> later = new ArrayList<>();
      for (RecordEvent e : meeting("m2", "retro@muc.meet.jitsi")) {
        later.add(shifted(e, 86_400));
      }
      records.writeNow(later);
      RecordQueries q = records.queries();

      assertThat(q.meetings(new RecordQueries.Filter(null, null, null, 100, 0)))
          .extracting(RecordQueries.Meeting::id)
          .containsExactly("m2", "m1");
      assertThat(q.meetings(new RecordQueries.Filter("standup@muc.meet.jitsi", null, null, 100, 0)))
          .extracting(RecordQueries.Meeting::id)
          .containsExactly("m1");
      assertThat(q.meetings(new RecordQueries.Filter(null, T0.plusSeconds(3600), null, 100, 0)))
          .extracting(RecordQueries.Meeting::id)
          .containsExactly("m2");
      assertThat(q.meetings(new RecordQueries.Filter(null, null, null, 1, 1)))
          .extracting(RecordQueries.Meeting::id)
          .containsExactly("m1");
      for (String attack :
          List.of(
              "x' OR '1'='1",
              "standup@muc.meet.jitsi' --",
              "'; DROP TABLE meeting; --",
              "\\' OR 1=1 /*")) {
        assertThat(q.meetings(new RecordQueries.Filter(attack, null, null, 100, 0)))
            .as(attack)
            .isEmpty();
        assertThat(q.audit(new RecordQueries.Filter(null, null, null, 100, 0), attack))
            .as(attack)
            .isEmpty();
      }
      assertThat(q.meetings(new RecordQueries.Filter(null, null, null, 100, 0)))
          .as("the tables are all still there")
          .hasSize(2);

      assertThat(q.participations("m1"))
          .extracting(RecordQueries.Participation::endpoint)
          .containsExactly("a1", "b2", "c3");
      assertThat(q.bridges("m1"))
          .extracting(RecordQueries.BridgeUse::bridge)
          .containsExactly("jvb-1", "jvb-2");
      assertThat(q.media("m1")).extracting(RecordQueries.Media::packetsLost).containsExactly(5L);
      assertThat(q.audit(new RecordQueries.Filter(null, null, null, 100, 0), "KICK")).hasSize(2);
      assertThat(q.auditOfRoom("retro@muc.meet.jitsi", T0, T0.plusSeconds(2 * 86_400)))
          .extracting(RecordQueries.AuditEntry::target)
          .containsExactly("b2");

      Statistics.Summary s =
          records.statistics(
              Instant.parse("2026-12-07T00:00:00Z"),
              Instant.parse("2026-12-09T00:00:00Z"),
              T0.plusSeconds(3 * 86_400));
      assertThat(s.meetings()).isEqualTo(2);
      assertThat(s.days()).extracting(Statistics.Day::meetings).containsExactly(1, 1);
      assertThat(s.peakConcurrency())
          .as("m1's c3 never leaves, so on day two it is there with m2's three")
          .isEqualTo(4);
    }
  }

  /** The same event, {@code seconds} later. */
  private static RecordEvent shifted(RecordEvent e, long seconds) {
    return switch (e) {
      case MeetingStarted m ->
          new MeetingStarted(m.meetingId(), m.room(), m.at().plusSeconds(seconds));
      case MeetingEnded m -> new MeetingEnded(m.meetingId(), m.at().plusSeconds(seconds));
      case ParticipantJoined p ->
          new ParticipantJoined(
              p.participationId(),
              p.meetingId(),
              p.endpoint(),
              p.displayName(),
              p.clientKind(),
              p.at().plusSeconds(seconds));
      case ParticipantLeft p ->
          new ParticipantLeft(p.participationId(), p.at().plusSeconds(seconds));
      case BridgeUsed b -> new BridgeUsed(b.meetingId(), b.bridge(), b.at().plusSeconds(seconds));
      case MediaQuality m ->
          new MediaQuality(
              m.meetingId(),
              m.endpoint(),
              m.at().plusSeconds(seconds),
              m.packetsReceived(),
              m.packetsLost(),
              m.bitrateBps(),
              m.layerSwitches());
      case Audit a ->
          new Audit(
              a.id(),
              a.at().plusSeconds(seconds),
              a.room(),
              a.action(),
              a.actor(),
              a.target(),
              a.detail());
    };
  }

  private static List<RecordEvent> meeting(String id, String room) {
    return List.of(
        new MeetingStarted(id, room, T0),
        new ParticipantJoined(id + "-a", id, "a1", "Alice", ClientKind.HUDDLE_WEB, T0),
        new ParticipantJoined(id + "-b", id, "b2", "Bo", ClientKind.JITSI, T0.plusSeconds(1)),
        new BridgeUsed(id, "jvb-1", T0.plusSeconds(1)),
        new ParticipantJoined(id + "-c", id, "c3", null, null, T0.plusSeconds(2)),
        new BridgeUsed(id, "jvb-2", T0.plusSeconds(3)),
        new Audit(id + "-k", T0.plusSeconds(4), room, AuditAction.KICK, room + "/a1", "b2", null),
        new ParticipantLeft(id + "-b", T0.plusSeconds(5)),
        new MediaQuality(id, "a1", T0.plusSeconds(6), 1000, 5, 500_000, 2),
        new ParticipantLeft(id + "-a", T0.plusSeconds(6)),
        new BridgeUsed(id, "jvb-1", T0.plusSeconds(7)),
        new MeetingEnded(id, T0.plusSeconds(8)));
  }

  static void awaitWritten(Records records, long n) throws InterruptedException {
    await(() -> records.written() >= n, n + " events written (so far " + records.written() + ")");
    assertThat(records.written()).isEqualTo(n);
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TestDatabase.PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + TestDatabase.PATIENCE + " for: " + what);
      }
      Thread.sleep(20);
    }
  }

  static long count(Connection c, String table) throws SQLException {
    return Long.parseLong(rows(c, "SELECT COUNT(*) FROM " + table).get(0).get(0));
  }

  static List<List<String>> rows(Connection c, String sql) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(String.valueOf(rs.getObject(i)));
        }
        out.add(row);
      }
    }
    return out;
  }
}
